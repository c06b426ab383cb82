package hub

import (
	"context"
	"errors"
	"fmt"
	"io"

	"smartkiosk/hub/proto"
)

// BundleReport says what importing a bundle did.
type BundleReport struct {
	Device  string
	Records int
	Counts  map[string]int // by status
	Results []proto.Result
}

// ImportBundle reads a bundle, checks it came from an enrolled device that
// is not revoked, and ingests its records exactly as a sync would.
func (s *Server) ImportBundle(ctx context.Context, r io.Reader) (BundleReport, error) {
	b, m, err := proto.ReadBundle(r)
	if err != nil {
		return BundleReport{}, err
	}
	rep := BundleReport{Device: m.Device, Records: len(m.Records)}
	dev, err := s.store.Device(ctx, m.Device)
	if errors.Is(err, ErrNotFound) {
		return rep, fmt.Errorf("the bundle comes from tablet %s, which is not enrolled with this hub", proto.ShortDeviceID(m.Device))
	} else if err != nil {
		return rep, err
	}
	if err := proto.OpenBundle(b, dev.PublicKey); err != nil {
		return rep, err
	}
	if dev.Revoked() {
		return rep, fmt.Errorf("the bundle comes from tablet %s, which has been revoked", proto.ShortDeviceID(m.Device))
	}
	for start := 0; start < len(m.Records); start += proto.MaxBatchRecords {
		res, err := s.ingest(ctx, dev, m.Records[start:min(start+proto.MaxBatchRecords, len(m.Records))])
		if err != nil {
			return rep, err
		}
		rep.Results = append(rep.Results, res...)
	}
	rep.Counts = tally(rep.Results)
	s.log.InfoContext(ctx, "bundle imported", "device", dev.ID, "records", rep.Records, "outcomes", rep.Counts)
	return rep, nil
}

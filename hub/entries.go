package hub

import (
	"context"
	"fmt"
	"strings"

	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
)

// entries turns stored records into export entries: the roster's pupil
// (with the day they left, if they have) under the class of the record,
// the attachments the hub holds, the kiosk's name, and for each pupil
// agreement the parent/carer acknowledgement for the same version.
func (s *Server) entries(ctx context.Context, recs []Stored, roster map[string]proto.Pupil) ([]signoff.Entry, error) {
	labels, err := s.deviceLabels(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]signoff.Entry, 0, len(recs))
	for i := range recs {
		e, err := entry(&recs[i], roster, labels)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	signoff.LinkParentAcks(out)
	return out, nil
}

func entry(r *Stored, roster map[string]proto.Pupil, labels map[string]string) (signoff.Entry, error) {
	e, err := signoff.NewEntry(r.Body, r.Signature)
	if err != nil {
		return e, fmt.Errorf("record %s: %w", r.ID, err)
	}
	p := roster[r.PupilRef]
	class := e.Body.Class // filed under the class the pupil signed in
	if class == "" {      // a record from before records named it
		class = p.Class
	}
	e.Pupil = p.Domain()
	e.Pupil.UPN, e.Pupil.Class = r.PupilRef, class
	for _, a := range r.Attachments {
		if a.Data != nil {
			e.Attachments[a.Kind] = a.Data
		}
	}
	e.Device, e.ReceivedAt = labels[r.DeviceID], r.ReceivedAt
	if e.Device == "" {
		e.Device = proto.ShortDeviceID(r.DeviceID)
	}
	return e, nil
}

func (s *Server) deviceLabels(ctx context.Context) (map[string]string, error) {
	devs, err := s.store.Devices(ctx)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	out := make(map[string]string, len(devs))
	for _, d := range devs {
		out[d.ID] = strings.TrimSpace(d.Label)
	}
	return out, nil
}

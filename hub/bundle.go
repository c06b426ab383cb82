package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"smartkiosk/store/record"
)

// An offline bundle carries a kiosk's waiting records to the hub on a USB
// stick or through a shared folder. It is one JSON file: the manifest's
// exact bytes and the device's signature over them. The hub imports it
// through the same checks and store as a sync (Server.ImportBundle), so
// importing it twice changes nothing.

// BundleExt ends every bundle's file name.
const BundleExt = ".skbundle"

// MaxBundleBytes bounds a bundle the hub will read.
const MaxBundleBytes = 512 << 20

// Bundle is a bundle's signed envelope.
type Bundle struct {
	Manifest  []byte `json:"manifest"` // JSON of BundleManifest, exact bytes
	Signature []byte `json:"signature"`
}

// BundleManifest is what a bundle holds.
type BundleManifest struct {
	Format    int             `json:"format"` // 1
	Device    string          `json:"device"`
	CreatedAt time.Time       `json:"created_at"`
	Records   []record.Signed `json:"records"`
}

// bundleMessage is what the device signs for a bundle (behind
// record.RequestContext, like a request, which never starts "bundle").
func bundleMessage(manifest []byte) []byte {
	sum := sha256.Sum256(manifest)
	return []byte("bundle\n" + hex.EncodeToString(sum[:]))
}

// MakeBundle signs recs into a bundle's bytes.
func MakeBundle(s RequestSigner, recs []record.Signed, now time.Time) ([]byte, error) {
	if recs == nil {
		recs = []record.Signed{}
	}
	m, err := json.Marshal(BundleManifest{Format: 1, Device: s.DeviceID(), CreatedAt: now.UTC(), Records: recs})
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return json.Marshal(Bundle{Manifest: m, Signature: s.SignRequest(bundleMessage(m))})
}

// WriteBundle writes a bundle into dir without ever leaving a partial
// file under the final name: it writes a temporary file, syncs it, renames
// it, syncs the folder, then reads it back and compares. It returns the
// file's path.
func WriteBundle(dir string, data []byte, deviceID string, now time.Time) (string, error) {
	name := fmt.Sprintf("smartkiosk-%s-%s%s", short(deviceID), now.UTC().Format("20060102-150405"), BundleExt)
	final := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, ".partial-*")
	if err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up after a failure
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("bundle: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("bundle: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not every file system (FAT on a stick) can sync a folder
		d.Close()
	}
	back, err := os.ReadFile(final)
	if err != nil {
		return "", fmt.Errorf("bundle: read back: %w", err)
	}
	if !bytes.Equal(back, data) {
		return "", fmt.Errorf("bundle: %s reads back differently from what was written; use another stick", final)
	}
	return final, nil
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// ReadBundle parses a bundle (at most MaxBundleBytes) without checking
// its signature, which needs the device's key (OpenBundle).
func ReadBundle(r io.Reader) (Bundle, BundleManifest, error) {
	var b Bundle
	var m BundleManifest
	data, err := io.ReadAll(io.LimitReader(r, MaxBundleBytes+1))
	if err != nil {
		return b, m, fmt.Errorf("read bundle: %w", err)
	}
	if len(data) > MaxBundleBytes {
		return b, m, fmt.Errorf("the bundle is larger than %d MiB", MaxBundleBytes>>20)
	}
	if err := strictJSON(data, &b); err != nil {
		return b, m, fmt.Errorf("this is not a SMART Kiosk bundle: %w", err)
	}
	if err := strictJSON(b.Manifest, &m); err != nil {
		return b, m, fmt.Errorf("the bundle's contents cannot be read: %w", err)
	}
	if m.Format != 1 {
		return b, m, fmt.Errorf("the bundle has format %d; this hub reads format 1", m.Format)
	}
	if m.Device == "" {
		return b, m, errors.New("the bundle does not say which tablet made it")
	}
	return b, m, nil
}

// OpenBundle checks a bundle's signature with its device's key.
func OpenBundle(b Bundle, pub ed25519.PublicKey) error {
	if !ed25519.Verify(pub, signAsMessage(bundleMessage(b.Manifest)), b.Signature) {
		return errors.New("the bundle's signature does not match its tablet's key: it was changed or damaged")
	}
	return nil
}

// BundleReport says what importing a bundle did.
type BundleReport struct {
	Device  string
	Records int
	Counts  map[string]int // by status
	Results []Result
}

// ImportBundle reads a bundle, checks it came from an enrolled device that
// is not revoked, and ingests its records exactly as a sync would.
func (s *Server) ImportBundle(ctx context.Context, r io.Reader) (BundleReport, error) {
	b, m, err := ReadBundle(r)
	if err != nil {
		return BundleReport{}, err
	}
	rep := BundleReport{Device: m.Device, Records: len(m.Records)}
	dev, err := s.store.Device(ctx, m.Device)
	if errors.Is(err, ErrNotFound) {
		return rep, fmt.Errorf("the bundle comes from tablet %s, which is not enrolled with this hub", short(m.Device))
	} else if err != nil {
		return rep, err
	}
	if err := OpenBundle(b, dev.PublicKey); err != nil {
		return rep, err
	}
	if dev.Revoked() {
		return rep, fmt.Errorf("the bundle comes from tablet %s, which has been revoked", short(m.Device))
	}
	for start := 0; start < len(m.Records); start += MaxBatchRecords {
		res, err := s.ingest(ctx, dev, m.Records[start:min(start+MaxBatchRecords, len(m.Records))])
		if err != nil {
			return rep, err
		}
		rep.Results = append(rep.Results, res...)
	}
	rep.Counts = tally(rep.Results)
	s.log.InfoContext(ctx, "bundle imported", "device", dev.ID, "records", rep.Records, "outcomes", rep.Counts)
	return rep, nil
}

package client

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"smartkiosk/hub/proto"
)

// WriteBundle writes a bundle into dir without ever leaving a partial
// file under the final name: it writes a temporary file, syncs it, renames
// it, syncs the folder, then reads it back and compares. It returns the
// file's path.
func WriteBundle(dir string, data []byte, deviceID string, now time.Time) (string, error) {
	name := fmt.Sprintf("smartkiosk-%s-%s%s", proto.ShortDeviceID(deviceID), now.UTC().Format("20060102-150405"), proto.BundleExt)
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

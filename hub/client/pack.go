package client

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"smartkiosk/hub/proto"
	"smartkiosk/policy"
)

// Packs on a kiosk live in PackDir/<fingerprint hex>/, with PackDir/current
// naming the one to use from the next start. A pack is downloaded into a
// staging folder, every file checked against its hash, the whole pack
// loaded and validated and its fingerprint compared, and only then renamed
// into place and made current.

// currentFile names the installed pack to use.
const currentFile = "current"

// InstallPack downloads, checks and installs the pack m into dir, and
// makes it current. Nothing changes unless every check passes.
func InstallPack(ctx context.Context, c *Client, m proto.PackManifest, dir string) error {
	final := filepath.Join(dir, packFolder(m.Fingerprint))
	if _, err := os.Stat(filepath.Join(final, policy.PackFile)); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("packs folder: %w", err)
		}
		stage, err := os.MkdirTemp(dir, ".staging-")
		if err != nil {
			return fmt.Errorf("packs folder: %w", err)
		}
		defer os.RemoveAll(stage)
		if err := fetchPack(ctx, c, m, stage); err != nil {
			return err
		}
		os.RemoveAll(final) // a half-made folder from an older attempt
		if err := os.Rename(stage, final); err != nil {
			return fmt.Errorf("install pack: %w", err)
		}
	}
	return writeAtomic(filepath.Join(dir, currentFile), []byte(packFolder(m.Fingerprint)+"\n"))
}

func fetchPack(ctx context.Context, c *Client, m proto.PackManifest, stage string) error {
	for _, f := range m.Files {
		if !fs.ValidPath(f.Path) || f.Path == "." {
			return &FailureError{Code: FailServer, Detail: "the hub's policy pack names a bad file: " + f.Path}
		}
		if f.Size > policy.MaxFileBytes {
			return &FailureError{Code: FailServer, Detail: fmt.Sprintf("the hub's policy pack names a file over %d MB, more than any pack file may be: %s",
				policy.MaxFileBytes>>20, f.Path)}
		}
		data, err := c.Asset(ctx, f.Hash)
		if errors.Is(err, ErrNotFound) {
			return &FailureError{Code: FailServer, Detail: "the hub's policy pack is missing " + f.Path, Err: err}
		} else if err != nil {
			return err
		}
		dst := filepath.Join(stage, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return fmt.Errorf("write pack file: %w", err)
		}
	}
	p, err := policy.Load(os.DirFS(stage))
	if err != nil {
		return &FailureError{Code: FailServer, Detail: "the hub's policy pack is broken", Err: err}
	}
	if p.Fingerprint != m.Fingerprint {
		return &FailureError{Code: FailServer, Detail: "the hub's policy pack does not match its fingerprint"}
	}
	return nil
}

func packFolder(fingerprint string) string {
	return strings.TrimPrefix(fingerprint, "sha256:")
}

// CurrentPackDir returns the folder of the pack installed from a hub, or
// "" when there is none.
func CurrentPackDir(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return ""
	}
	name := strings.TrimSpace(string(data))
	if name == "" || path.Base(name) != name || strings.HasPrefix(name, ".") {
		return ""
	}
	return filepath.Join(dir, name)
}

// writeAtomic replaces a small file: temp file, sync, rename.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

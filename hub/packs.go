package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"smartkiosk/assets"
	"smartkiosk/export"
	"smartkiosk/hub/proto"
	"smartkiosk/policy"
)

// packShelf holds the policy packs the hub can show again, by fingerprint:
// every pack published to it, and the pack built into the kiosk (which a
// kiosk uses until the hub publishes one). Packs are loaded once.
type packShelf struct {
	mu     sync.Mutex
	loaded export.Packs
	failed map[string]error
}

func newPackShelf() *packShelf {
	return &packShelf{loaded: export.Packs{}, failed: map[string]error{}}
}

// builtIn loads the kiosk's built-in pack.
func builtIn() (*policy.Pack, fs.FS, error) {
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		return nil, nil, err
	}
	p, err := policy.Load(fsys)
	return p, fsys, err
}

// all returns every pack the hub holds, loading the ones not loaded yet.
func (s *Server) allPacks(ctx context.Context) (export.Packs, error) {
	ms, err := s.store.Packs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	sh := s.packs
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.loaded) == 0 {
		if p, fsys, err := builtIn(); err == nil {
			sh.loaded.Add(p, fsys)
		}
	}
	for _, m := range ms {
		if _, ok := sh.loaded[m.Fingerprint]; ok || sh.failed[m.Fingerprint] != nil {
			continue
		}
		p, fsys, err := loadPublished(ctx, s.store, m)
		if err != nil {
			sh.failed[m.Fingerprint] = err
			s.log.Error("published pack cannot be loaded", "pack", m.ID, "version", m.Version, "err", err)
			continue
		}
		sh.loaded.Add(p, fsys)
	}
	out := make(export.Packs, len(sh.loaded))
	for k, v := range sh.loaded {
		out[k] = v
	}
	return out, nil
}

// loadPublished builds a published pack's folder in memory from its assets.
func loadPublished(ctx context.Context, st Store, m proto.PackManifest) (*policy.Pack, fs.FS, error) {
	fsys := fstest.MapFS{}
	for _, f := range m.Files {
		data, err := st.Asset(ctx, f.Hash)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		fsys[f.Path] = &fstest.MapFile{Data: data, Mode: 0o444}
	}
	p, err := policy.Load(fsys)
	if err != nil {
		return nil, nil, err
	}
	if p.Fingerprint != m.Fingerprint {
		return nil, nil, errors.New("its files do not give the fingerprint it was published with")
	}
	return p, fsys, nil
}

// CurrentPack loads the pack pupils sign now: the newest published to
// the hub, else the kiosk's built-in one (which kiosks use until the hub
// publishes a pack).
func CurrentPack(ctx context.Context, st Store) (*policy.Pack, error) {
	m, err := st.CurrentPack(ctx)
	if errors.Is(err, ErrNotFound) {
		p, _, err := builtIn()
		return p, err
	}
	if err != nil {
		return nil, err
	}
	p, _, err := loadPublished(ctx, st, m)
	if err != nil {
		return nil, fmt.Errorf("the published pack %s version %s cannot be loaded: %w", m.ID, m.Version, err)
	}
	return p, nil
}

// currentVersion is the policy version pupils sign now: the newest pack
// published to the hub, else the kiosk's built-in one.
func (s *Server) currentVersion(ctx context.Context) (version string, since proto.PackManifest, err error) {
	ms, err := s.store.Packs(ctx)
	if err != nil {
		return "", proto.PackManifest{}, err
	}
	if len(ms) > 0 {
		return ms[0].Version, ms[0], nil
	}
	p, _, err := builtIn()
	if err != nil {
		return "", proto.PackManifest{}, err
	}
	return p.Version, proto.PackManifest{}, nil
}

// PublishPack stores a pack folder's files as assets and makes it the
// hub's current pack. The pack must load and validate, and must not reuse
// the id and version of a pack the hub holds with other contents: a record
// names the pack it was signed under by both. Publishing the same pack
// again is fine (it becomes current again).
func PublishPack(ctx context.Context, st Store, fsys fs.FS, now time.Time) (proto.PackManifest, error) {
	p, err := policy.Load(fsys)
	if err != nil {
		return proto.PackManifest{}, fmt.Errorf("the policy pack cannot be published:\n%w", err)
	}
	held, err := st.Packs(ctx)
	if err != nil {
		return proto.PackManifest{}, fmt.Errorf("list packs: %w", err)
	}
	if err := versionTaken(held, p); err != nil {
		return proto.PackManifest{}, err
	}
	m := proto.PackManifest{ID: p.ID, Version: p.Version, Fingerprint: p.Fingerprint, PublishedAt: now.UTC()}
	for _, name := range append([]string{policy.PackFile}, p.Files()...) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return proto.PackManifest{}, err
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		if err := st.PutAsset(ctx, hash, data); err != nil {
			return proto.PackManifest{}, fmt.Errorf("store %s: %w", name, err)
		}
		m.Files = append(m.Files, proto.PackFile{Path: name, Hash: hash, Size: int64(len(data))})
	}
	if err := st.PublishPack(ctx, m, now); err != nil {
		return proto.PackManifest{}, err
	}
	return m, nil
}

// versionTaken refuses a pack whose id and version the hub already holds
// with a different fingerprint, suggesting a version it does not hold.
func versionTaken(held []proto.PackManifest, p *policy.Pack) error {
	versions := map[string]bool{}
	clash := false
	for _, m := range held {
		if m.ID != p.ID {
			continue
		}
		versions[m.Version] = true
		clash = clash || (m.Version == p.Version && m.Fingerprint != p.Fingerprint)
	}
	if !clash {
		return nil
	}
	next := nextVersion(p.Version)
	for versions[next] {
		next = nextVersion(next)
	}
	return fmt.Errorf("the policy pack cannot be published: this hub already holds pack %s version %s "+
		"with different wording, pictures or narration, and records name the pack they were signed under "+
		"by its version; publish it as version %s (set version = %q in %s)", p.ID, p.Version, next, next, policy.PackFile)
}

// nextVersion counts the last number in a version up one: "2026.1" →
// "2026.2", "3" → "4", "2026.1-draft" → "2026.2-draft"; a version with no
// number gets ".2".
func nextVersion(v string) string {
	end := strings.LastIndexFunc(v, isDigit) + 1
	if end == 0 {
		return v + ".2"
	}
	start := strings.LastIndexFunc(v[:end], func(r rune) bool { return !isDigit(r) }) + 1
	n, err := strconv.ParseUint(v[start:end], 10, 63)
	if err != nil { // too long to count: start a new part
		return v + ".2"
	}
	return v[:start] + strconv.FormatUint(n+1, 10) + v[end:]
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

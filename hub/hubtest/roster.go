package hubtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
)

func pupil(upn, given, class string) proto.Pupil {
	return proto.Pupil{UPN: upn, GivenName: given, FamilyName: "Family " + upn, Class: class,
		Year: "Year 7", Band: "b", Active: true}
}

// putRoster runs PutRoster and checks the version it answers.
func putRoster(tb testing.TB, s hub.Store, want int64, pupils ...proto.Pupil) {
	tb.Helper()
	putRosterAt(tb, s, base, want, pupils...)
}

func putRosterAt(tb testing.TB, s hub.Store, when time.Time, want int64, pupils ...proto.Pupil) {
	tb.Helper()
	v, err := s.PutRoster(context.Background(), pupils, when)
	must(tb, "PutRoster", err)
	if v != want {
		tb.Errorf("PutRoster = version %d, want %d", v, want)
	}
}

// wantRoster checks Roster(since) against pupils, whose Version and
// Active must already be what the store should say.
func wantRoster(tb testing.TB, s hub.Store, since, version int64, want ...proto.Pupil) {
	tb.Helper()
	page, err := s.Roster(context.Background(), since)
	must(tb, "Roster", err)
	if page.Version != version {
		tb.Errorf("Roster(%d).Version = %d, want %d", since, page.Version, version)
	}
	if len(page.Pupils) != len(want) {
		tb.Errorf("Roster(%d) = %+v, want %+v", since, page.Pupils, want)
		return
	}
	for i := range want {
		if page.Pupils[i] != want[i] {
			tb.Errorf("Roster(%d) pupil %d = %+v, want %+v", since, i, page.Pupils[i], want[i])
		}
	}
}

func at(p proto.Pupil, version int64, active bool) proto.Pupil {
	p.Version, p.Active = version, active
	return p
}

// leftAt is p inactive since version, having left the roster at when.
func leftAt(p proto.Pupil, version int64, when time.Time) proto.Pupil {
	p.Version, p.Active, p.LeftAt = version, false, when.UTC()
	return p
}

func testRoster(t *testing.T, open opener) {
	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		wantRoster(t, s, 0, 0)
		putRoster(t, s, 0)
	})
	t.Run("Versions", func(t *testing.T) {
		s := open(t)
		amy, ben, cat := pupil("A100", "Amy", "7A"), pupil("B200", "Ben", "7A"), pupil("C300", "Cat", "7B")
		putRoster(t, s, 1, cat, amy, ben)
		wantRoster(t, s, 0, 1, at(amy, 1, true), at(ben, 1, true), at(cat, 1, true))
		putRoster(t, s, 1, amy, ben, cat) // unchanged: the version stays
		wantRoster(t, s, 1, 1)

		ben2 := ben
		ben2.Class = "7C"
		dan := pupil("D400", "Dan", "7B")
		left := base.Add(36 * time.Hour)
		putRosterAt(t, s, left, 2, dan, ben2, amy) // Ben moved, Dan joined, Cat left
		wantRoster(t, s, 1, 2, at(ben2, 2, true), leftAt(cat, 2, left), at(dan, 2, true))
		wantRoster(t, s, 0, 2, at(amy, 1, true), at(ben2, 2, true), leftAt(cat, 2, left), at(dan, 2, true))
		wantRoster(t, s, 2, 2)

		putRoster(t, s, 2, amy, ben2, dan) // Cat still gone: nothing changes, not the day she left
		wantRoster(t, s, 1, 2, at(ben2, 2, true), leftAt(cat, 2, left), at(dan, 2, true))
		putRoster(t, s, 3, amy, ben2, dan, cat)
		wantRoster(t, s, 2, 3, at(cat, 3, true))
	})
	t.Run("Language", func(t *testing.T) {
		// The roster keeps each pupil's language, and a new one is a change.
		s := open(t)
		amy, ben := pupil("A100", "Amy", "7A"), pupil("B200", "Ben", "7A")
		amy.Language = "cy"
		putRoster(t, s, 1, amy, ben)
		wantRoster(t, s, 0, 1, at(amy, 1, true), at(ben, 1, true))
		putRoster(t, s, 1, amy, ben)
		amy.Language, ben.Language = "pl", "en-GB"
		putRoster(t, s, 2, amy, ben)
		wantRoster(t, s, 1, 2, at(amy, 2, true), at(ben, 2, true))
		amy.Language = "" // a file without the column: the kiosk keeps the pupil's
		putRoster(t, s, 3, amy, ben)
		wantRoster(t, s, 2, 3, at(amy, 3, true))
	})
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func testAssets(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		data := []byte("narration for statement S3")
		must(t, "PutAsset", s.PutAsset(ctx, sha(data), data))
		must(t, "PutAsset again", s.PutAsset(ctx, sha(data), data))
		got, err := s.Asset(ctx, sha(data))
		must(t, "Asset", err)
		sameBytes(t, "Asset", got, data)
	})
	t.Run("HashMismatch", func(t *testing.T) {
		s := open(t)
		wrong := sha([]byte("something else"))
		if err := s.PutAsset(ctx, wrong, []byte("narration")); err == nil {
			t.Error("PutAsset with the wrong hash: no error")
		}
		_, err := s.Asset(ctx, wrong)
		wantErr(t, "Asset", err, hub.ErrNotFound)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).Asset(ctx, sha([]byte("never put")))
		wantErr(t, "Asset", err, hub.ErrNotFound)
	})
}

// newPack makes a pack of files, putting their assets unless missing.
func newPack(tb testing.TB, s hub.Store, version string, missing bool, at time.Time) proto.PackManifest {
	tb.Helper()
	m := proto.PackManifest{ID: "smart-2026", Version: version, Fingerprint: "fp-" + version, PublishedAt: at}
	for i, path := range []string{"audio/en-GB/S1.ogg", "pack.toml", "text/en-GB.toml"} {
		data := fmt.Appendf(nil, "%s of %s", path, version)
		m.Files = append(m.Files, proto.PackFile{Path: path, Hash: sha(data), Size: int64(len(data))})
		if !missing || i != 1 {
			must(tb, "PutAsset", s.PutAsset(context.Background(), sha(data), data))
		}
	}
	return m
}

func wantPack(tb testing.TB, s hub.Store, want proto.PackManifest) {
	tb.Helper()
	got, err := s.CurrentPack(context.Background())
	must(tb, "CurrentPack", err)
	if got.ID != want.ID || got.Version != want.Version || got.Fingerprint != want.Fingerprint {
		tb.Errorf("CurrentPack = %s %s %s, want %s %s %s", got.ID, got.Version, got.Fingerprint,
			want.ID, want.Version, want.Fingerprint)
	}
	if fmt.Sprint(got.Files) != fmt.Sprint(want.Files) {
		tb.Errorf("CurrentPack files = %v, want %v", got.Files, want.Files)
	}
	sameTime(tb, "CurrentPack PublishedAt", got.PublishedAt, want.PublishedAt)
}

func testPacks(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).CurrentPack(ctx)
		wantErr(t, "CurrentPack", err, hub.ErrNotFound)
	})
	t.Run("Publish", func(t *testing.T) {
		s := open(t)
		first := newPack(t, s, "1.0", false, base)
		must(t, "PublishPack", s.PublishPack(ctx, first, first.PublishedAt))
		wantPack(t, s, first)
		second := newPack(t, s, "1.1", false, base.Add(time.Hour))
		must(t, "PublishPack", s.PublishPack(ctx, second, second.PublishedAt))
		wantPack(t, s, second)
	})
	t.Run("MissingAsset", func(t *testing.T) {
		s := open(t)
		m := newPack(t, s, "1.0", true, base)
		wantErr(t, "PublishPack", s.PublishPack(ctx, m, base), hub.ErrNotFound)
		_, err := s.CurrentPack(ctx)
		wantErr(t, "CurrentPack", err, hub.ErrNotFound)

		good := newPack(t, s, "0.9", false, base)
		must(t, "PublishPack", s.PublishPack(ctx, good, base))
		bad := newPack(t, s, "2.0", true, base.Add(time.Hour))
		wantErr(t, "PublishPack", s.PublishPack(ctx, bad, bad.PublishedAt), hub.ErrNotFound)
		wantPack(t, s, good)
	})
}

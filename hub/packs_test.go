package hub_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"smartkiosk/hub"
	"smartkiosk/policy"
)

// examplePack copies the example pack into memory with edit applied to
// its pack.toml.
func examplePack(t *testing.T, edit func(string) string) fstest.MapFS {
	t.Helper()
	src := mustPack(t)
	out := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, name)
		if name == policy.PackFile {
			data = []byte(edit(string(data)))
		}
		out[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPublishPack_Versions: a pack id and version name one set of
// wording. Publishing the same pack again is fine; publishing other
// wording under a version the hub holds is refused with the next free
// version to use instead.
func TestPublishPack_Versions(t *testing.T) {
	t.Parallel()
	ctx, st := context.Background(), newStore(t)
	same := func(s string) string { return s }
	reworded := func(s string) string {
		return strings.Replace(s, "I ask a grown up if I want to use the computer", "I ask an adult if I want to use the computer", 1)
	}
	first, err := hub.PublishPack(ctx, st, examplePack(t, same), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKSamePackAgain", func(t *testing.T) {
		m, err := hub.PublishPack(ctx, st, examplePack(t, same), time.Now())
		if err != nil || m.Fingerprint != first.Fingerprint {
			t.Fatalf("publishing the same pack again: %v", err)
		}
	})
	t.Run("ErrOtherWordingSameVersion", func(t *testing.T) {
		changed := examplePack(t, reworded)
		if string(changed[policy.PackFile].Data) == string(examplePack(t, same)[policy.PackFile].Data) {
			t.Fatal("fixture unchanged")
		}
		_, err := hub.PublishPack(ctx, st, changed, time.Now())
		want := "this hub already holds pack example version 2026.1 with different wording, pictures or narration, " +
			"and records name the pack they were signed under by its version; publish it as version 2026.2 (set version = \"2026.2\" in pack.toml)"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("PublishPack = %v, want %q", err, want)
		}
		if m, _ := st.CurrentPack(ctx); m.Fingerprint != first.Fingerprint {
			t.Error("the refused pack became current")
		}
	})
	t.Run("OKOtherWordingNextVersion", func(t *testing.T) {
		next := func(s string) string {
			return strings.Replace(reworded(s), `version = "2026.1"`, `version = "2026.2"`, 1)
		}
		if _, err := hub.PublishPack(ctx, st, examplePack(t, next), time.Now()); err != nil {
			t.Fatal(err)
		}
		// 2026.1 reworded again: 2026.2 is taken now, so 2026.3 is suggested.
		_, err := hub.PublishPack(ctx, st, examplePack(t, func(s string) string { return strings.Replace(s, "computer", "laptop", 1) }), time.Now())
		if err == nil || !strings.Contains(err.Error(), "publish it as version 2026.3") {
			t.Fatalf("PublishPack = %v, want version 2026.3 suggested", err)
		}
	})
}

package policy_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"smartkiosk/policy"
)

func TestOverlayFS(t *testing.T) {
	recorded := oggFile(500) // recorded by the class teacher
	over := fstest.MapFS{
		"narration/a.1.ogg":         {Data: recorded},
		"narration/a.cons.ogg":      {Data: nil}, // empty: a failed recording
		"narration/c.s.1.ogg/x":     {Data: []byte("a folder where a clip should be")},
		"pack.toml":                 {Data: []byte("id = \"evil\"")},
		"pictures/ask.svg":          {Data: []byte("<svg>replaced</svg>")},
		"narration/not-in-pack.ogg": {Data: []byte("OggS stray")},
	}
	base := packFS(validTOML)
	fsys := policy.OverlayFS(base, over)
	read := func(t *testing.T, name string) string {
		t.Helper()
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatalf("ReadFile(%s): %v", name, err)
		}
		return string(b)
	}
	t.Run("OK", func(t *testing.T) {
		if got := read(t, "narration/a.1.ogg"); got != string(recorded) {
			t.Errorf("a.1 clip = %.20q, want the recording", got)
		}
	})
	t.Run("NoRecordingServesPack", func(t *testing.T) {
		if got := read(t, "narration/c.cons.ogg"); got != string(base["narration/c.cons.ogg"].Data) {
			t.Errorf("c.cons clip = %.20q", got)
		}
	})
	t.Run("EmptyRecordingIgnored", func(t *testing.T) {
		if got := read(t, "narration/a.cons.ogg"); got != string(base["narration/a.cons.ogg"].Data) {
			t.Errorf("a.cons clip = %.20q, want the pack's", got)
		}
	})
	t.Run("FolderIgnored", func(t *testing.T) {
		if got := read(t, "narration/c.s.1.ogg"); got != string(base["narration/c.s.1.ogg"].Data) {
			t.Errorf("c.s.1 clip = %.20q, want the pack's", got)
		}
	})
	t.Run("OnlyNarrationReplaced", func(t *testing.T) {
		if got := read(t, "pack.toml"); got != validTOML {
			t.Error("pack.toml came from the recordings")
		}
		if got := read(t, "pictures/ask.svg"); got != string(base["pictures/ask.svg"].Data) {
			t.Error("a picture came from the recordings")
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		if _, err := fsys.Open("narration/gone.ogg"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(missing) = %v, want fs.ErrNotExist", err)
		}
		if _, err := fsys.Open("../pack.toml"); err == nil {
			t.Error("Open(../pack.toml) succeeded")
		}
	})
	t.Run("LoadCoversRecording", func(t *testing.T) {
		plain, err := policy.Load(base)
		if err != nil {
			t.Fatal(err)
		}
		p, err := policy.Load(fsys)
		if err != nil {
			t.Fatalf("Load through the overlay:\n%v", err)
		}
		if p.Fingerprint == plain.Fingerprint {
			t.Error("a recording did not change the fingerprint")
		}
	})
}

func TestRecordings(t *testing.T) {
	dataDir := t.TempDir()
	dir := policy.RecordingsDir(dataDir, "test")
	if want := filepath.Join(dataDir, "recordings", "test"); dir != want {
		t.Errorf("RecordingsDir = %q, want %q", dir, want)
	}
	clip := filepath.Join(dir, "narration", "a.1.ogg")
	if err := os.MkdirAll(filepath.Dir(clip), 0o755); err != nil {
		t.Fatal(err)
	}
	recorded, packs := oggFile(501), packFS(validTOML)["narration/a.1.ogg"].Data
	if err := os.WriteFile(clip, recorded, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		b, err := fs.ReadFile(policy.Recordings(packFS(validTOML), dataDir, "test"), "narration/a.1.ogg")
		if err != nil || !bytes.Equal(b, recorded) {
			t.Errorf("clip = %.20q, %v; want the recording", b, err)
		}
	})
	t.Run("NoFolderServesPack", func(t *testing.T) {
		b, err := fs.ReadFile(policy.Recordings(packFS(validTOML), t.TempDir(), "test"), "narration/a.1.ogg")
		if err != nil || !bytes.Equal(b, packs) {
			t.Errorf("clip = %.20q, %v; want the pack's", b, err)
		}
	})
	t.Run("ErrBadPackID", func(t *testing.T) {
		for _, id := range []string{"", ".", "..", "../test", "a/b"} {
			b, err := fs.ReadFile(policy.Recordings(packFS(validTOML), dataDir, id), "narration/a.1.ogg")
			if err != nil || !bytes.Equal(b, packs) {
				t.Errorf("pack id %q: clip = %.20q, %v; want the pack's", id, b, err)
			}
		}
	})
}

// TestRecordings_Links: a recording that is a link is not used, and a
// link in the pack folder is seen through the overlay.
func TestRecordings_Links(t *testing.T) {
	t.Parallel()
	dataDir, packDir := t.TempDir(), writePack(t)
	elsewhere := filepath.Join(t.TempDir(), "secret.ogg")
	if err := os.WriteFile(elsewhere, oggFile(77), 0o600); err != nil {
		t.Fatal(err)
	}
	clip := filepath.Join(policy.RecordingsDir(dataDir, "test"), "narration", "a.1.ogg")
	if err := os.MkdirAll(filepath.Dir(clip), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, clip); err != nil {
		t.Fatal(err)
	}
	fsys := policy.Recordings(os.DirFS(packDir), dataDir, "test")
	b, err := fs.ReadFile(fsys, "narration/a.1.ogg")
	if err != nil || !bytes.Equal(b, packFS(validTOML)["narration/a.1.ogg"].Data) {
		t.Errorf("clip = %.20q, %v; want the pack's, not the linked recording", b, err)
	}
	if _, err := policy.Load(fsys); err != nil {
		t.Fatalf("Load: %v", err)
	}
	pic := filepath.Join(packDir, "pictures", "ask.svg")
	os.Remove(pic)
	if err := os.Symlink(elsewhere, pic); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, loadProblems(t, fsys), `picture file "pictures/ask.svg" is a symbolic link`)
}

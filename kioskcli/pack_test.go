package kioskcli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"smartkiosk/assets"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// installPack puts a copy of the example pack, as the hub sent it, in
// dataDir's packs folder and makes it current; edit changes its pack.toml.
func installPack(t *testing.T, dataDir string, edit func(string) string) string {
	t.Helper()
	dir := filepath.Join(dataDir, "packs", "0123abcd")
	if err := os.CopyFS(dir, os.DirFS("../assets/packs/example")); err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile(filepath.Join(dir, "pack.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pack.toml"), []byte(edit(string(toml))), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "packs", "current"), []byte("0123abcd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// acme makes the example pack another school's.
func acme(s string) string {
	return strings.NewReplacer(`id = "example"`, `id = "acme"`, `version = "2026.1"`, `version = "2026.2"`,
		`name = "Example School"`, `name = "Acme Academy"`).Replace(s)
}

// TestLoadPack_Notice: when the hub's pack or the school's recordings
// cannot be used, the kiosk runs what it can and says which pack failed
// and which it uses instead, rather than falling back in silence.
func TestLoadPack_Notice(t *testing.T) {
	t.Parallel()
	tr, err := translations.New(translations.Default)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKHubPack", func(t *testing.T) {
		data := t.TempDir()
		installPack(t, data, acme)
		_, p, notice, err := LoadPack(data)
		if err != nil || p.ID != "acme" || notice != nil {
			t.Fatalf("LoadPack = pack %v, notice %+v, %v; want acme and no notice", p, notice, err)
		}
	})
	t.Run("HubPackBroken", func(t *testing.T) {
		data := t.TempDir()
		dir := installPack(t, data, acme)
		if err := os.WriteFile(filepath.Join(dir, "pictures", "tell.svg"), []byte("picture to follow"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, p, notice, err := LoadPack(data)
		if err != nil || p.ID != "example" || notice == nil {
			t.Fatalf("LoadPack = pack %v, notice %+v, %v; want the example pack and a notice", p, notice, err)
		}
		want := `The policy pack the hub sent, "acme" version 2026.2, could not be loaded, so this tablet is using the pack ` +
			`"example" version 2026.1 (Example School) instead. Please tell the school's IT manager: the kiosk's log says what is wrong with the pack.`
		if got := PackNoticeSentence(tr, notice); got != want {
			t.Errorf("sentence:\n%s\nwant\n%s", got, want)
		}
		var log strings.Builder
		ReportPackNotice(&log, notice)
		if !strings.Contains(log.String(), `picture file "pictures/tell.svg" is not an SVG picture`) {
			t.Errorf("the log does not say what is wrong:\n%s", log.String())
		}
	})
	t.Run("HubPackUnreadable", func(t *testing.T) {
		data := t.TempDir()
		installPack(t, data, func(string) string { return "id = \n" })
		_, p, notice, err := LoadPack(data)
		if err != nil || p.ID != "example" || notice == nil {
			t.Fatalf("LoadPack = pack %v, notice %+v, %v", p, notice, err)
		}
		if got := PackNoticeSentence(tr, notice); !strings.HasPrefix(got, `The policy pack the hub sent could not be read, so this tablet is using the pack "example" version 2026.1`) {
			t.Errorf("sentence: %s", got)
		}
	})
	t.Run("RecordingBroken", func(t *testing.T) {
		data := t.TempDir()
		installPack(t, data, acme)
		rec := filepath.Join(data, "recordings", "acme", "narration", "en-GB", "a.1.ogg")
		if err := os.MkdirAll(filepath.Dir(rec), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rec, []byte("ID3 an MP3 from the class teacher's phone"), 0o644); err != nil {
			t.Fatal(err)
		}
		fsys, p, notice, err := LoadPack(data)
		if err != nil || p.ID != "acme" || notice == nil || !notice.Recordings {
			t.Fatalf("LoadPack = pack %v, notice %+v, %v; want acme without recordings, and a notice", p, notice, err)
		}
		if clip, _ := fsys.Open("narration/en-GB/a.1.ogg"); clip == nil {
			t.Fatal("no clip")
		} else if info, _ := clip.Stat(); info.Size() < 100 {
			t.Error("the broken recording is played")
		}
		want := `The school's own recordings for the pack "acme" version 2026.2 (Acme Academy) could not be used, so pupils hear the pack's own narration.`
		if got := PackNoticeSentence(tr, notice); !strings.HasPrefix(got, want) {
			t.Errorf("sentence:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("NoNotice", func(t *testing.T) {
		if got := PackNoticeSentence(tr, nil); got != "" {
			t.Errorf("no notice gives %q", got)
		}
	})
}

// TestLoadPackOr: --pack chooses the built-in pack, and the hub's pack,
// once it has sent one, still comes first.
func TestLoadPackOr(t *testing.T) {
	t.Parallel()
	t.Run("OKBuiltIn", func(t *testing.T) {
		for _, id := range assets.PackIDs() {
			_, p, notice, err := LoadPackOr(t.TempDir(), id)
			if err != nil || p.ID != id || notice != nil {
				t.Errorf("LoadPackOr(%s) = pack %v, notice %+v, %v", id, p, notice, err)
			}
		}
		if _, p, _, err := LoadPack(t.TempDir()); err != nil || p.ID != assets.DefaultPackID {
			t.Errorf("LoadPack = %v, %v; want the default pack", p, err)
		}
	})
	t.Run("HubPackFirst", func(t *testing.T) {
		data := t.TempDir()
		installPack(t, data, acme)
		if _, p, notice, err := LoadPackOr(data, "wrotham"); err != nil || p.ID != "acme" || notice != nil {
			t.Errorf("LoadPackOr(wrotham) with a hub pack = %v, %+v, %v; want acme", p, notice, err)
		}
	})
	t.Run("HubPackBrokenFallsBackToTheChosenPack", func(t *testing.T) {
		data := t.TempDir()
		installPack(t, data, func(string) string { return "id = \n" })
		_, p, notice, err := LoadPackOr(data, "wrotham")
		if err != nil || p.ID != "wrotham" || notice == nil || !strings.Contains(notice.Using, "Wrotham Example School") {
			t.Errorf("LoadPackOr = %v, notice %+v, %v; want wrotham and a notice naming it", p, notice, err)
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		_, _, _, err := LoadPackOr(t.TempDir(), "acme")
		want := `there is no built-in pack "acme"; the built-in packs are "example" and "wrotham"`
		if err == nil || err.Error() != want {
			t.Errorf("LoadPackOr(acme) = %v, want %q", err, want)
		}
	})
}

// TestOpenStore_DemoFillsEveryPack: --demo fills an empty kiosk with the
// demo school of the pack it runs, every pupil in one of that pack's bands
// and every band with pupils, and the demo adults' PINs sign in.
func TestOpenStore_DemoFillsEveryPack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, id := range assets.PackIDs() {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			data := t.TempDir()
			_, pack, _, err := LoadPackOr(data, id)
			if err != nil {
				t.Fatal(err)
			}
			if DemoSchool(id) != id {
				t.Fatalf("the %s pack has no demo school of its own", id)
			}
			st, err := OpenStore(ctx, data, pack, true)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			perBand := demoBands(t, st)
			for _, b := range pack.Bands {
				if perBand[b.ID] == 0 {
					t.Errorf("no demo pupil in band %s (%s)", b.ID, b.Alias)
				}
				delete(perBand, b.ID)
			}
			if len(perBand) > 0 {
				t.Errorf("demo pupils in bands the %s pack has not: %v", id, perBand)
			}
			if adult, err := st.CheckPIN(ctx, store.DemoAdminPIN); err != nil || !adult.IsAdmin() {
				t.Errorf("the demo admin's PIN: %+v, %v", adult, err)
			}
		})
	}
	t.Run("OtherPack", func(t *testing.T) {
		if got := DemoSchool("acme"); got != "example" {
			t.Errorf("DemoSchool(acme) = %q, want the Example School, as --demo always filled", got)
		}
	})
	t.Run("NoDemo", func(t *testing.T) {
		data := t.TempDir()
		_, pack, _, _ := LoadPackOr(data, "wrotham")
		st, err := OpenStore(ctx, data, pack, false)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if n := len(demoBands(t, st)); n != 0 || !slices.Equal(st.Bands(), pack.BandIDs()) {
			t.Errorf("without --demo: pupils in %d bands, store bands %q", n, st.Bands())
		}
	})
}

// demoBands counts the store's pupils by band.
func demoBands(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	ctx := context.Background()
	classes, err := st.Classes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	perBand := map[string]int{}
	for _, c := range classes {
		pupils, err := st.PupilsInClass(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pupils {
			perBand[p.Band]++
		}
	}
	return perBand
}

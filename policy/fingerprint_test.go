package policy_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"smartkiosk/policy"
)

func TestLoad_Fingerprint(t *testing.T) {
	fingerprint := func(t *testing.T, fsys fstest.MapFS) string {
		t.Helper()
		p, err := policy.Load(fsys)
		if err != nil {
			t.Fatalf("Load:\n%v", err)
		}
		fp, err := policy.Fingerprint(fsys, p)
		if err != nil {
			t.Fatal(err)
		}
		if fp != p.Fingerprint {
			t.Fatalf("Fingerprint() = %q, Load set %q", fp, p.Fingerprint)
		}
		return fp
	}
	base := fingerprint(t, packFS(validTOML))

	t.Run("Stable", func(t *testing.T) {
		if got := fingerprint(t, packFS(validTOML)); got != base {
			t.Errorf("fingerprint changed between loads: %s, %s", base, got)
		}
	})
	t.Run("StableWithUnreferencedFile", func(t *testing.T) {
		fsys := packFS(validTOML)
		fsys["pictures/unused.svg"] = &fstest.MapFile{Data: []byte("<svg/>")}
		if got := fingerprint(t, fsys); got != base {
			t.Errorf("an unreferenced file changed the fingerprint")
		}
	})
	t.Run("PackByte", func(t *testing.T) {
		data := []byte(validTOML)
		data[len(data)-3] ^= 1 // a letter of the last statement text
		if got := fingerprint(t, packFS(string(data))); got == base {
			t.Error("changing one byte of pack.toml kept the fingerprint")
		}
	})
	t.Run("PictureByte", func(t *testing.T) {
		fsys := packFS(validTOML)
		data := []byte(string(fsys["pictures/ask.svg"].Data))
		data[strings.Index(string(data), "<title>")+len("<title>")] ^= 1 // still a valid picture
		fsys["pictures/ask.svg"] = &fstest.MapFile{Data: data}
		if got := fingerprint(t, fsys); got == base {
			t.Error("changing one byte of a picture kept the fingerprint")
		}
	})
	t.Run("ClipByte", func(t *testing.T) {
		fsys := packFS(validTOML)
		fsys["narration/a.1.ogg"] = &fstest.MapFile{Data: oggFile(999)}
		if got := fingerprint(t, fsys); got == base {
			t.Error("changing one byte of a clip kept the fingerprint")
		}
	})
	t.Run("EveryReferencedFile", func(t *testing.T) {
		// Pictures and clips of statements, sections, rule headings and the UI.
		p, err := policy.Load(packFS(validTOML))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Files(), slices.Sorted(slices.Values(validFiles)); !slices.Equal(got, want) {
			t.Errorf("Files() =\n%q\nwant\n%q", got, want)
		}
		for i, name := range validFiles {
			fsys := packFS(validTOML)
			changed := svgFile(name + " changed")
			if strings.HasSuffix(name, ".ogg") {
				changed = oggFile(uint32(1000 + i))
			}
			fsys[name] = &fstest.MapFile{Data: changed}
			if got := fingerprint(t, fsys); got == base {
				t.Errorf("changing %s kept the fingerprint", name)
			}
		}
	})
	t.Run("SwappedPictures", func(t *testing.T) {
		fsys := packFS(validTOML)
		ask, adult := fsys["pictures/ask.svg"], fsys["pictures/adult.svg"]
		fsys["pictures/ask.svg"], fsys["pictures/adult.svg"] = adult, ask
		if got := fingerprint(t, fsys); got == base {
			t.Error("swapping two pictures kept the fingerprint")
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		fsys := packFS(validTOML)
		p, err := policy.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		delete(fsys, "narration/a.1.ogg")
		if _, err := policy.Fingerprint(fsys, p); err == nil {
			t.Error("Fingerprint with a missing clip = nil error")
		}
	})
}

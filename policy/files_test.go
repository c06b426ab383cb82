package policy_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"smartkiosk/policy"
)

// writePack writes packFS(validTOML) into a folder and returns it.
func writePack(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range packFS(validTOML) {
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadProblems loads fsys and returns its problems, failing unless it
// is a *policy.ValidationError.
func loadProblems(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	_, err := policy.Load(fsys)
	var verr *policy.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Load = %v, want a *ValidationError", err)
	}
	return verr.Problems
}

func wantProblem(t *testing.T, problems []string, want string) {
	t.Helper()
	if !containsPrefix(problems, want) {
		t.Errorf("missing problem\n  %s\nin\n  %s", want, strings.Join(problems, "\n  "))
	}
}

// TestLoad_RefusesLinks: a pack serves only its own files. A picture
// linked to a file outside the folder (a hub's key) was published and
// served to every kiosk; now it, a linked folder and a linked pack.toml are
// refused, naming the file.
func TestLoad_RefusesLinks(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "hub.key")
	if err := os.WriteFile(secret, svgFile("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		if _, err := policy.Load(os.DirFS(writePack(t))); err != nil {
			t.Fatalf("Load of a folder: %v", err)
		}
	})
	t.Run("ErrLinkedPicture", func(t *testing.T) {
		dir := writePack(t)
		pic := filepath.Join(dir, "pictures", "ask.svg")
		os.Remove(pic)
		if err := os.Symlink(secret, pic); err != nil {
			t.Fatal(err)
		}
		wantProblem(t, loadProblems(t, os.DirFS(dir)),
			`form "pupil-a" rule "1" statement "a.1" symbol 1: picture file "pictures/ask.svg" is a symbolic link (a shortcut to a file elsewhere): copy the file itself into the pack folder`)
	})
	t.Run("ErrLinkInsidePack", func(t *testing.T) {
		dir := writePack(t) // even to a file of the pack: the hub copies files, not links
		pic := filepath.Join(dir, "pictures", "ask.svg")
		os.Remove(pic)
		if err := os.Symlink("adult.svg", pic); err != nil {
			t.Fatal(err)
		}
		wantProblem(t, loadProblems(t, os.DirFS(dir)), `picture file "pictures/ask.svg" is a symbolic link`)
	})
	t.Run("ErrLinkedFolder", func(t *testing.T) {
		dir := writePack(t)
		elsewhere := t.TempDir()
		if err := os.Rename(filepath.Join(dir, "pictures"), filepath.Join(elsewhere, "pictures")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(elsewhere, "pictures"), filepath.Join(dir, "pictures")); err != nil {
			t.Fatal(err)
		}
		wantProblem(t, loadProblems(t, os.DirFS(dir)), `picture file "pictures/ask.svg" is a symbolic link`)
	})
	t.Run("ErrLinkedPackTOML", func(t *testing.T) {
		dir := writePack(t)
		toml := filepath.Join(dir, "pack.toml")
		if err := os.Rename(toml, secret+".toml"); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(secret+".toml", toml); err != nil {
			t.Fatal(err)
		}
		_, err := policy.Load(os.DirFS(dir))
		if err == nil || !strings.Contains(err.Error(), "pack.toml is a symbolic link") {
			t.Errorf("Load = %v, want pack.toml refused as a link", err)
		}
	})
}

// TestLoad_RefusesOtherFiles: devices, folders, and a path out of the pack.
func TestLoad_RefusesOtherFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		file *fstest.MapFile
		want string
	}{
		{"ErrDevice", &fstest.MapFile{Mode: fs.ModeDevice | 0o644},
			`picture file "pictures/ask.svg" is not a regular file (a device, pipe or socket): put the file itself in the pack folder`},
		{"ErrPipe", &fstest.MapFile{Mode: fs.ModeNamedPipe | 0o644}, `picture file "pictures/ask.svg" is not a regular file`},
		{"ErrFolder", &fstest.MapFile{Mode: fs.ModeDir | 0o755}, `picture file "pictures/ask.svg" is a folder, not a file`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := packFS(validTOML)
			fsys["pictures/ask.svg"] = tc.file
			wantProblem(t, loadProblems(t, fsys), tc.want)
		})
	}
	t.Run("ErrDevicePackTOML", func(t *testing.T) {
		fsys := packFS(validTOML)
		fsys["pack.toml"] = &fstest.MapFile{Data: []byte(validTOML), Mode: fs.ModeCharDevice | fs.ModeDevice}
		if _, err := policy.Load(fsys); err == nil || !strings.Contains(err.Error(), "pack.toml is not a regular file") {
			t.Errorf("Load = %v", err)
		}
	})
}

// TestLoad_SizeLimits: a file over its kind's limit is refused with the
// limits stated.
func TestLoad_SizeLimits(t *testing.T) {
	t.Parallel()
	limits := "a picture may be at most 2 MB, a narration clip 5 MB and the whole pack 100 MB"
	big := func(n int) []byte { // a valid SVG of n bytes
		head := svgFile("big")
		return append(head[:len(head)-len("</svg>")], append(bytes.Repeat([]byte(" "), n-len(head)), "</svg>"...)...)
	}
	t.Run("OKPictureAtLimit", func(t *testing.T) {
		fsys := packFS(validTOML)
		fsys["pictures/ask.svg"] = &fstest.MapFile{Data: big(policy.MaxPictureBytes)}
		if _, err := policy.Load(fsys); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrPicture", func(t *testing.T) {
		fsys := packFS(validTOML)
		fsys["pictures/ask.svg"] = &fstest.MapFile{Data: big(policy.MaxPictureBytes + 1)}
		wantProblem(t, loadProblems(t, fsys), `picture file "pictures/ask.svg" is just over 2 MB, too big: `+limits)
	})
	t.Run("ErrClip", func(t *testing.T) {
		fsys := packFS(validTOML)
		fsys["narration/a.1.ogg"] = &fstest.MapFile{Data: append(oggFile(7), make([]byte, 6<<20)...)}
		wantProblem(t, loadProblems(t, fsys), `narration clip (en-GB) file "narration/a.1.ogg" is 6 MB, too big: `+limits)
	})
	t.Run("ErrPackTOML", func(t *testing.T) {
		fsys := packFS(validTOML + strings.Repeat("# a comment\n", policy.MaxPackTOMLBytes/12+1))
		if _, err := policy.Load(fsys); err == nil || !strings.Contains(err.Error(), "pack.toml is just over 1 MB; it may be at most 1 MB") {
			t.Errorf("Load = %v", err)
		}
	})
}

// pngFile encodes a w×h picture.
func pngFile(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zeroSegmentPage is an Ogg page header that says it has no segments.
var zeroSegmentPage = []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// TestLoad_PicturesAndClipsAreWhatTheySay: a file is refused when it is not
// the picture or clip its name says, e.g. a text file posing as a picture.
func TestLoad_PicturesAndClipsAreWhatTheySay(t *testing.T) {
	t.Parallel()
	goodPNG := pngFile(t, 72, 72)
	clip := oggFile(3)
	badCRC := append([]byte(nil), clip...)
	badCRC[len(badCRC)-10] ^= 0xFF
	pngPack := strings.ReplaceAll(validTOML, "pictures/ask.svg", "pictures/ask.png")
	for _, tc := range []struct {
		name, toml, file string
		data             []byte
		want             string // "" for OK
	}{
		{"OKPNG", pngPack, "pictures/ask.png", goodPNG, ""},
		{"OKSVGWidthHeight", validTOML, "pictures/ask.svg", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><svg width="72px" height="72px"><g/></svg>`), ""},
		{"ErrTextAsSVG", validTOML, "pictures/ask.svg", []byte("This is where the ask picture will go.\n"),
			`picture file "pictures/ask.svg" is not an SVG picture: it has no <svg> element (it may be a text file with a picture's name). Save it again as SVG from the drawing program`},
		{"ErrHTMLAsSVG", validTOML, "pictures/ask.svg", []byte("<!DOCTYPE html><html><body>Not found</body></html>"),
			`picture file "pictures/ask.svg" is not an SVG picture: its first element is <html>, not <svg>`},
		{"ErrBrokenSVG", validTOML, "pictures/ask.svg", []byte(`<svg viewBox="0 0 72 72"><g></svg>`),
			`picture file "pictures/ask.svg" is not an SVG picture: it is not well-formed XML (on line 1: element <g> closed by </svg>)`},
		{"ErrSVGNoSize", validTOML, "pictures/ask.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>`),
			`picture file "pictures/ask.svg" is not an SVG picture: the <svg> element has no size`},
		{"ErrPNGAsSVG", validTOML, "pictures/ask.svg", goodPNG, `picture file "pictures/ask.svg" is a PNG picture named .svg: rename it to .png`},
		{"ErrTextAsPNG", pngPack, "pictures/ask.png", []byte("a picture"), `picture file "pictures/ask.png" is not a PNG picture that can be shown: it does not start as a PNG file does`},
		{"ErrTruncatedPNG", pngPack, "pictures/ask.png", goodPNG[:len(goodPNG)-20], `picture file "pictures/ask.png" is not a PNG picture that can be shown: it is damaged`},
		{"ErrHugePNG", pngPack, "pictures/ask.png", pngFile(t, 3000, 1), `picture file "pictures/ask.png" is not a PNG picture that can be shown: it is 3000×1 pixels, and a PNG picture may be at most 2048 pixels a side`},
		{"ErrJPEGName", strings.ReplaceAll(validTOML, "pictures/ask.svg", "pictures/ask.jpg"), "pictures/ask.jpg", []byte("\xFF\xD8\xFF\xE0"),
			`picture file "pictures/ask.jpg" is not an SVG or PNG picture: its name must end in .svg or .png`},
		{"ErrMP3AsClip", validTOML, "narration/a.1.ogg", []byte("ID3\x04\x00\x00\x00\x00\x00\x00 an MP3"),
			`narration clip (en-GB) file "narration/a.1.ogg" is not an Ogg Vorbis clip: it does not start as an Ogg file does (an MP3 or WAV file renamed .ogg?): export the recording again as Ogg Vorbis (.ogg), for example with oggenc`},
		{"ErrTruncatedClip", validTOML, "narration/a.1.ogg", clip[:200], `narration clip (en-GB) file "narration/a.1.ogg" is not an Ogg Vorbis clip that plays (unexpected EOF)`},
		{"ErrDamagedClip", validTOML, "narration/a.1.ogg", badCRC, `narration clip (en-GB) file "narration/a.1.ogg" is not an Ogg Vorbis clip that plays (ogg: wrong checksum)`},
		{"ErrHeadersOnly", validTOML, "narration/a.1.ogg", clip[:3424], `narration clip (en-GB) file "narration/a.1.ogg" is not an Ogg Vorbis clip that plays`},
		// An Ogg page of no segments makes the decoder (beep's too) index
		// out of range: the kiosk would crash playing it.
		{"ErrDecoderPanics", validTOML, "narration/a.1.ogg", zeroSegmentPage,
			`narration clip (en-GB) file "narration/a.1.ogg" is not an Ogg Vorbis clip that plays: it is damaged`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := packFS(tc.toml)
			delete(fsys, "pictures/ask.svg")
			fsys[tc.file] = &fstest.MapFile{Data: tc.data}
			_, err := policy.Load(fsys)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Load:\n%v", err)
				}
				return
			}
			wantProblem(t, loadProblems(t, fsys), tc.want)
		})
	}
}

// TestLoad_FormLengths: no more screens, or statements, than someone could
// answer.
func TestLoad_FormLengths(t *testing.T) {
	t.Parallel()
	statements := func(prefix string, n int, pupil bool) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "\n[[forms.rules.statements]]\nid = \"%s.%d\"\ntext.en-GB = \"I ask\"\n", prefix, i)
			if pupil {
				b.WriteString("narration.en-GB = \"narration/a.1.ogg\"\nsymbols = [{ file = \"pictures/ask.svg\", caption.en-GB = \"ask\" }]\n")
			}
		}
		return b.String()
	}
	sectionLines := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "\n[[forms.consequences.statements]]\nid = \"a.cons.x%d\"\ntext.en-GB = \"less\"\n"+
				"narration.en-GB = \"narration/a.cons.1.ogg\"\nsymbols = [{ file = \"pictures/less.svg\", caption.en-GB = \"less\" }]\n", i)
		}
		return b.String()
	}
	atPupilRule := func(extra string) string {
		return strings.Replace(validTOML, "\n[forms.consequences]\nid = \"a.cons\"", extra+"\n[forms.consequences]\nid = \"a.cons\"", 1)
	}
	for _, tc := range []struct{ name, toml, want string }{
		{"OKPupilAtLimit", atPupilRule(statements("a.x", policy.MaxPupilScreens-3, true)), ""},
		{"ErrPupilScreens", atPupilRule(statements("a.x", policy.MaxPupilScreens-2, true)),
			`form "pupil-a": the pupil form of band "a" has 31 screens to answer, and a pupil is asked at most 30 in one sitting: shorten the form, or move rules to another band`},
		{"ErrSectionLines", strings.Replace(validTOML, "\n[forms.agreement]\nid = \"a.agree\"", sectionLines(policy.MaxSectionStatements)+"\n[forms.agreement]\nid = \"a.agree\"", 1),
			`form "pupil-a" consequences "a.cons": 9 statements, and a section may have at most 8 (they are read together on one screen)`},
		{"ErrFormStatements", validTOML + "\n" + statements("staff.x", policy.MaxFormStatements, false),
			`form "staff": 151 statements, and a form may have at most 150: split it into shorter forms`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.toml == validTOML {
				t.Fatal("fixture unchanged")
			}
			if tc.want == "" {
				if _, err := policy.Load(packFS(tc.toml)); err != nil {
					t.Fatalf("Load:\n%v", err)
				}
				return
			}
			wantProblem(t, loadProblems(t, packFS(tc.toml)), tc.want)
		})
	}
}

package picturetest

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/tools/imgdiff"
)

// What tools/pictures.sh renders the references with.
const (
	size = 256
	// Off is how far a channel may differ before a pixel counts as wrong.
	off = 64
	// A picture passes when the mean difference per channel (0–255) is at
	// most maxMean and at most maxOff of its pixels are wrong. Pictures
	// that draw right differ only in anti-aliasing: mean ≤ 0.4, ≤ 0.1 %
	// wrong. OpenMoji's own files, with strokes Fyne draws as hairlines,
	// give mean 7–29 and 3–20 % wrong (see TestCompare_CatchesBrokenPictures).
	maxMean = 1.5
	maxOff  = 0.005
)

var cream = color.NRGBA{R: 0xFF, G: 0xF8, B: 0xE7, A: 0xFF}

// TestPictures_RenderAsRsvg draws every picture of every built-in pack with
// Fyne and compares it with the pack's reference (testdata/<pack>/).
func TestPictures_RenderAsRsvg(t *testing.T) {
	test.NewTempApp(t)
	ids := assets.PackIDs()
	if len(ids) < 2 || !slices.Contains(ids, assets.DefaultPackID) {
		t.Fatalf("built-in packs %q: want the default pack and at least one more", ids)
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) { checkPack(t, id) })
	}
	t.Run("NoReferencesWithoutAPack", func(t *testing.T) {
		entries, err := os.ReadDir("testdata")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && e.Name() != "failed" && !slices.Contains(ids, e.Name()) {
				t.Errorf("testdata/%s has no built-in pack: delete it", e.Name())
			}
		}
	})
}

// checkPack compares every picture of one pack with its reference.
func checkPack(t *testing.T, id string) {
	fsys, err := assets.Pack(id)
	if err != nil {
		t.Fatal(err)
	}
	pictures := packPictures(t, fsys)
	if len(pictures) == 0 {
		t.Fatal("the pack has no pictures")
	}
	refDir := filepath.Join("testdata", id)
	for _, name := range pictures {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			ref := filepath.Join(refDir, refName(name))
			want, err := imgdiff.ReadPNG(ref)
			if err != nil {
				t.Fatalf("no reference for %s (run tools/pictures.sh %s): %v", name, id, err)
			}
			got := render(t, path.Base(name), data)
			err = compare(got, want)
			t.Log(stats(got, want))
			if err != nil {
				failed := filepath.Join("testdata", "failed", id, refName(name))
				writePNG(t, failed, got)
				t.Errorf("%s: Fyne draws it unlike rsvg-convert: %v (Fyne's drawing: %s, reference: %s)", name, err, failed, ref)
			}
		})
	}
	t.Run("NoStaleReferences", func(t *testing.T) {
		entries, err := os.ReadDir(refDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !slices.ContainsFunc(pictures, func(p string) bool { return refName(p) == e.Name() }) {
				t.Errorf("%s has no picture in the pack: delete it or run tools/pictures.sh %s", filepath.Join(refDir, e.Name()), id)
			}
		}
	})
}

// TestCompare_CatchesBrokenPictures proves the comparison fails on the
// faults it is there for: OpenMoji's unprocessed file (strokes Fyne draws
// as hairlines), a wrong colour, and a missing shape.
func TestCompare_CatchesBrokenPictures(t *testing.T) {
	test.NewTempApp(t)
	want, err := imgdiff.ReadPNG(filepath.Join("testdata", assets.DefaultPackID, "agree.png"))
	if err != nil {
		t.Fatal(err)
	}
	fsys, _ := assets.Pack(assets.DefaultPackID)
	shipped, err := fs.ReadFile(fsys, "pictures/agree.svg")
	if err != nil {
		t.Fatal(err)
	}
	original, err := os.ReadFile(filepath.Join("..", "..", "tools", "openmoji", "1F44D.svg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		if err := compare(render(t, "agree.svg", shipped), want); err != nil {
			t.Errorf("the shipped picture fails: %v", err)
		}
	})
	for _, tc := range []struct{ name, svg string }{
		{"ErrUnprocessedOpenMoji", string(original)},
		{"ErrWrongColour", strings.ReplaceAll(string(shipped), "#fcea2b", "#1e50a0")},
		{"ErrMissingOutline", strings.ReplaceAll(string(shipped), "fill:#000000", "fill:none")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.svg == string(shipped) {
				t.Fatal("fixture unchanged")
			}
			if err := compare(render(t, "broken.svg", []byte(tc.svg)), want); err == nil {
				t.Error("compare passed a broken picture")
			}
		})
	}
}

// packPictures lists the pictures folder and every picture pack.toml names.
func packPictures(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	p, err := policy.Load(fsys)
	if err != nil {
		t.Fatalf("load pack: %v", err)
	}
	var names []string
	entries, err := fs.ReadDir(fsys, "pictures")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		names = append(names, "pictures/"+e.Name())
	}
	for _, f := range p.Files() {
		if !strings.HasPrefix(f, "narration/") && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	return names
}

// refName is the reference image of a picture: pictures/ask.svg → ask.png.
func refName(name string) string {
	base := path.Base(name)
	return strings.TrimSuffix(base, path.Ext(base)) + ".png"
}

// render draws a picture with Fyne's own renderer (the test driver's
// software painter) at size×size on the kiosk's cream, as the reference is.
func render(t *testing.T, name string, data []byte) image.Image {
	t.Helper()
	img := canvas.NewImageFromResource(fyne.NewStaticResource(name, data))
	img.FillMode = canvas.ImageFillContain
	w := test.NewTempWindow(t, container.NewStack(canvas.NewRectangle(cream), img))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(size, size))
	return w.Canvas().Capture()
}

// compare reports how got differs from want if it is past the limits.
func compare(got, want image.Image) error {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Dx() != wb.Dx() || gb.Dy() != wb.Dy() {
		return fmt.Errorf("size %v, reference %v", gb.Size(), wb.Size())
	}
	mean, share := difference(got, want)
	if mean > maxMean || share > maxOff {
		return fmt.Errorf("mean difference %.2f (at most %.2f), %.2f%% of pixels off by more than %d (at most %.2f%%)",
			mean, maxMean, 100*share, off, 100*maxOff)
	}
	return nil
}

func stats(got, want image.Image) string {
	mean, share := difference(got, want)
	return fmt.Sprintf("mean difference %.2f, %.3f%% of pixels off", mean, 100*share)
}

// difference is imgdiff.Diff with this test's threshold; the images have
// the same size (compare checks).
func difference(got, want image.Image) (mean, share float64) {
	mean, share, _ = imgdiff.Diff(got, want, off)
	return mean, share
}

func writePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Log(err)
		return
	}
	f, err := os.Create(name)
	if err != nil {
		t.Log(err)
		return
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Log(err)
	}
}

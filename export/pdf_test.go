package export

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"smartkiosk/store/record"
)

// update regenerates the PDF goldens: go test ./export -run PDF -update
// (or SMARTKIOSK_UPDATE_GOLDEN=1).
var update = flag.Bool("update", false, "rewrite the golden page images in testdata/pdf")

func updating() bool { return *update || os.Getenv("SMARTKIOSK_UPDATE_GOLDEN") == "1" }

// pupilDoc is one pupil's agreement with two follow-ups and no parent
// acknowledgement yet.
func pupilDoc(tb testing.TB, fx *fixture) Document {
	pu := class(1)[0]
	e := fx.entry(tb, spec{n: 1, pupil: pu, band: "b",
		notSure: map[string]string{"b.s.2": record.AnswerNotSure, "b.t.1": record.AnswerNoClear}})
	return Document{Title: pu.Name(), Version: fx.pack.Version, Entries: []Entry{e}}
}

// classDoc is Oak class: four pupils, three of whom have records (one a
// correction whose mark is not a PNG), and one parent form.
func classDoc(tb testing.TB, fx *fixture) Document {
	pupils := class(4)
	es := []Entry{
		fx.entry(tb, spec{n: 1, pupil: pupils[0], band: "b", notSure: map[string]string{"b.m.1": record.AnswerNotSure}, ack: true}),
		fx.entry(tb, spec{n: 2, pupil: pupils[1], band: "c"}),
		fx.entry(tb, spec{n: 3, pupil: pupils[2], band: "a", kind: record.KindCorrection, replaces: 50,
			notSure: map[string]string{"a.cons": record.AnswerNotSure}}),
		fx.entry(tb, spec{n: 4, pupil: pupils[0], parent: true}),
	}
	es[2].Attachments[record.AttachPupilMark] = []byte("\x89PNG\r\n\x1a\nthis is not a PNG")
	return Document{Title: "Oak class: agreements for policy " + fx.pack.Version, Version: fx.pack.Version,
		Pupils: pupils, Entries: es}
}

func render(tb testing.TB, doc Document, opt PDFOptions) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc, opt); err != nil {
		tb.Fatalf("WritePDF: %v", err)
	}
	return buf.Bytes()
}

func TestWritePDF_Golden(t *testing.T) {
	fx := newFixture(t)
	for name, doc := range map[string]Document{"pupil": pupilDoc(t, fx), "class": classDoc(t, fx)} {
		t.Run(name, func(t *testing.T) {
			var calls []string
			opt := fx.opt
			opt.Progress = func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) }
			pdf := render(t, doc, opt)
			if want := fmt.Sprintf("%d/%d", len(doc.Entries), len(doc.Entries)); len(calls) != len(doc.Entries) || calls[len(calls)-1] != want {
				t.Errorf("progress calls %v, want %d ending %s", calls, len(doc.Entries), want)
			}
			comparePages(t, name, pdf)
		})
	}
}

func TestWritePDF_Text(t *testing.T) {
	fx := newFixture(t)
	doc := classDoc(t, fx)
	text := pdfText(t, render(t, doc, fx.opt))
	for _, want := range []string{
		"Oak class: agreements for policy 2026.1", "Example School", "Ava O'Neil", "Zoë Brown",
		"not signed", recordID(1), recordID(4), doc.Entries[0].BodyHash(),
		"S — Safe", "I tell a grown up if I want to talk on the", "not sure", "follow up",
		"Parent/carer acknowledgement: recorded on 3 November 2026 by Jo O'Neil (carer), record " + recordID(901),
		"Parent/carer acknowledgement: not yet recorded.",
		"Correction: this record replaces record " + recordID(50),
		"mark could not be shown", "Relationship: carer", "Name: Sam Carter (teaching assistant)",
		"Device Oak class tablet 2", "page 1 of 2 of this record",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// TestWritePDF_SchoolNamed: the school's name the hub is run with heads
// the cover and every record, not the pack's (a trust's schools may share
// a pack); the statements keep the pack's own wording.
func TestWritePDF_SchoolNamed(t *testing.T) {
	fx := newFixture(t)
	doc := classDoc(t, fx)
	doc.School = "Riverside Special School"
	text := strings.Join(strings.Fields(pdfText(t, render(t, doc, fx.opt))), " ")
	if !strings.Contains(text, "agreements for policy 2026.1 Riverside Special School Policy version") {
		t.Error("the cover does not name the hub's school")
	}
	if n := strings.Count(text, "Riverside Special School Acceptable Use of Technology Policy"); n != len(doc.Entries) {
		t.Errorf("%d record headers name the hub's school, want all %d", n, len(doc.Entries))
	}
	if strings.Contains(text, "Example School Acceptable Use of Technology Policy") {
		t.Error("a record header names the pack's school")
	}
}

func TestWritePDF_PackNotHeld(t *testing.T) {
	fx := newFixture(t)
	doc := pupilDoc(t, fx)
	opt := fx.opt
	opt.Packs = Packs{}
	doc.School = "Example School (from the hub)"
	text := pdfText(t, render(t, doc, opt))
	for _, want := range []string{"Example School (from the hub)", "is not held here", "b.s.2", "no clear response", "(not held here)"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestWritePDF_FontsEmbedded(t *testing.T) {
	fx := newFixture(t)
	out := poppler(t, "pdffonts", render(t, pupilDoc(t, fx), fx.opt))
	found := 0
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(strings.ToLower(l), "andika") {
			continue
		}
		found++
		if f := strings.Fields(l); len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %q", l)
		}
	}
	if found != 2 {
		t.Errorf("pdffonts lists %d Andika faces, want 2:\n%s", found, out)
	}
}

func TestWritePDF_Reproducible(t *testing.T) {
	fx := newFixture(t)
	a := render(t, classDoc(t, fx), fx.opt)
	b := render(t, classDoc(t, fx), fx.opt)
	if !bytes.Equal(a, b) {
		t.Fatalf("two renders of the same input differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestWritePDF_ErrNoFonts(t *testing.T) {
	fx := newFixture(t)
	opt := fx.opt
	opt.Bold = nil
	if err := WritePDF(&bytes.Buffer{}, pupilDoc(t, fx), opt); err == nil {
		t.Fatal("WritePDF without a bold font succeeded")
	}
}

// poppler runs a poppler-utils tool on a PDF and returns its output.
func poppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not found: install poppler-utils (apt-get install poppler-utils)", tool)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-") // to standard output
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// pdfText is the PDF's text with runs of spaces and line breaks folded to one space.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	out := poppler(t, "pdftotext", pdf, "-layout", "-enc", "UTF-8")
	return strings.Join(strings.Fields(out), " ")
}

// comparePages rasterises the PDF at 50 dpi and compares every page with
// testdata/pdf/<name>-<page>.png; a mismatch writes testdata/failed/.
func comparePages(t *testing.T, name string, pdf []byte) {
	t.Helper()
	pages := rasterPages(t, pdf)
	goldens, _ := filepath.Glob(filepath.Join("testdata", "pdf", name+"-*.png"))
	if updating() {
		for _, g := range goldens {
			os.Remove(g)
		}
		for i, pg := range pages {
			writeFile(t, goldenPath("pdf", name, i), pg)
		}
		return
	}
	if len(goldens) != len(pages) {
		t.Errorf("%s: %d pages, %d goldens", name, len(pages), len(goldens))
	}
	for i, pg := range pages {
		want, err := os.ReadFile(goldenPath("pdf", name, i))
		if err == nil && samePicture(t, want, pg) {
			continue
		}
		writeFile(t, goldenPath("failed", name, i), pg)
		t.Errorf("%s page %d differs from its golden (or it is missing): see %s", name, i+1, goldenPath("failed", name, i))
	}
}

func goldenPath(dir, name string, i int) string {
	return filepath.Join("testdata", dir, fmt.Sprintf("%s-%02d.png", name, i+1))
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// rasterPages runs pdftoppm -r 50 -png and returns the pages in order.
func rasterPages(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils (apt-get install poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	writeFile(t, in, pdf)
	if out, err := exec.Command("pdftoppm", "-r", "50", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	sort.Strings(files) // pdftoppm pads page numbers to the same width
	var pages [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b)
	}
	if len(pages) == 0 {
		t.Fatal("pdftoppm made no pages")
	}
	return pages
}

// samePicture compares two PNGs allowing each channel to differ by a
// little (anti-aliasing between poppler builds) and a handful of pixels to
// differ more; at 50 dpi a two-letter word is about twenty pixels.
func samePicture(t *testing.T, a, b []byte) bool {
	t.Helper()
	ia, err1 := png.Decode(bytes.NewReader(a))
	ib, err2 := png.Decode(bytes.NewReader(b))
	if err1 != nil || err2 != nil || ia.Bounds() != ib.Bounds() {
		return false
	}
	r, bad := ia.Bounds(), 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !nearColour(ia, ib, x, y) {
				bad++
			}
		}
	}
	return bad <= 8
}

func nearColour(a, b image.Image, x, y int) bool {
	r1, g1, b1, _ := a.At(x, y).RGBA()
	r2, g2, b2, _ := b.At(x, y).RGBA()
	const tol = 16 << 8
	return diff(r1, r2) <= tol && diff(g1, g2) <= tol && diff(b1, b2) <= tol
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

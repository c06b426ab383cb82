package screens

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// exportKiosk is a test kiosk with signed records for two Oak pupils and
// one Rowan pupil, an admin signed in on the export page, and a folder
// picker that answers with folder.
type exportKiosk struct {
	*testKiosk
	page   *exportPage
	folder string
	ids    map[string][]string // record ids by class
	names  map[string][]string // pupils' names by class
}

func newExportKiosk(t *testing.T) *exportKiosk {
	t.Helper()
	ek := &exportKiosk{folder: t.TempDir(), ids: map[string][]string{}, names: map[string][]string{}}
	ek.testKiosk = newTestKiosk(t)
	ctx := context.Background()
	for class, n := range map[string]int{"Oak": 2, "Rowan": 1} {
		pupils, err := ek.st.PupilsInClass(ctx, class)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pupils[:n] {
			rec := ek.signedRecord(t, p)
			ek.lock("locked")
			ek.ids[class] = append(ek.ids[class], rec.Body.ID)
			ek.names[class] = append(ek.names[class], p.Name())
		}
	}
	ek.signIn(t, store.DemoAdminPIN)
	ek.tapText(t, "Export records")
	var ok bool
	if ek.page, ok = ek.nav.Current().(*exportPage); !ok {
		t.Fatalf("Export records went to %T", ek.nav.Current())
	}
	return ek
}

// exportAs chooses a class and a format and saves.
func (ek *exportKiosk) exportAs(t *testing.T, class, format string) {
	t.Helper()
	ek.tapText(t, class)
	ek.tapText(t, ek.Tr.T(formatWords[format]))
	ek.tapText(t, "Choose a folder and save")
	ek.saveIn(t, ek.folder)
}

func (ek *exportKiosk) result() string {
	if !ek.page.result.Visible() {
		return ""
	}
	return ek.page.result.Text
}

// csvIDs reads the record_id column of a CSV export.
func csvIDs(t *testing.T, data []byte) []string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("not CSV (%v):\n%s", err, data)
	}
	col := slices.Index(rows[0], "record_id")
	if col < 0 {
		t.Fatalf("no record_id column: %q", rows[0])
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[col])
	}
	slices.Sort(ids)
	return ids
}

// pdfText is what pdftotext reads in a PDF file.
func pdfText(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("%s is not a PDF: %.20q", name, data)
	}
	out, err := exec.Command("pdftotext", "-layout", name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", name, err)
	}
	return string(out)
}

func folderFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestExportPage_Formats(t *testing.T) {
	const day = "2026-11-02"
	for _, format := range exportFormats {
		t.Run(format, func(t *testing.T) {
			ek := newExportKiosk(t)
			ek.exportAs(t, "Oak", format)
			oak := slices.Sorted(slices.Values(ek.ids["Oak"]))
			ext := map[string]string{formatCSV: ".csv", formatExcel: ".csv", formatPDF: ".pdf", formatPupils: ""}[format]
			path := filepath.Join(ek.folder, "smartkiosk-Oak-"+day+ext)
			if want := "Saved 2 records for Oak class"; !strings.HasPrefix(ek.result(), want) || !strings.Contains(ek.result(), path) {
				t.Fatalf("result %q, want %q… naming %s", ek.result(), want, path)
			}
			if files := folderFiles(t, ek.folder); len(files) != 1 || files[0] != filepath.Base(path) {
				t.Errorf("the folder holds %q, want only %s", files, filepath.Base(path))
			}
			switch format {
			case formatCSV, formatExcel:
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if got := csvIDs(t, data); !slices.Equal(got, oak) {
					t.Errorf("record ids %q, want Oak's %q", got, oak)
				}
				if bom := bytes.HasPrefix(data, []byte("\uFEFF")); bom != (format == formatExcel) {
					t.Errorf("byte-order mark: %v", bom)
				}
			case formatPDF:
				text := pdfText(t, path)
				for _, name := range ek.names["Oak"] {
					if !strings.Contains(text, name) {
						t.Errorf("the class PDF does not show %s", name)
					}
				}
				if strings.Contains(text, ek.names["Rowan"][0]) {
					t.Errorf("the Oak PDF shows Rowan's %s", ek.names["Rowan"][0])
				}
			case formatPupils:
				files := folderFiles(t, path)
				if len(files) != 2 {
					t.Fatalf("the pupils' folder holds %q", files)
				}
				for _, name := range ek.names["Oak"] {
					parts := strings.Fields(name)
					file := filepath.Join(path, parts[1]+"-"+parts[0]+".pdf")
					if text := pdfText(t, file); !strings.Contains(text, name) {
						t.Errorf("%s does not show %s", file, name)
					}
				}
			}
			log, _ := ek.st.AuditLog(context.Background(), 1)
			if len(log) == 0 || log[0].Action != store.AuditExported || strings.Contains(log[0].Detail, ek.names["Oak"][0]) {
				t.Errorf("audit %+v", log)
			}
		})
	}
}

func TestExportPage_AllClasses(t *testing.T) {
	ek := newExportKiosk(t)
	ek.exportAs(t, "All classes", formatCSV)
	data, err := os.ReadFile(filepath.Join(ek.folder, "smartkiosk-all-classes-2026-11-02.csv"))
	if err != nil {
		t.Fatalf("%v; result %q", err, ek.result())
	}
	want := slices.Sorted(slices.Values(append(append([]string{}, ek.ids["Oak"]...), ek.ids["Rowan"]...)))
	if got := csvIDs(t, data); !slices.Equal(got, want) {
		t.Errorf("ids %q, want %q", got, want)
	}
	if !strings.HasPrefix(ek.result(), "Saved 3 records for every class to ") {
		t.Errorf("result %q", ek.result())
	}
}

// unwritable points the kiosk's folder picker at a folder that refuses new
// files, even to root (the test container's user): its own folder made
// immutable with chattr where the file system allows it, else sysfs,
// which refuses every new file.
func unwritable(t *testing.T, ek *exportKiosk) {
	t.Helper()
	if err := os.Chmod(ek.folder, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ek.folder, 0o700) })
	probe := filepath.Join(ek.folder, "probe")
	if err := os.WriteFile(probe, nil, 0o600); err != nil {
		return // refused: not root
	}
	os.Remove(probe)
	if err := exec.Command("chattr", "+i", ek.folder).Run(); err == nil {
		t.Cleanup(func() { exec.Command("chattr", "-i", ek.folder).Run() })
		return
	}
	ek.folder = "/sys/kernel"
	if err := os.WriteFile(filepath.Join(ek.folder, "probe"), nil, 0o600); err == nil {
		t.Fatal("neither chattr +i nor sysfs refuses a new file here")
	}
}

func TestExportPage_Failures(t *testing.T) {
	for _, format := range []string{formatCSV, formatPupils} {
		t.Run("ErrNotAllowed/"+format, func(t *testing.T) {
			ek := newExportKiosk(t)
			unwritable(t, ek)
			ek.exportAs(t, "Oak", format)
			if want := ek.Tr.T(translations.ExportNotAllowed); ek.result() != want {
				t.Errorf("result %q, want %q", ek.result(), want)
			}
			for _, f := range folderFiles(t, ek.folder) {
				if strings.HasPrefix(f, "smartkiosk") || strings.HasPrefix(f, ".") {
					t.Errorf("a refused save left %q", f)
				}
			}
			if ek.page.busy || ek.page.bar.Visible() {
				t.Error("the page still shows a save running")
			}
		})
	}
	t.Run("ErrFolderGone", func(t *testing.T) {
		ek := newExportKiosk(t)
		ek.tapText(t, "Choose a folder and save")
		ek.tapText(t, "STICK")
		if err := os.Remove(ek.stick); err != nil { // pulled out after it was opened
			t.Fatal(err)
		}
		ek.tapText(t, "Save here")
		p, ok := ek.nav.Current().(*filePicker)
		if !ok || p.problem != ek.Tr.T(translations.PickDriveGone) {
			t.Fatalf("on %T; want the file page saying the stick is gone", ek.nav.Current())
		}
		for _, d := range p.drives {
			if d.name == "STICK" {
				t.Error("the pulled-out stick is still offered")
			}
		}
		ek.tapText(t, "Back")
		if ek.nav.Current() != ek.page || ek.result() != "" || ek.page.busy {
			t.Errorf("back on %T, result %q", ek.nav.Current(), ek.result())
		}
	})
	t.Run("ErrNothing", func(t *testing.T) {
		ek := newExportKiosk(t)
		ek.exportAs(t, "Willow", formatPDF)
		if ek.result() != "There are no records for Willow class yet, so nothing was saved." {
			t.Errorf("result %q", ek.result())
		}
		if files := folderFiles(t, ek.folder); len(files) != 0 {
			t.Errorf("an empty export wrote %q", files)
		}
	})
	t.Run("ErrPick", func(t *testing.T) {
		ek := newExportKiosk(t)
		ek.PickDir = func(_ string, got func(string, error)) { got("", errors.New("dbus: no portal")) }
		ek.tapText(t, "Choose a folder and save")
		ek.tapText(t, "Another folder…")
		if r := ek.result(); r == "" || strings.Contains(r, "dbus") {
			t.Errorf("result %q", r)
		}
	})
}

func TestExportFailure_Sentences(t *testing.T) {
	tk := newTestKiosk(t)
	seen := map[string]string{}
	for name, err := range map[string]error{
		"gone":      &fs.PathError{Op: "open", Path: "/media/usb/x", Err: syscall.ENOENT},
		"full":      fmt.Errorf("write: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}),
		"quota":     &fs.PathError{Op: "write", Path: "x", Err: syscall.EDQUOT},
		"denied":    &fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES},
		"read-only": &os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EROFS},
		"io":        &fs.PathError{Op: "write", Path: "x", Err: syscall.EIO},
		"store":     fmt.Errorf("%w: %w", errUnreadable, errors.New("database disk image is malformed")),
	} {
		got := exportFailure(tk.Tr, err, "Oak class")
		if strings.Contains(got, "/media") || strings.Contains(got, "malformed") || strings.Contains(got, err.Error()) {
			t.Errorf("%s: a raw error reached the sentence: %q", name, got)
		}
		seen[name] = got
	}
	if seen["full"] != seen["quota"] || seen["denied"] != seen["read-only"] {
		t.Errorf("full/quota or denied/read-only differ: %q", seen)
	}
	distinct := map[string]bool{}
	for _, name := range []string{"gone", "full", "denied", "io", "store"} {
		distinct[seen[name]] = true
	}
	if len(distinct) != 5 {
		t.Errorf("sentences not distinct: %q", seen)
	}
}

func TestExportPage_StaffOnly(t *testing.T) {
	tk := newTestKiosk(t)
	tk.signIn(t, store.DemoTAPIN)
	for _, tg := range tk.nav.targets {
		if tg.Text == "Export records" {
			t.Fatal("a teaching assistant's home offers Export records")
		}
	}
	tk.nav.Show(newExportPage(tk.Kiosk))
	if len(tk.nav.targets) != 1 || !slices.Contains(labels(tk.nav.stack), "Only a teacher or an admin can export records. Ask one of them to sign in.") {
		t.Errorf("the export page for a TA: %q", labels(tk.nav.stack))
	}
	teacher := store.Staff{ID: 9, Name: "Jo Reid", Role: store.RoleTeacher}
	tk.adult = &teacher
	tk.showHome()
	tk.tapText(t, "Export records")
	if _, ok := tk.nav.Current().(*exportPage); !ok || len(tk.nav.targets) < 6 {
		t.Errorf("a teacher's export page: %T with %d targets", tk.nav.Current(), len(tk.nav.targets))
	}
}

func TestExportScreens_FitEveryWindow(t *testing.T) {
	ek := newExportKiosk(t)
	ek.exportAs(t, "Oak", formatPupils) // the longest sentence, under the choices
	ek.fitsEveryWindow(t, []shown{{name: "export, saved", s: ek.page}})
}

// TestGolden_ExportPage compares the export page with Oak and CSV chosen,
// then after a save, with the reviewed images in testdata/.
func TestGolden_ExportPage(t *testing.T) {
	ek := newExportKiosk(t)
	ek.tapText(t, "Oak")
	shot := func(name string) {
		t.Helper()
		ek.w.Resize(fyne.NewSize(1280, 800))
		test.AssertImageMatches(t, name, ek.w.Canvas().Capture())
	}
	shot("adult_export.png")
	ek.page.busy = true // as start leaves it, part-way through
	ek.page.bar.Show()
	ek.page.bar.SetValue(0.4)
	ek.page.say(ek.Tr.T(translations.ExportSaving), false)
	shot("adult_export_saving.png")
	ek.page.busy = false
	job := ek.exportJob("/media/usb", "Oak", formatCSV)
	ek.page.finished(job, exportResult{path: "/media/usb/smartkiosk-Oak-2026-11-02.csv", records: 28}, nil)
	shot("adult_export_saved.png")
	ek.page.finished(job, exportResult{}, &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC})
	shot("adult_export_full.png")
}

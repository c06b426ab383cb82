package screens

import (
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// saveIn chooses dir on the kiosk's folder page (which the screen on show
// has opened), as an adult who browsed to it would, and taps Save here.
func (tk *testKiosk) saveIn(t *testing.T, dir string) {
	t.Helper()
	p, ok := tk.nav.Current().(*filePicker)
	if !ok {
		t.Fatalf("on %T, want the folder page", tk.nav.Current())
	}
	p.open(drive{name: filepath.Base(dir), path: dir}, dir)
	tk.tapText(t, "Save here")
}

// pickerTexts are the words of the targets on the file page.
func (tk *testKiosk) pickerTexts(t *testing.T) []string {
	t.Helper()
	if _, ok := tk.nav.Current().(*filePicker); !ok {
		t.Fatalf("on %T, want the file page", tk.nav.Current())
	}
	var out []string
	for _, tg := range tk.nav.targets {
		out = append(out, tg.Text)
	}
	return out
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// openRosterPicker signs in as the admin and opens the file page from
// Import class lists.
func (tk *testKiosk) openRosterPicker(t *testing.T) *rosterImport {
	t.Helper()
	tk.signIn(t, store.DemoAdminPIN)
	tk.tapText(t, "Import class lists")
	ri := tk.nav.Current().(*rosterImport)
	tk.tapText(t, "Choose a CSV file")
	return ri
}

func TestFilePicker_BrowsesDrivesForCSV(t *testing.T) {
	tk := newTestKiosk(t)
	media := filepath.Dir(tk.stick)
	mustWrite(t, filepath.Join(tk.stick, "Rosters", "oak.csv"), badRosterCSV)
	mustWrite(t, filepath.Join(tk.stick, "Rosters", "OAK2.CSV"), badRosterCSV)
	mustWrite(t, filepath.Join(tk.stick, "Rosters", "notes.txt"), "not a roster")
	mustWrite(t, filepath.Join(tk.stick, ".Trash-0", "old.csv"), badRosterCSV)
	mustWrite(t, filepath.Join(tk.stick, "top.csv"), badRosterCSV)
	if err := os.Mkdir(filepath.Join(media, "SHARED"), 0o755); err != nil {
		t.Fatal(err)
	}
	ri := tk.openRosterPicker(t)
	got := tk.pickerTexts(t)
	for _, want := range []string{"SHARED", "STICK", "This tablet", "Look again", "Back"} {
		if !slices.Contains(got, want) {
			t.Errorf("file page offers %q, not %q", got, want)
		}
	}
	tk.tapText(t, "STICK")
	got = tk.pickerTexts(t)
	if i, j := slices.Index(got, "Rosters"), slices.Index(got, "top.csv"); i < 0 || j < i {
		t.Errorf("STICK shows %q: want the folder Rosters before the file top.csv", got)
	}
	if slices.Contains(got, ".Trash-0") || slices.Contains(got, "Up a folder") {
		t.Errorf("STICK shows %q: no hidden folder, and no Up at the top of a drive", got)
	}
	tk.tapText(t, "Rosters")
	got = tk.pickerTexts(t)
	if !slices.Contains(got, "oak.csv") || !slices.Contains(got, "OAK2.CSV") || slices.Contains(got, "notes.txt") {
		t.Errorf("Rosters shows %q: want both CSV files and nothing else", got)
	}
	if p := tk.nav.Current().(*filePicker); p.where() != "STICK › Rosters" {
		t.Errorf("the page says it is in %q", p.where())
	}
	tk.tapText(t, "Up a folder")
	tk.tapText(t, "Rosters")
	tk.tapText(t, "oak.csv")
	if tk.nav.Current() != ri || ri.name != "oak.csv" || ri.plan == nil || len(ri.plan.Problems) == 0 {
		t.Fatalf("after choosing oak.csv: on %T, file %q", tk.nav.Current(), ri.name)
	}
}

func TestFilePicker_StickPulledOut(t *testing.T) {
	tk := newTestKiosk(t)
	mustWrite(t, filepath.Join(tk.stick, "Rosters", "oak.csv"), badRosterCSV)
	mustWrite(t, filepath.Join(tk.stick, "top.csv"), badRosterCSV)
	gone := tk.Tr.T(translations.PickDriveGone)
	t.Run("ErrFolder", func(t *testing.T) {
		ri := tk.openRosterPicker(t)
		tk.tapText(t, "STICK")
		if err := os.RemoveAll(tk.stick); err != nil {
			t.Fatal(err)
		}
		tk.tapText(t, "Rosters")
		p, ok := tk.nav.Current().(*filePicker)
		if !ok || p.problem != gone || slices.Contains(tk.pickerTexts(t), "STICK") {
			t.Fatalf("on %T: want the file page, saying %q, without STICK; targets %q", tk.nav.Current(), gone, tk.pickerTexts(t))
		}
		tk.tapText(t, "Back")
		if tk.nav.Current() != ri || ri.plan != nil {
			t.Errorf("Back went to %T with a plan %v", tk.nav.Current(), ri.plan)
		}
	})
	t.Run("ErrFile", func(t *testing.T) {
		mustWrite(t, filepath.Join(tk.stick, "top.csv"), badRosterCSV)
		tk.lock("test")
		ri := tk.openRosterPicker(t)
		tk.tapText(t, "STICK")
		if err := os.Remove(filepath.Join(tk.stick, "top.csv")); err != nil {
			t.Fatal(err)
		}
		tk.tapText(t, "top.csv")
		if p, ok := tk.nav.Current().(*filePicker); !ok || p.problem != gone || ri.plan != nil {
			t.Fatalf("on %T; want the file page saying the stick could not be read", tk.nav.Current())
		}
	})
}

func TestFilePicker_TooBig(t *testing.T) {
	tk := newTestKiosk(t)
	big := strings.Repeat("x", maxPicked+1)
	mustWrite(t, filepath.Join(tk.stick, "huge.csv"), big)
	ri := tk.openRosterPicker(t)
	tk.tapText(t, "STICK")
	tk.tapText(t, "huge.csv")
	p, ok := tk.nav.Current().(*filePicker)
	if !ok || p.problem != tk.Tr.T(translations.PickTooBig) || ri.plan != nil {
		t.Fatalf("on %T; want the file page saying the file is too big", tk.nav.Current())
	}
}

func TestFilePicker_NoStick(t *testing.T) {
	tk := newTestKiosk(t)
	if err := os.Remove(tk.stick); err != nil {
		t.Fatal(err)
	}
	tk.openRosterPicker(t)
	if got := tk.pickerTexts(t); slices.Contains(got, "STICK") || !slices.Contains(got, "This tablet") {
		t.Errorf("with no stick the page offers %q", got)
	}
	if !strings.Contains(strings.Join(labels(tk.nav.stack), "\n"), tk.Tr.T(translations.PickNoDrives)) {
		t.Errorf("no sentence saying no stick was found: %q", labels(tk.nav.stack))
	}
	if err := os.Mkdir(tk.stick, 0o755); err != nil {
		t.Fatal(err)
	}
	tk.tapText(t, "Look again")
	if got := tk.pickerTexts(t); !slices.Contains(got, "STICK") {
		t.Errorf("after plugging a stick in and Look again, the page offers %q", got)
	}
}

func TestFilePicker_SaveHereAndOther(t *testing.T) {
	tk := newTestKiosk(t)
	var chosen []string
	var dialogStart string
	tk.PickDir = func(start string, got func(string, error)) { dialogStart = start; got("/elsewhere", nil) }
	from := newStart(tk.Kiosk)
	tk.nav.Show(from)
	tk.pickFolder(from, func(dir string, err error) { chosen = append(chosen, dir) })
	if slices.Contains(tk.pickerTexts(t), "Save here") {
		t.Error("Save here offered before a folder is open")
	}
	tk.tapText(t, "STICK")
	tk.tapText(t, "Save here")
	if tk.nav.Current() != from || len(chosen) != 1 || chosen[0] != tk.stick {
		t.Fatalf("Save here chose %q and went to %T", chosen, tk.nav.Current())
	}
	tk.pickFolder(from, func(dir string, err error) { chosen = append(chosen, dir) })
	tk.tapText(t, "STICK")
	tk.tapText(t, "Another folder…")
	if dialogStart != tk.stick || len(chosen) != 2 || chosen[1] != "/elsewhere" {
		t.Errorf("the desktop dialog started in %q and chose %q", dialogStart, chosen)
	}
}

// TestDialogs_ShowInTheWindow opens the desktop dialogs as main does: a
// Fyne file dialog resized before it was shown panicked (nil pointer in
// FileDialog.MinSize) in the real kiosk.
func TestDialogs_ShowInTheWindow(t *testing.T) {
	tk := newTestKiosk(t)
	tk.w.Resize(fyne.NewSize(1280, 800))
	FileDialog(tk.w)(tk.stick, func(string, io.ReadCloser, error) {})
	if tk.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the file dialog did not open")
	}
	tk.w.Canvas().Overlays().Top().Hide()
	tk.w.Canvas().Overlays().Remove(tk.w.Canvas().Overlays().Top())
	FolderDialog(tk.w)("", func(string, error) {})
	if tk.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the folder dialog did not open")
	}
	if s := tk.w.Canvas().Overlays().Top().Size(); s.Width > 1280 || s.Height > 800 || s.Width < 600 {
		t.Errorf("the folder dialog is %v in a 1280×800 window", s)
	}
}

func TestMediaFolders(t *testing.T) {
	got := mediaFolders()
	if runtime.GOOS == "linux" && (!slices.Contains(got, "/media") || !slices.Contains(got, "/mnt")) {
		t.Errorf("mediaFolders() = %q, want /media and /mnt among them", got)
	}
	if u, err := user.Current(); err == nil && runtime.GOOS == "linux" && !slices.Contains(got, filepath.Join("/media", u.Username)) {
		t.Errorf("mediaFolders() = %q, want /media/%s first", got, u.Username)
	}
}

package screens

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/translations"
)

// FilePicker is the desktop file dialog (main makes it from Fyne's), the
// fallback for a file the kiosk's own page cannot reach. It starts in the
// folder start when it can, and hands over the chosen file's name and
// contents, or an error; cancelling calls nothing.
type FilePicker func(start string, got func(name string, r io.ReadCloser, err error))

// FolderPicker is the desktop folder dialog, the fallback for a folder
// the kiosk's page cannot reach; cancelling calls nothing.
type FolderPicker func(start string, got func(dir string, err error))

// pickCSV shows the kiosk's own file page to choose a CSV file, then goes
// back to from and hands over the file (read off the UI goroutine).
func (k *Kiosk) pickCSV(from screen, got func(name string, data []byte, err error)) {
	(&filePicker{k: k, from: from, files: true, gotFile: got}).lookForDrives()
}

// pickFolder shows the kiosk's own file page to choose a folder to save in.
func (k *Kiosk) pickFolder(from screen, got func(dir string, err error)) {
	(&filePicker{k: k, from: from, gotDir: got}).lookForDrives()
}

// filePicker is the kiosk's own file page, made for a touchscreen: the USB
// sticks and shared drives down the left, the folder on show on the right
// with its subfolders (and CSV files, when choosing a file) as big
// targets. Folders are read off the UI goroutine; a stick pulled out
// while it is read gives a sentence, never a crash.
type filePicker struct {
	k       *Kiosk
	from    screen
	files   bool // choosing a CSV file; else a folder to save in
	gotFile func(name string, data []byte, err error)
	gotDir  func(dir string, err error)

	drives  []drive
	drive   drive  // the drive on show
	dir     string // the folder on show; "" while none is
	items   []listed
	more    int
	problem string // why the last read failed, in a sentence
	busy    bool

	drivesT    []*Target // the drives and Look again
	itemsT     []*Target // the folder's contents
	cancel, up *Target
	here       *Target // "Save here", when choosing a folder
	other      *Target // the desktop dialog
	look       *Target // "Look again" for drives
}

func (s *filePicker) adultOnly() {}

func (s *filePicker) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.drivesT, s.itemsT, s.up, s.here = nil, nil, nil, nil
	s.cancel = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onCancel)
	title := translations.PickFileTitle
	if !s.files {
		title = translations.PickFolderTitle
	}
	top := container.NewBorder(nil, nil, s.cancel, nil, heading(tr.T(title)))
	left := container.NewVBox(section(tr.T(translations.PickDrives)))
	for _, d := range s.drives {
		t := newAdultTarget(s.driveName(d), fyne.NewSize(MM(62), MM(14)), func() { s.open(d, d.path) })
		s.drivesT = append(s.drivesT, t)
		if d.path == s.drive.path && s.dir != "" {
			t.Fill = AgreeFill
		}
		left.Add(t)
	}
	s.look = newAdultTarget(tr.T(translations.PickLookAgain), fyne.NewSize(MM(62), MM(12)), s.onLookAgain)
	s.drivesT = append(s.drivesT, s.look)
	left.Add(s.look)
	bottom := s.bottomRow()
	body := container.NewBorder(nil, nil, vscroll(left), nil, s.folderView())
	return page(top, body, bottom)
}

// media are the folders drives appear in: the kiosk's --media, or the system's.
func (s *filePicker) media() []string {
	if len(s.k.Media) > 0 {
		return s.k.Media
	}
	return mediaFolders()
}

// hasStick reports whether any drive besides the tablet's own is listed.
func (s *filePicker) hasStick() bool {
	for _, d := range s.drives {
		if d.name != "" {
			return true
		}
	}
	return false
}

func (s *filePicker) driveName(d drive) string {
	if d.name == "" {
		return s.k.Tr.T(translations.PickThisTablet)
	}
	return d.name
}

// folderView is the folder on show: where it is, then what is in it, or a
// sentence saying what to do.
func (s *filePicker) folderView() fyne.CanvasObject {
	tr := s.k.Tr
	msg := leading(s.problem)
	msg.Importance = widget.DangerImportance
	switch {
	case s.busy:
		return container.NewVBox(leading(tr.T(translations.PickReading)))
	case s.dir == "" && !s.hasStick():
		return container.NewVBox(msg, leading(tr.T(translations.PickNoDrives)))
	case s.dir == "":
		return container.NewVBox(msg, leading(tr.T(translations.PickChooseDrive)))
	}
	where := section(s.where())
	s.up = newAdultTarget(tr.T(translations.PickUp), fyne.NewSize(MM(40), MM(12)), s.onUp)
	if s.dir == s.drive.path {
		s.up.Hide()
	}
	grid := container.NewGridWithColumns(2)
	for _, it := range s.items {
		icon := theme.FolderIcon()
		if !it.dir {
			icon = theme.FileTextIcon()
		}
		t := newAdultTarget(it.name, fyne.NewSize(MM(48), MM(14)), func() { s.onItem(it) })
		s.itemsT = append(s.itemsT, t)
		img := canvas.NewImageFromResource(theme.NewThemedResource(icon))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(MM(7), MM(7)))
		grid.Add(container.NewBorder(nil, nil, img, nil, t))
	}
	list := container.NewVBox(grid)
	if len(s.items) == 0 {
		empty := translations.PickEmptyFolder
		if s.files {
			empty = translations.PickNoCSV
		}
		list.Add(leading(tr.T(empty)))
	}
	if s.more > 0 {
		list.Add(leading(tr.T(translations.PickMore, map[string]any{"Count": s.more})))
	}
	head := container.NewBorder(nil, nil, nil, s.up, where)
	return container.NewBorder(container.NewVBox(head, msg), nil, nil, nil, vscroll(list))
}

// where names the folder on show from its drive: "KINGSTON › Rosters".
func (s *filePicker) where() string {
	rel, err := filepath.Rel(s.drive.path, s.dir)
	parts := []string{s.driveName(s.drive)}
	if err == nil && rel != "." {
		parts = append(parts, strings.Split(rel, string(filepath.Separator))...)
	}
	return strings.Join(parts, " › ")
}

func (s *filePicker) bottomRow() fyne.CanvasObject {
	tr := s.k.Tr
	s.other = nil
	var right []fyne.CanvasObject
	if (s.files && s.k.PickFile != nil) || (!s.files && s.k.PickDir != nil) {
		s.other = newAdultTarget(tr.T(translations.PickOther), fyne.NewSize(MM(50), MM(14)), s.onOther)
		right = append(right, s.other)
	}
	if !s.files && s.dir != "" && !s.busy {
		s.here = newAdultTarget(tr.T(translations.PickSaveHere), fyne.NewSize(MM(60), MM(18)), s.onHere)
		s.here.Fill = AgreeFill
		right = append(right, s.here)
	}
	return container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, right...)...)
}

// lookForDrives lists the drives off the UI goroutine (a failing stick can
// be slow to answer) and shows them; the folder on show is left.
func (s *filePicker) lookForDrives() {
	s.busy, s.drives, s.dir = true, nil, ""
	s.k.nav.Show(s)
	media, home := s.media(), homeDir()
	s.k.spawn(func() {
		drives := findDrives(media, home)
		fyne.Do(func() {
			s.busy, s.drives = false, drives
			if s.k.nav.Current() == s {
				s.k.nav.Show(s)
			}
		})
	})
}

// open reads dir (on drive d) off the UI goroutine and shows it.
func (s *filePicker) open(d drive, dir string) {
	if s.busy {
		return
	}
	s.busy, s.problem = true, ""
	s.k.nav.Show(s)
	files := s.files
	s.k.spawn(func() {
		items, more, err := listFolder(dir, files)
		fyne.Do(func() { s.listed(d, dir, items, more, err) })
	})
}

func (s *filePicker) listed(d drive, dir string, items []listed, more int, err error) {
	s.busy = false
	switch {
	case s.k.nav.Current() != s: // the adult went back meanwhile
	case err != nil && driveGone(err):
		s.lookForDrives() // the stick is gone: show what is still there
		s.problem = s.readProblem(err)
		s.k.nav.Show(s)
	case err != nil:
		s.problem = s.readProblem(err)
		s.k.nav.Show(s)
	default:
		s.drive, s.dir, s.items, s.more = d, dir, items, more
		s.k.nav.Show(s)
	}
}

// readProblem is what went wrong reading a folder or file, for an adult.
func (s *filePicker) readProblem(err error) string {
	tr := s.k.Tr
	switch {
	case errors.Is(err, errTooBig):
		return tr.T(translations.PickTooBig)
	case errors.Is(err, fs.ErrPermission):
		return tr.T(translations.PickNotAllowed)
	case driveGone(err):
		return tr.T(translations.PickDriveGone)
	}
	return tr.T(translations.PickUnreadable)
}

func (s *filePicker) onItem(it listed) {
	path := filepath.Join(s.dir, it.name)
	if it.dir {
		s.open(s.drive, path)
		return
	}
	if s.busy {
		return
	}
	s.busy = true
	s.k.nav.Show(s)
	s.k.spawn(func() {
		data, err := readPicked(path)
		fyne.Do(func() {
			s.busy = false
			switch {
			case s.k.nav.Current() != s:
				return
			case err != nil && driveGone(err):
				s.lookForDrives()
				s.problem = s.readProblem(err)
				s.k.nav.Show(s)
				return
			case err != nil:
				s.problem = s.readProblem(err)
				s.k.nav.Show(s)
				return
			}
			s.k.nav.Show(s.from)
			s.gotFile(it.name, data, nil)
		})
	})
}

func (s *filePicker) onUp() {
	if parent := filepath.Dir(s.dir); s.dir != s.drive.path && strings.HasPrefix(parent, s.drive.path) {
		s.open(s.drive, parent)
	}
}

// onHere chooses the folder on show, if it is still there.
func (s *filePicker) onHere() {
	if info, err := os.Stat(s.dir); err != nil || !info.IsDir() {
		s.lookForDrives()
		s.problem = s.k.Tr.T(translations.PickDriveGone)
		s.k.nav.Show(s)
		return
	}
	s.k.nav.Show(s.from)
	s.gotDir(s.dir, nil)
}

func (s *filePicker) onLookAgain() {
	if s.busy {
		return
	}
	s.problem = ""
	s.lookForDrives()
}

// onOther opens the desktop dialog, starting in the folder on show.
func (s *filePicker) onOther() {
	if s.busy {
		return
	}
	start := s.dir
	if s.files {
		s.k.PickFile(start, func(name string, r io.ReadCloser, err error) {
			var data []byte
			if err == nil {
				data, err = io.ReadAll(io.LimitReader(r, maxPicked+1))
				r.Close()
				if err == nil && len(data) > maxPicked {
					err = errTooBig
				}
			}
			s.k.nav.Show(s.from)
			s.gotFile(name, data, err)
		})
		return
	}
	s.k.PickDir(start, func(dir string, err error) {
		s.k.nav.Show(s.from)
		s.gotDir(dir, err)
	})
}

func (s *filePicker) onCancel() {
	if !s.busy {
		s.k.nav.Show(s.from)
	}
}

// targets puts the likeliest choice first: Save here, then what is in the
// folder, Up, the drives, and the way out last.
func (s *filePicker) targets() []*Target {
	out := append([]*Target{s.here}, s.itemsT...)
	out = append(append(out, s.up), s.drivesT...)
	return append(out, s.other, s.cancel)
}

// homeDir is the tablet's own home folder, offered after the drives.
func homeDir() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return h
}

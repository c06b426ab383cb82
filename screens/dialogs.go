package screens

import (
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// The desktop dialogs are the fallback behind the kiosk's own file page
// ("Other folder…"), for a folder it does not list. A Fyne file dialog must
// be shown before it is resized: its size comes from the window it makes
// when shown (resizing first was a nil-pointer crash in the real window).

// dialogSize is as much of a 1280×800 window as the dialog may take.
var dialogSize = fyne.NewSize(1100, 700)

// FileDialog is a FilePicker for .csv files over window w.
func FileDialog(w fyne.Window) FilePicker {
	return func(start string, got func(name string, r io.ReadCloser, err error)) {
		d := dialog.NewFileOpen(func(f fyne.URIReadCloser, err error) {
			if f == nil && err == nil {
				return // cancelled
			}
			if err != nil {
				got("", nil, err)
				return
			}
			got(f.URI().Name(), f, nil)
		}, w)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV"}))
		startIn(d, start)
		d.Show()
		d.Resize(dialogSize)
	}
}

// FolderDialog is a FolderPicker over window w.
func FolderDialog(w fyne.Window) FolderPicker {
	return func(start string, got func(dir string, err error)) {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if u == nil && err == nil {
				return // cancelled
			}
			if err != nil {
				got("", err)
				return
			}
			got(u.Path(), nil)
		}, w)
		startIn(d, start)
		d.Show()
		d.Resize(dialogSize)
	}
}

// startIn opens the dialog in the folder start, when it is one.
func startIn(d *dialog.FileDialog, start string) {
	if start == "" {
		return
	}
	if info, err := os.Stat(start); err != nil || !info.IsDir() {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		d.SetLocation(l)
	}
}

package screens

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// Exporter reads a class's records for the export renderers (Signer
// includes it; the store is the real one).
type Exporter interface {
	ExportEntries(ctx context.Context, class string) ([]signoff.Entry, []signoff.Pupil, error)
}

// The kinds of file the export page writes.
const (
	formatCSV    = "csv"    // RFC 4180, for the school's MIS
	formatExcel  = "excel"  // the same with a byte-order mark, so Excel reads accents
	formatPDF    = "pdf"    // one PDF for the class
	formatPupils = "pupils" // a folder with one PDF for each pupil
)

var exportFormats = []string{formatCSV, formatExcel, formatPDF, formatPupils}

var formatWords = map[string]*translations.Message{
	formatCSV: translations.ExportFormatCSV, formatExcel: translations.ExportFormatExcel,
	formatPDF: translations.ExportFormatPDF, formatPupils: translations.ExportFormatPupils,
}

// mayExport reports whether an adult may take records off the tablet:
// form tutors (teachers) and admins, as DESIGN.md's users table has it. A
// teaching assistant sees the pupils they support, not a class's file.
func mayExport(s *store.Staff) bool {
	return s != nil && (s.Role == store.RoleTeacher || s.Role == store.RoleAdmin)
}

// exportPage lets a teacher or admin save a class's records (or every
// class's) as CSV or PDF to a USB stick or folder. The files are written
// off the UI goroutine, with a progress bar, and only whole files ever
// get their final names.
type exportPage struct {
	k       *Kiosk
	class   string // "" is every class
	format  string
	busy    bool   // a save is running: choices and Save do nothing
	message string // the last save's sentence, kept across rebuilds
	danger  bool   // the sentence says what went wrong
	options []*Target
	save    *Target
	back    *Target
	bar     *widget.ProgressBar
	result  *widget.Label
	box     *fyne.Container // the progress bar and the sentence
	body    *fyne.Container // the choices over box: laid out again when box grows
}

func newExportPage(k *Kiosk) *exportPage { return &exportPage{k: k, format: formatCSV} }

func (s *exportPage) adultOnly() {}

func (s *exportPage) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	s.options, s.save = nil, nil
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.onBack)
	top := container.NewBorder(nil, nil, s.back, nil, heading(tr.T(translations.ExportTitle)))
	if !mayExport(k.adult) {
		return page(top, note(tr.T(translations.ExportStaffOnly)), nil)
	}
	classes, err := k.Roster.Classes(k.ctx)
	if err != nil {
		return page(top, note(tr.T(translations.HomeLoadFailed)), nil)
	}
	s.save = newAdultTarget(tr.T(translations.ExportSave), fyne.NewSize(MM(70), MM(20)), s.onSave)
	s.save.Fill = AgreeFill
	s.bar = widget.NewProgressBar()
	s.bar.Hide()
	s.result = leading("")
	s.showResult()
	privacy := leading(tr.T(translations.ExportPrivacy))
	s.box = container.NewVBox(s.bar, s.result)
	// How the save goes is told under the choices, outside their scroll,
	// so it is always in sight.
	choices := vscroll(container.NewVBox(s.classRow(classes), s.formatRow(), privacy))
	s.body = container.NewBorder(nil, s.box, nil, nil, choices)
	return page(top, s.body, container.NewBorder(nil, nil, nil, s.save))
}

// classRow offers every class and "All classes"; the chosen one is green.
func (s *exportPage) classRow(classes []string) fyne.CanvasObject {
	tr := s.k.Tr
	g := container.NewGridWithColumns(4, s.option(tr.T(translations.ExportAllClasses), s.class == "", func() { s.class = "" }))
	for _, c := range classes {
		g.Add(s.option(c, s.class == c, func() { s.class = c }))
	}
	return labelled(tr.T(translations.ExportClass), g)
}

func (s *exportPage) formatRow() fyne.CanvasObject {
	g := container.NewGridWithColumns(len(exportFormats))
	for _, f := range exportFormats {
		g.Add(s.option(s.k.Tr.T(formatWords[f]), s.format == f, func() { s.format = f }))
	}
	return labelled(s.k.Tr.T(translations.ExportFormat), g)
}

// option is one choice; choosing it (not while saving) clears the last
// sentence and rebuilds the page.
func (s *exportPage) option(text string, chosen bool, set func()) *Target {
	t := newAdultTarget(text, fyne.NewSize(MM(30), MM(14)), func() {
		if s.busy {
			return
		}
		set()
		s.message = ""
		s.k.nav.Show(s)
	})
	if chosen {
		t.Fill = AgreeFill
	}
	s.options = append(s.options, t)
	return t
}

func labelled(label string, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedVBoxLayout(0), section(label), obj)
}

func (s *exportPage) onBack() {
	if !s.busy { // leaving mid-save would hide how it ended
		s.k.showHome()
	}
}

// onSave asks for a folder, then writes there off the UI goroutine.
func (s *exportPage) onSave() {
	k := s.k
	if s.busy {
		return
	}
	k.pickFolder(s, func(dir string, err error) {
		if err != nil {
			s.say(k.Tr.T(translations.ExportFailed), true)
			return
		}
		s.start(dir)
	})
}

func (s *exportPage) start(dir string) {
	k := s.k
	s.busy = true
	s.bar.SetValue(0)
	s.bar.Show()
	s.say(k.Tr.T(translations.ExportSaving), false)
	job := k.exportJob(dir, s.class, s.format)
	job.progress = func(done, total int) {
		fyne.Do(func() {
			if total > 0 {
				s.bar.SetValue(float64(done) / float64(total))
			}
		})
	}
	k.spawn(func() {
		res, err := k.runExport(job)
		fyne.Do(func() { s.finished(job, res, err) })
	})
}

// finished says how the save ended, in a sentence an adult can act on.
func (s *exportPage) finished(job exportJob, res exportResult, err error) {
	tr, k := s.k.Tr, s.k
	s.busy = false
	s.bar.Hide()
	who := tr.T(translations.ExportEveryClass)
	if job.class != "" {
		who = tr.T(translations.ExportOneClass, map[string]any{"Class": job.class})
	}
	if err != nil {
		s.say(exportFailure(tr, err, who), true)
		return
	}
	_ = k.Adults.Audit(k.ctx, k.adultID(), store.AuditExported,
		fmt.Sprintf("%s of %d records, %s, to %s", job.format, res.records, who, res.path))
	m := translations.ExportSaved
	if job.format == formatPupils {
		m = translations.ExportSavedPupils
	}
	s.say(tr.T(m, map[string]any{"Count": res.records, "Class": who, "Path": res.path})+". "+
		tr.T(translations.ExportSavedEnd), false)
}

// exportFailure turns a failed export into what the adult can do about it;
// the error's own words never reach the screen.
func exportFailure(tr *translations.Translator, err error, who string) string {
	switch {
	case errors.Is(err, errNothingToExport):
		return tr.T(translations.ExportNothing, map[string]any{"Class": who})
	case errors.Is(err, errUnreadable):
		return tr.T(translations.ExportUnreadable)
	case errors.Is(err, fs.ErrNotExist):
		return tr.T(translations.ExportFolderGone)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EFBIG):
		return tr.T(translations.ExportDiskFull)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return tr.T(translations.ExportNotAllowed)
	}
	return tr.T(translations.ExportFailed)
}

// say shows a sentence under the choices, red when something went wrong.
func (s *exportPage) say(text string, danger bool) {
	s.message, s.danger = text, danger
	s.showResult()
	if s.body != nil {
		s.body.Refresh()
	}
}

func (s *exportPage) showResult() {
	if s.result == nil {
		return
	}
	s.result.Importance = widget.MediumImportance
	if s.danger {
		s.result.Importance = widget.DangerImportance
	}
	showText(s.result, s.message)
}

func (s *exportPage) targets() []*Target {
	out := append([]*Target{}, s.options...)
	if s.save != nil {
		out = append(out, s.save)
	}
	return append(out, s.back)
}

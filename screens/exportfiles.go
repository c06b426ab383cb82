package screens

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"smartkiosk/assets"
	"smartkiosk/export"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/translations"
)

var (
	errNothingToExport = errors.New("no records to export")
	errUnreadable      = errors.New("the records could not be read")
)

// exportJob is everything a save needs, gathered on the UI goroutine so
// the writing goroutine touches no widget and no Kiosk state.
type exportJob struct {
	dir, class, format string
	day                time.Time
	school, version    string
	title              string                   // the class document's title
	pupilTitle         func(name string) string // a pupil document's title
	packs              func() export.Packs      // loaded only when a file needs them
	progress           export.Progress          // may be nil
	entries            func() ([]signoff.Entry, []signoff.Pupil, error)
}

// exportResult is what a save wrote: the file or folder, and how many
// records are in it.
type exportResult struct {
	path    string
	records int
}

func (k *Kiosk) exportJob(dir, class, format string) exportJob {
	tr, ctx := k.Tr, k.ctx
	who := tr.T(translations.ExportEveryClass)
	if class != "" {
		who = tr.T(translations.ExportOneClass, map[string]any{"Class": class})
	}
	return exportJob{dir: dir, class: class, format: format, day: k.Now(),
		school: k.Pack.School.Name, version: k.Pack.Version,
		title: tr.T(translations.ExportDocTitle, map[string]any{"Class": who}),
		pupilTitle: func(name string) string {
			return tr.T(translations.ExportDocTitlePupil, map[string]any{"Name": name})
		},
		packs:   func() export.Packs { return exportPacks(k.Pack, k.PackFS) },
		entries: func() ([]signoff.Entry, []signoff.Pupil, error) { return k.Signer.ExportEntries(ctx, class) },
	}
}

// exportPacks are the packs a PDF can show records against: the one the
// kiosk has loaded, and the embedded default (which older records may pin).
func exportPacks(loaded *policy.Pack, files fs.FS) export.Packs {
	ps := export.Packs{}
	ps.Add(loaded, files)
	if def, err := assets.Pack(assets.DefaultPackID); err == nil {
		_ = ps.Load(def) // the built-in pack always loads: its tests say so
	}
	return ps
}

// runExport writes the job's file (or folder of files). It runs off the UI
// goroutine.
func (k *Kiosk) runExport(j exportJob) (exportResult, error) {
	entries, pupils, err := j.entries()
	if err != nil {
		return exportResult{}, fmt.Errorf("%w: %w", errUnreadable, err)
	}
	if len(entries) == 0 {
		return exportResult{}, errNothingToExport
	}
	res := exportResult{records: len(entries)}
	switch j.format {
	case formatCSV, formatExcel:
		res.path = filepath.Join(j.dir, export.FileName(j.class, j.day, ".csv"))
		opt := export.CSVOptions{BOM: j.format == formatExcel, Progress: j.progress, Packs: j.packs()}
		err = export.SaveFile(res.path, func(w io.Writer) error { return export.WriteCSV(w, entries, opt) })
	case formatPDF:
		res.path = filepath.Join(j.dir, export.FileName(j.class, j.day, ".pdf"))
		doc := export.Document{Title: j.title, School: j.school, Version: j.version, Pupils: pupils, Entries: entries}
		err = j.savePDF(res.path, doc, j.progress)
	case formatPupils:
		res.path = filepath.Join(j.dir, export.FileName(j.class, j.day, ""))
		err = j.savePupilPDFs(res.path, entries, pupils)
	default:
		err = fmt.Errorf("unknown export format %q", j.format)
	}
	return res, err
}

// pdfOptions loads the fonts and packs a PDF needs, once per save.
func (j exportJob) pdfOptions() (export.PDFOptions, error) {
	regular, bold, err := assets.Andika()
	if err != nil {
		return export.PDFOptions{}, err
	}
	return export.PDFOptions{Packs: j.packs(), Regular: regular, Bold: bold, Created: j.day}, nil
}

func (j exportJob) savePDF(name string, doc export.Document, progress export.Progress) error {
	opt, err := j.pdfOptions()
	if err != nil {
		return err
	}
	opt.Progress = progress
	return export.SaveFile(name, func(w io.Writer) error { return export.WritePDF(w, doc, opt) })
}

// savePupilPDFs writes one PDF for each pupil with records into the folder
// dir (made if need be). If one fails, the files this save wrote are
// removed again, and the folder too if it made it.
func (j exportJob) savePupilPDFs(dir string, entries []signoff.Entry, pupils []signoff.Pupil) (err error) {
	made := true
	if err := os.Mkdir(dir, 0o755); errors.Is(err, os.ErrExist) {
		made = false
	} else if err != nil {
		return err
	}
	var written []string
	defer func() {
		if err == nil {
			return
		}
		for _, f := range written {
			os.Remove(f)
		}
		if made {
			os.Remove(dir)
		}
	}()
	opt, err := j.pdfOptions() // loaded once, not for every pupil
	if err != nil {
		return err
	}
	groups := byPupil(entries, pupils)
	used := map[string]bool{}
	for i, g := range groups {
		name := filepath.Join(dir, pupilFileName(g.pupil, used))
		doc := export.Document{Title: j.pupilTitle(g.pupil.Name()), School: j.school, Version: j.version,
			Entries: g.entries} // no Pupils: one pupil's file has no class cover page
		if err := export.SaveFile(name, func(w io.Writer) error { return export.WritePDF(w, doc, opt) }); err != nil {
			return err
		}
		written = append(written, name)
		if j.progress != nil {
			j.progress(i+1, len(groups))
		}
	}
	return nil
}

// pupilEntries are one pupil's records.
type pupilEntries struct {
	pupil   signoff.Pupil
	entries []signoff.Entry
}

// byPupil groups entries by pupil: the class list's order first, then any
// pupil no longer on it (a leaver) in the order their records came.
func byPupil(entries []signoff.Entry, pupils []signoff.Pupil) []pupilEntries {
	index := map[string]int{}
	var out []pupilEntries
	for _, p := range pupils {
		index[p.UPN] = len(out)
		out = append(out, pupilEntries{pupil: p})
	}
	for _, e := range entries {
		i, ok := index[e.Body.PupilRef]
		if !ok {
			i = len(out)
			index[e.Body.PupilRef] = i
			out = append(out, pupilEntries{pupil: e.Pupil})
		}
		out[i].entries = append(out[i].entries, e)
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.entries) > 0 {
			kept = append(kept, g)
		}
	}
	return kept
}

// pupilFileName is "Hughes-Amelia.pdf", numbered when two pupils share a name.
func pupilFileName(p signoff.Pupil, used map[string]bool) string {
	base := export.SafeName(p.FamilyName + " " + p.GivenName)
	name := base + ".pdf"
	for n := 2; used[name]; n++ {
		name = base + "-" + strconv.Itoa(n) + ".pdf"
	}
	used[name] = true
	return name
}

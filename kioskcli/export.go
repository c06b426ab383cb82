package kioskcli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"smartkiosk/assets"
	"smartkiosk/command"
	"smartkiosk/export"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/translations"
)

// cmdExport writes one CSV row per record to stdout, or to --out; with
// --class only that class's records. --format pdf writes the class's
// printable agreements to --out (a PDF is never written to a terminal).
func cmdExport(flags *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	format := flags.String("format", "csv", "output format: csv or pdf")
	bom := flags.Bool("bom", false, "start the CSV with a UTF-8 byte-order mark (for Excel)")
	class := flags.String("class", "", "export only this class's records (default: every class)")
	out := flags.String("out", "", "write to this file (written whole or not at all) instead of standard output")
	adults := flags.Bool("adults", false, "export the adults' own sign-offs (staff, visitors and volunteers, Wi-Fi) as CSV, instead of the pupils' records")
	builtIn := packFlag(flags)
	if err := command.ParseOnlyFlags(flags, args); err != nil {
		return err
	}
	if err := checkPack(*builtIn); err != nil {
		return err
	}
	if *adults {
		if *format != "csv" || *class != "" {
			return command.Usagef("--adults writes CSV of every adult's sign-off: it takes no --class and no --format pdf")
		}
		return exportAdults(*dataDir, *out, *bom, stdout, stderr)
	}
	var write func(w io.Writer, entries []signoff.Entry, pupils []signoff.Pupil) error
	switch *format {
	case "csv":
		write = func(w io.Writer, entries []signoff.Entry, _ []signoff.Pupil) error {
			_, packs, err := kioskPacks(*dataDir, *builtIn)
			if err != nil {
				return err
			}
			return export.WriteCSV(w, entries, export.CSVOptions{BOM: *bom, Packs: packs})
		}
	case "pdf":
		if *out == "" {
			return command.Usagef("--format pdf needs --out FILE: a PDF is written to a file")
		}
		write = func(w io.Writer, entries []signoff.Entry, pupils []signoff.Pupil) error {
			return writeClassPDF(w, *dataDir, *builtIn, *class, entries, pupils)
		}
	default:
		return command.Usagef("unknown format %q: the kiosk exports csv or pdf", *format)
	}
	st, err := openExisting(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	ReportRecovery(stderr, st.Recovery())
	entries, pupils, err := st.ExportEntries(context.Background(), *class)
	if err != nil {
		return err
	}
	if *out == "" {
		return write(stdout, entries, pupils)
	}
	if err := export.SaveFile(*out, func(w io.Writer) error { return write(w, entries, pupils) }); err != nil {
		return fmt.Errorf("cannot write %s: %w", *out, err)
	}
	fmt.Fprintf(stderr, "Saved %s to %s.\n", plural(len(entries), "record"), *out)
	return nil
}

// writeClassPDF renders a class's (or every class's) agreements against
// the kiosk's pack and the built-in packs.
func writeClassPDF(w io.Writer, dataDir, builtIn, class string, entries []signoff.Entry, pupils []signoff.Pupil) error {
	pack, packs, err := kioskPacks(dataDir, builtIn)
	if err != nil {
		return err
	}
	regular, bold, err := assets.Andika()
	if err != nil {
		return err
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		return err
	}
	who := tr.T(translations.ExportEveryClass)
	if class != "" {
		who = tr.T(translations.ExportOneClass, map[string]any{"Class": class})
	}
	doc := export.Document{Title: tr.T(translations.ExportDocTitle, map[string]any{"Class": who}), School: pack.School.Name,
		Version: pack.Version, Pupils: pupils, Entries: entries}
	return export.WritePDF(w, doc, export.PDFOptions{Packs: packs, Regular: regular, Bold: bold})
}

// plural is "1 record" or "3 records".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// exportAdults writes the adults' own sign-offs as CSV.
func exportAdults(dataDir, out string, bom bool, stdout, stderr io.Writer) error {
	st, err := openExisting(dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	ReportRecovery(stderr, st.Recovery())
	entries, err := st.SignatoryEntries(context.Background())
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return export.WriteSignatoriesCSV(w, entries, export.CSVOptions{BOM: bom}) }
	if out == "" {
		return write(stdout)
	}
	if err := export.SaveFile(out, write); err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	fmt.Fprintf(stderr, "Saved %s to %s.\n", plural(len(entries), "record"), out)
	return nil
}

// kioskPacks are the pack the kiosk runs and every pack its records may
// pin: that one and every built-in one (--pack).
func kioskPacks(dataDir, builtIn string) (*policy.Pack, export.Packs, error) {
	packFS, pack, _, err := LoadPackOr(dataDir, builtIn) // the window and roster import report a notice
	if err != nil {
		return nil, nil, err
	}
	packs := export.Packs{}
	packs.Add(pack, packFS)
	for _, id := range assets.PackIDs() {
		if fsys, err := assets.Pack(id); err == nil {
			_ = packs.Load(fsys) // the built-in packs always load: their tests say so
		}
	}
	return pack, packs, nil
}

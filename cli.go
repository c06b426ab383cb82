package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"smartkiosk/assets"
	"smartkiosk/export"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// commands run without a display, for the school's IT manager and scripts.
var commands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"export": cmdExport,
	"hub":    cmdHub,
	"roster": cmdRoster,
	"staff":  cmdStaff,
	"verify": cmdVerify,
}

func isCommand(arg string) bool { _, ok := commands[arg]; return ok }

func runCommand(args []string, stdout, stderr io.Writer) int {
	if err := commands[args[0]](args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "smartkiosk %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// cmdExport writes one CSV row per record to stdout, or to --out; with
// --class only that class's records. --format pdf writes the class's
// printable agreements to --out (a PDF is never written to a terminal).
func cmdExport(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("export", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	format := flags.String("format", "csv", "output format: csv or pdf")
	bom := flags.Bool("bom", false, "start the CSV with a UTF-8 byte-order mark (for Excel)")
	class := flags.String("class", "", "export only this class's records (default: every class)")
	out := flags.String("out", "", "write to this file (written whole or not at all) instead of standard output")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var write func(w io.Writer, entries []export.Entry, pupils []export.Pupil) error
	switch *format {
	case "csv":
		write = func(w io.Writer, entries []export.Entry, _ []export.Pupil) error {
			return export.WriteCSV(w, entries, export.CSVOptions{BOM: *bom})
		}
	case "pdf":
		if *out == "" {
			return errors.New("--format pdf needs --out FILE: a PDF is written to a file")
		}
		write = func(w io.Writer, entries []export.Entry, pupils []export.Pupil) error {
			return writeClassPDF(w, *dataDir, *class, entries, pupils)
		}
	default:
		return fmt.Errorf("unknown format %q: the kiosk exports csv or pdf", *format)
	}
	st, err := openExisting(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	reportRecovery(stderr, st.Recovery())
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
// the kiosk's pack and the embedded default.
func writeClassPDF(w io.Writer, dataDir, class string, entries []export.Entry, pupils []export.Pupil) error {
	packFS, pack, err := loadPack(dataDir)
	if err != nil {
		return err
	}
	packs := export.Packs{}
	packs.Add(pack, packFS)
	if def, err := assets.Pack(assets.DefaultPackID); err == nil {
		_ = packs.Load(def) // the built-in pack always loads: its tests say so
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

// cmdVerify checks every record's signature, chain link and attachment
// hashes, reading the data folder without changing it. Each problem is
// printed on its own line naming the record; any problem exits 1.
func cmdVerify(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("verify", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	pubHex := flags.String("public-key", "", "the device's Ed25519 public key in hex, as enrolled "+
		"(default: the one in the folder's device.key)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var pub ed25519.PublicKey
	if *pubHex != "" {
		b, err := hex.DecodeString(strings.TrimSpace(*pubHex))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return fmt.Errorf("--public-key must be %d hex digits", 2*ed25519.PublicKeySize)
		}
		pub = b
	}
	rep, err := store.VerifyData(context.Background(), *dataDir, pub)
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p)
	}
	if !rep.OK() {
		return fmt.Errorf("%d problem(s) found; %d records checked against device %s", len(rep.Problems), rep.Records, rep.Device)
	}
	fmt.Fprintf(stdout, "%d records and %d backup(s) checked against device %s (public key %s): "+
		"every signature, chain link and attachment hash holds.\n", rep.Records, rep.Backups, rep.Device, rep.PublicKey)
	return nil
}

const rosterUsage = "smartkiosk roster import [--data DIR] [--dry-run] [--allow-mass-leave] FILE"

// cmdRoster imports the pupil roster from the school MIS's CSV export. It
// prints what the import would do (UPNs, never names) and every row to
// fix, then imports all of it or nothing.
func cmdRoster(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return fmt.Errorf("usage: %s", rosterUsage)
	}
	flags := flag.NewFlagSet("roster import", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	dryRun := flags.Bool("dry-run", false, "show what the import would do, and import nothing")
	allowMassLeave := flags.Bool("allow-mass-leave", false,
		"import even if more than half the pupils would be marked as leavers (the file is the whole school's)")
	files, err := parseInterleaved(flags, args[1:])
	if err != nil {
		return err
	}
	switch len(files) {
	case 0:
		return fmt.Errorf("no roster file given: name the CSV file to import, as in %s", rosterUsage)
	case 1:
	default:
		return fmt.Errorf("%d files given: import one roster file at a time, as in %s", len(files), rosterUsage)
	}
	roster, err := readRoster(files[0])
	if err != nil {
		return err
	}
	st, err := openExisting(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	reportRecovery(stderr, st.Recovery())
	ctx := context.Background()
	plan, err := st.PlanRoster(ctx, roster)
	if err != nil {
		return err
	}
	printRosterPlan(stdout, files[0], plan)
	switch {
	case len(plan.Problems) > 0:
		return fmt.Errorf("%d problem(s) in %s: fix them and import again; nothing was imported", len(plan.Problems), files[0])
	case *dryRun:
		if plan.MassLeave && !*allowMassLeave {
			fmt.Fprintln(stdout, "Importing it will need --allow-mass-leave: more than half the pupils would be marked as left.")
		}
		fmt.Fprintln(stdout, "Dry run: nothing was imported.")
		return nil
	}
	res, err := st.ImportRoster(ctx, roster, store.RosterOptions{AllowMassLeave: *allowMassLeave})
	var mass *store.MassLeaveError
	if errors.As(err, &mass) {
		return fmt.Errorf("nothing was imported: this file would mark %d of %d pupils as leavers. "+
			"If it is the whole school's roster, import again with --allow-mass-leave", mass.Leavers, mass.Active)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported: %d new, %d updated, %d marked as left, %d unchanged.\n",
		res.Added, res.Updated, res.Left, res.Unchanged)
	return nil
}

// parseInterleaved parses flags before, between and after the other
// arguments ("import FILE --dry-run" as well as "import --dry-run FILE")
// and returns the other arguments.
func parseInterleaved(flags *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		if flags.NArg() == 0 {
			return rest, nil
		}
		rest, args = append(rest, flags.Arg(0)), flags.Args()[1:]
	}
}

func readRoster(name string) (*store.RosterFile, error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("there is no file %s: check the file's name and folder", name)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the roster file: %w", err)
	}
	defer f.Close()
	roster, err := store.ParseRoster(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return roster, nil
}

// openExisting opens the kiosk's database, which must already exist: a
// mistyped --data folder must not become a new, empty kiosk.
func openExisting(dataDir string) (*store.Store, error) {
	dbPath := filepath.Join(dataDir, store.DatabaseFile)
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("no kiosk database in %s: check the --data folder", dataDir)
	}
	return store.Open(dbPath)
}

// printRosterPlan shows what an import would do, by UPN, and every row
// to fix.
func printRosterPlan(w io.Writer, name string, plan store.RosterPlan) {
	fmt.Fprintf(w, "%s compared with the kiosk's %d active pupil(s):\n", name, plan.Active)
	fmt.Fprintf(w, "  %d new", len(plan.Add))
	if plan.NoBand > 0 {
		fmt.Fprintf(w, " (%d with no band: they start in band a)", plan.NoBand)
	}
	fmt.Fprintf(w, "\n  %d updated\n", len(plan.Update))
	for _, ch := range plan.Update {
		fmt.Fprintf(w, "    %s: %s\n", ch.Row.UPN, strings.Join(ch.Changes, ", "))
	}
	fmt.Fprintf(w, "  %d leaving (marked as left; their records are kept)\n", len(plan.Leave))
	for _, p := range plan.Leave {
		fmt.Fprintf(w, "    %s\n", p.UPN)
	}
	fmt.Fprintf(w, "  %d unchanged\n", plan.Unchanged)
	if len(plan.Problems) > 0 {
		fmt.Fprintf(w, "%d problem(s) to fix in the file:\n", len(plan.Problems))
	}
	for _, p := range plan.Problems {
		fmt.Fprintln(w, p)
	}
}

// recoverySentences tell the adult, in plain words, what Open did about a
// damaged database.
func recoverySentences(tr *translations.Translator, rec *store.Recovery) []string {
	if len(rec.MovedAside) == 0 { // a restore interrupted by a crash, finished now
		return []string{tr.T(translations.RecoveryFinished), tr.T(translations.RecoveryTellIT)}
	}
	out := []string{tr.T(translations.RecoveryRestored, map[string]any{
		"Moved": rec.MovedAside[0], "Day": rec.BackupDay.Format("2 January 2006"),
	})}
	if len(rec.Lost) == 0 {
		out = append(out, tr.T(translations.RecoveryNoneLost))
	} else {
		out = append(out, tr.T(translations.RecoveryLost, map[string]any{
			"Count": len(rec.Lost), "IDs": strings.Join(rec.Lost, ", "),
		}))
	}
	if rec.Incomplete {
		out = append(out, tr.T(translations.RecoveryIncomplete))
	}
	return append(out, tr.T(translations.RecoveryTellIT))
}

// reportRecovery prints a recovery report (if any) for the IT manager,
// with what SQLite found.
func reportRecovery(w io.Writer, rec *store.Recovery) {
	if rec == nil {
		return
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		fmt.Fprintf(w, "smartkiosk: the database was damaged and restored from %s\n", rec.Backup)
		return
	}
	fmt.Fprintf(w, "smartkiosk: %s\n(SQLite found: %s)\n", strings.Join(recoverySentences(tr, rec), " "), rec.Problem)
}

// defaultDataDir is the per-user application data folder of the OS.
func defaultDataDir() string {
	const name = "smartkiosk"
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, name)
		}
	case "darwin":
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, "Library", "Application Support", name)
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, name)
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", name)
	}
	return name
}

const staffUsage = "smartkiosk staff add [--data DIR] --name NAME [--role ta|teacher|admin] < PIN"

// cmdStaff adds an adult from the command line, reading their PIN from
// standard input (never from the command line, where other users could see
// it). The kiosk's first admin is made this way; after that, only while
// no admin exists — admins add adults in the adult area.
func cmdStaff(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("usage: %s", staffUsage)
	}
	flags := flag.NewFlagSet("staff add", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	name := flags.String("name", "", "the adult's name")
	role := flags.String("role", store.RoleAdmin, "ta, teacher or admin")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	pin, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && pin == "" {
		return fmt.Errorf("type the adult's PIN on standard input, as in: echo 123456 | %s", staffUsage)
	}
	st, err := store.Open(filepath.Join(*dataDir, store.DatabaseFile))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.AddStaff(context.Background(), 0, *name, *role, strings.TrimSpace(pin)); err != nil {
		if errors.Is(err, store.ErrNotAdmin) {
			return errors.New("this kiosk already has an admin: add adults in the kiosk's adult area (Staff)")
		}
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s). They sign in with their PIN.\n", *name, *role)
	return nil
}

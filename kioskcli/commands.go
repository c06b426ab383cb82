// Package kioskcli is the kiosk binary's command line: the window's flags,
// --help and --version, and the commands that need no display (export,
// verify, roster import, staff add, hub enrol/sync/bundle) for the school's
// IT manager and scripts. It imports no Fyne: main.go opens the window.
package kioskcli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"smartkiosk/assets"
	"smartkiosk/command"
	"smartkiosk/store"
	"smartkiosk/translations"
	"smartkiosk/version"
)

// Options are the kiosk window's flags.
type Options struct {
	Data     string   // the data folder
	Demo     bool     // fill an empty kiosk with the demo school
	Pack     string   // the built-in pack to use until the hub sends one (assets.PackIDs)
	Windowed bool     // a window instead of full screen
	Media    []string // folders where USB sticks and shared drives appear
}

// Parse reads the kiosk's command line. A command, --help or
// --version runs here and Parse returns its exit code with nil
// options; the options are non-nil only when the window should open.
// Exit codes: 0 done, 1 failed (a sentence on stderr says why), 2 the
// command line is wrong (the usage follows on stderr).
func Parse(args []string, stdout, stderr io.Writer) (opts *Options, code int) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return nil, runWord(args, stdout, stderr)
	}
	if opts, code = parseGUI(args, stdout, stderr); opts == nil {
		return nil, code
	}
	if err := needDisplay(runtime.GOOS, os.Getenv); err != nil {
		fmt.Fprintln(stderr, "smartkiosk:", err)
		return nil, 1
	}
	return opts, 0
}

// parseGUI parses the window's flags, or answers --help and --version.
func parseGUI(args []string, stdout, stderr io.Writer) (*Options, int) {
	opts := &Options{}
	var showVersion bool
	flags := guiFlags(opts, &showVersion)
	err := flags.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stdout, flags)
		return nil, 0
	case err == nil && flags.NArg() > 0:
		err = misplaced(flags.Arg(0))
	case err == nil && showVersion:
		fmt.Fprintln(stdout, version.Line("smartkiosk"))
		return nil, 0
	case err == nil:
		err = checkPack(opts.Pack)
	}
	if err != nil {
		fmt.Fprintln(stderr, "smartkiosk:", err)
		printUsage(stderr, flags)
		return nil, 2
	}
	return opts, 0 // no --media: the file page looks where the system mounts drives
}

func guiFlags(opts *Options, showVersion *bool) *flag.FlagSet {
	flags := flag.NewFlagSet("smartkiosk", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // parseGUI says what was wrong, once
	flags.StringVar(&opts.Data, "data", defaultDataDir(), "folder for the kiosk's database and keys")
	flags.BoolVar(&opts.Demo, "demo", false, "fill an empty kiosk with the fictional school of the pack it runs "+
		"(the Example School, or Wrotham Example School with --pack wrotham)")
	flags.StringVar(&opts.Pack, "pack", assets.DefaultPackID, "the built-in policy pack (`PACK`) to run until the school's hub sends one "+
		"(built in: "+quoted(assets.PackIDs())+")")
	flags.BoolVar(&opts.Windowed, "windowed", false, "run in a window instead of full screen")
	flags.Func("media", "a folder (`DIR`) where USB sticks and shared drives appear; repeat it or separate folders with commas "+
		"(default: /media/$USER, /run/media/$USER, /media, /mnt)", func(v string) error {
		opts.Media = append(opts.Media, command.SplitList(v)...)
		return nil
	})
	flags.BoolVar(showVersion, "version", false, "print the version and exit")
	return flags
}

// misplaced says why a word after the window's flags is not run.
func misplaced(word string) error {
	if kiosk.HasGroup(word) {
		return fmt.Errorf("%q after flags: a command comes first, as in smartkiosk %s --data DIR", word, word)
	}
	return fmt.Errorf("unknown command %q", word)
}

// needDisplay fails, in a sentence, where the window could not open:
// Fyne panics on Linux and the BSDs when there is no X or Wayland display.
func needDisplay(goos string, getenv func(string) string) error {
	switch goos {
	case "windows", "darwin", "ios", "android", "js", "wasip1":
		return nil
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	return errors.New("no display: DISPLAY and WAYLAND_DISPLAY are both empty, so the kiosk cannot open its window; " +
		"run from a desktop session, or use a subcommand (see --help)")
}

// kiosk is the kiosk's commands, which need no display, for the school's
// IT manager and scripts.
var kiosk = &command.Program{Name: "smartkiosk", Commands: []command.Command{
	{Name: "export", Args: "[--data DIR] [--pack PACK] [--format csv|pdf] [--bom] [--class NAME | --adults] [--out FILE]",
		Summary: "write the records as CSV, or a class's agreements as PDF; --adults: the staff, visitor and Wi-Fi sign-offs", Run: cmdExport},
	{Name: "verify", Args: "[--data DIR] [--public-key HEX]",
		Summary: "check every record's signature, chain link and attachments", Run: cmdVerify},
	{Name: "roster import", Args: rosterArgs, Summary: "import the pupil roster from the school MIS's CSV export", Run: cmdRoster},
	{Name: "staff add", Args: staffArgs, Summary: "add an adult, reading their PIN from standard input", Run: cmdStaff},
	{Name: "hub enrol", Args: "[--data DIR] --url URL --code CODE [--fingerprint FP]",
		Summary: "connect the kiosk to the school's hub with a one-time code", Run: cmdHubEnrol},
	{Name: "hub sync", Args: "[--data DIR]", Summary: "send the waiting records to the hub once", Run: cmdHubSync},
	{Name: "hub bundle", Args: "[--data DIR] --to FOLDER",
		Summary: "write the waiting records into a folder (a USB stick) for the hub", Run: cmdHubBundle},
}}

func init() { kiosk.Usage = func(w io.Writer) { printUsage(w, guiFlags(&Options{}, new(bool))) } }

// runWord runs the command line that starts with a word: help, or a
// command.
func runWord(args []string, stdout, stderr io.Writer) int {
	if args[0] != "help" {
		return kiosk.Run(args, stdout, stderr)
	}
	if len(args) == 1 {
		kiosk.Usage(stdout)
		return 0
	}
	return kiosk.Run(append(args[1:len(args):len(args)], "--help"), stdout, stderr)
}

// printUsage is the kiosk's --help: the window's flags and every command.
func printUsage(w io.Writer, flags *flag.FlagSet) {
	fmt.Fprint(w, `usage: smartkiosk [--data DIR] [--demo] [--pack PACK] [--windowed] [--media DIR]...
       smartkiosk COMMAND [flags]

With no command the kiosk opens full screen; it needs a display. The
commands need none:

`)
	kiosk.PrintCommands(w)
	fmt.Fprintln(w, "\nFlags:")
	command.PrintFlags(w, flags)
}

// quoted lists words as a sentence does: "a", "b" and "c".
func quoted(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
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

// recoveryActions say what an audit action a restore took back was.
var recoveryActions = map[string]*translations.Message{
	store.AuditRosterImported: translations.RecoveryRoster, store.AuditStaffAdded: translations.RecoveryStaffAdded,
	store.AuditStaffDeactivated: translations.RecoveryStaffDeactivated, store.AuditPINChanged: translations.RecoveryPINChanged,
	store.AuditProfileChanged: translations.RecoveryProfile, store.AuditBandChanged: translations.RecoveryBand,
	store.AuditTabletMode: translations.RecoveryTabletMode, store.AuditHubEnrolled: translations.RecoveryHubEnrolled,
}

// RecoverySentences tell the adult, in plain words, what Open did about a
// damaged database.
func RecoverySentences(tr *translations.Translator, rec *store.Recovery) []string {
	if len(rec.MovedAside) == 0 { // a restore interrupted by a crash, finished now
		return []string{tr.T(translations.RecoveryFinished), tr.T(translations.RecoveryTellIT)}
	}
	out := []string{tr.T(translations.RecoveryRestored, map[string]any{
		"Moved": rec.MovedAside[0], "Day": rec.BackupDay.Format("2 January 2006"),
	})}
	switch {
	case rec.LostCount > len(rec.Lost) && len(rec.Lost) == 0:
		out = append(out, tr.T(translations.RecoveryLostNoIDs, map[string]any{"Count": rec.LostCount}))
	case rec.LostCount > len(rec.Lost):
		out = append(out, tr.T(translations.RecoveryLostSomeIDs, map[string]any{
			"Count": rec.LostCount, "Known": len(rec.Lost), "IDs": strings.Join(rec.Lost, ", "),
		}))
	case len(rec.Lost) > 0:
		out = append(out, tr.T(translations.RecoveryLost, map[string]any{
			"Count": len(rec.Lost), "IDs": strings.Join(rec.Lost, ", "),
		}))
	case rec.Incomplete:
		out = append(out, tr.T(translations.RecoveryNoneFound))
	default:
		out = append(out, tr.T(translations.RecoveryNoneLost))
	}
	if rec.OnHub > 0 {
		out = append(out, tr.T(translations.RecoveryOnHub, map[string]any{"Count": rec.OnHub}))
	}
	day := map[string]any{"Day": rec.BackupDay.Format("2 January 2006")}
	switch {
	case !rec.ChangesKnown:
		out = append(out, tr.T(translations.RecoveryChangesUnknown, day))
	case len(rec.Changes) > 0:
		var what []string
		for _, c := range rec.Changes {
			if m, ok := recoveryActions[c.Action]; ok {
				what = append(what, tr.T(m, map[string]any{"Count": c.Count}))
			}
		}
		day["List"] = strings.Join(what, "; ")
		out = append(out, tr.T(translations.RecoveryChanges, day))
	}
	return append(out, tr.T(translations.RecoveryTellIT))
}

// ReportRecovery prints a recovery report (if any) for the IT manager,
// with what SQLite found: the commands and the window do, when they open
// a repaired database.
func ReportRecovery(w io.Writer, rec *store.Recovery) {
	if rec == nil {
		return
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		fmt.Fprintf(w, "smartkiosk: the database was damaged and restored from %s\n", rec.Backup)
		return
	}
	fmt.Fprintf(w, "smartkiosk: %s\n(SQLite found: %s)\n", strings.Join(RecoverySentences(tr, rec), " "), rec.Problem)
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

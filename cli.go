package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"smartkiosk/store"
	"smartkiosk/translations"
	"smartkiosk/version"
)

// guiOptions are the kiosk window's flags.
type guiOptions struct {
	Data     string   // the data folder
	Demo     bool     // fill an empty kiosk with the demo school
	Windowed bool     // a window instead of full screen
	Media    []string // folders where USB sticks and shared drives appear
}

// parseArgs reads the kiosk's command line. A command, --help or
// --version runs here and parseArgs returns its exit code with nil
// options; the options are non-nil only when the window should open.
// Exit codes: 0 done, 1 failed (a sentence on stderr says why), 2 the
// command line is wrong (the usage follows on stderr).
func parseArgs(args []string, stdout, stderr io.Writer) (opts *guiOptions, code int) {
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
func parseGUI(args []string, stdout, stderr io.Writer) (*guiOptions, int) {
	opts := &guiOptions{}
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
	}
	if err != nil {
		fmt.Fprintln(stderr, "smartkiosk:", err)
		printUsage(stderr, flags)
		return nil, 2
	}
	return opts, 0 // no --media: the file page looks where the system mounts drives
}

func guiFlags(opts *guiOptions, showVersion *bool) *flag.FlagSet {
	flags := flag.NewFlagSet("smartkiosk", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // parseGUI says what was wrong, once
	flags.StringVar(&opts.Data, "data", defaultDataDir(), "folder for the kiosk's database and keys")
	flags.BoolVar(&opts.Demo, "demo", false, "fill an empty kiosk with the fictional Example School")
	flags.BoolVar(&opts.Windowed, "windowed", false, "run in a window instead of full screen")
	flags.Func("media", "a folder (`DIR`) where USB sticks and shared drives appear; repeat it or separate folders with commas "+
		"(default: /media/$USER, /run/media/$USER, /media, /mnt)", func(v string) error {
		opts.Media = append(opts.Media, splitList(v)...)
		return nil
	})
	flags.BoolVar(showVersion, "version", false, "print the version and exit")
	return flags
}

// misplaced says why a word after the window's flags is not run.
func misplaced(word string) error {
	if findGroup(word) {
		return fmt.Errorf("%q after flags: a command comes first, as in smartkiosk %s --data DIR", word, word)
	}
	return fmt.Errorf("unknown command %q", word)
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
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

// command is one thing the kiosk does without a display, for the
// school's IT manager and scripts.
type command struct {
	name    string // "export", or a group and a verb: "hub sync"
	args    string // what follows the name in its usage line
	summary string // one line for --help
	// run defines its flags on flags, parses args with parseFlags and runs.
	run func(flags *flag.FlagSet, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"export", "[--data DIR] [--format csv|pdf] [--bom] [--class NAME] [--out FILE]",
		"write the records as CSV, or a class's agreements as PDF", cmdExport},
	{"verify", "[--data DIR] [--public-key HEX]",
		"check every record's signature, chain link and attachments", cmdVerify},
	{"roster import", rosterArgs, "import the pupil roster from the school MIS's CSV export", cmdRoster},
	{"staff add", staffArgs, "add an adult, reading their PIN from standard input", cmdStaff},
	{"hub enrol", "[--data DIR] --url URL --code CODE [--fingerprint FP]",
		"connect the kiosk to the school's hub with a one-time code", cmdHubEnrol},
	{"hub sync", "[--data DIR]", "send the waiting records to the hub once", cmdHubSync},
	{"hub bundle", "[--data DIR] --to FOLDER",
		"write the waiting records into a folder (a USB stick) for the hub", cmdHubBundle},
}

// findCommand finds the command args start with, and its arguments.
func findCommand(args []string) (*command, []string) {
	for i := range commands {
		n := len(strings.Fields(commands[i].name))
		if len(args) >= n && strings.Join(args[:n], " ") == commands[i].name {
			return &commands[i], args[n:]
		}
	}
	return nil, nil
}

// findGroup reports whether word is a command or a group of them ("hub").
func findGroup(word string) bool {
	for _, c := range commands {
		if c.group() == word {
			return true
		}
	}
	return false
}

func (c *command) group() string { return strings.Fields(c.name)[0] }

// usageError is a command line that cannot run: a bad flag or argument,
// or --help (flag.ErrHelp). runCommand prints the command's usage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// parseFlags parses flags before, between and after the other arguments
// and returns the other arguments.
func parseFlags(flags *flag.FlagSet, args []string) ([]string, error) {
	rest, err := parseInterleaved(flags, args)
	if err != nil {
		return nil, usageError{err}
	}
	return rest, nil
}

// parseOnlyFlags parses a command that takes flags and no other argument.
func parseOnlyFlags(flags *flag.FlagSet, args []string) error {
	rest, err := parseFlags(flags, args)
	if err == nil && len(rest) > 0 {
		err = usagef("unexpected argument %q: smartkiosk %s takes only flags", rest[0], strings.TrimPrefix(flags.Name(), "smartkiosk "))
	}
	return err
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

// runWord runs the command line that starts with a word: help, or a
// command.
func runWord(args []string, stdout, stderr io.Writer) int {
	if args[0] != "help" {
		return runCommand(args, stdout, stderr)
	}
	if len(args) == 1 {
		printUsage(stdout, guiFlags(&guiOptions{}, new(bool)))
		return 0
	}
	return runCommand(append(args[1:len(args):len(args)], "--help"), stdout, stderr)
}

// runCommand runs the command args name and returns its exit code.
func runCommand(args []string, stdout, stderr io.Writer) int {
	cmd, rest := findCommand(args)
	if cmd == nil {
		return unknownCommand(args, stdout, stderr)
	}
	flags := flag.NewFlagSet("smartkiosk "+cmd.name, flag.ContinueOnError)
	flags.SetOutput(io.Discard) // runCommand says what was wrong, once
	err := cmd.run(flags, rest, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		cmd.printUsage(stdout, flags)
		return 0
	}
	fmt.Fprintf(stderr, "smartkiosk %s: %v\n", cmd.group(), err)
	if errors.As(err, new(usageError)) {
		cmd.printUsage(stderr, flags)
		return 2
	}
	return 1
}

// unknownCommand answers a word that names no command: a group's --help,
// or the usage on stderr.
func unknownCommand(args []string, stdout, stderr io.Writer) int {
	group := args[0]
	switch {
	case !findGroup(group):
		fmt.Fprintf(stderr, "smartkiosk: unknown command %q\n", group)
		printUsage(stderr, guiFlags(&guiOptions{}, new(bool)))
		return 2
	case len(args) > 1 && isHelp(args[1]):
		printCommands(stdout, group)
		return 0
	case len(args) == 1:
		fmt.Fprintf(stderr, "smartkiosk %s: name what to do\n", group)
	default:
		fmt.Fprintf(stderr, "smartkiosk %s: unknown command %q\n", group, args[1])
	}
	printCommands(stderr, group)
	return 2
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// printUsage is the kiosk's --help: the window's flags and every command.
func printUsage(w io.Writer, flags *flag.FlagSet) {
	fmt.Fprint(w, `usage: smartkiosk [--data DIR] [--demo] [--windowed] [--media DIR]...
       smartkiosk COMMAND [flags]

With no command the kiosk opens full screen; it needs a display. The
commands need none:

`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-14s %s\n", "help", "show this; smartkiosk COMMAND --help shows a command's flags")
	fmt.Fprintln(w, "\nFlags:")
	flags.SetOutput(w)
	flags.PrintDefaults()
	flags.SetOutput(io.Discard)
}

// printCommands lists a group's commands ("hub") with their usage lines.
func printCommands(w io.Writer, group string) {
	fmt.Fprintln(w, "usage:")
	for _, c := range commands {
		if c.group() == group {
			fmt.Fprintf(w, "  smartkiosk %s %s\n      %s\n", c.name, c.args, c.summary)
		}
	}
	fmt.Fprintf(w, "\nsmartkiosk %s COMMAND --help shows a command's flags.\n", group)
}

// printUsage is a command's --help: its usage line, what it does and its
// flags.
func (c *command) printUsage(w io.Writer, flags *flag.FlagSet) {
	fmt.Fprintf(w, "usage: smartkiosk %s %s\n\n%s%s.\n\nFlags:\n", c.name, c.args, strings.ToUpper(c.summary[:1]), c.summary[1:])
	flags.SetOutput(w)
	flags.PrintDefaults()
	flags.SetOutput(io.Discard)
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

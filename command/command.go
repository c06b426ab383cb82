// Package command runs a program's subcommands the same way in both of the
// project's binaries: a table of commands, each with a one-line summary
// for --help; "GROUP --help" for a group of them ("hub", "roster");
// COMMAND --help for one command's flags; and exit codes 0 (done), 1 (it
// failed, with a sentence on stderr) and 2 (the command line is wrong,
// with the usage on stderr). It uses only the standard library.
package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Command is one thing a program does from the command line.
type Command struct {
	Name    string // "export", or a group and a verb: "hub sync"
	Args    string // what follows the name in its usage line
	Summary string // one line for --help
	// Run defines its flags on flags, parses args with ParseFlags or
	// ParseOnlyFlags, and runs.
	Run func(flags *flag.FlagSet, args []string, stdout, stderr io.Writer) error
}

// Group is the command's first word ("hub" of "hub sync").
func (c *Command) Group() string { return strings.Fields(c.Name)[0] }

// Program is a binary's commands.
type Program struct {
	Name     string    // "smartkiosk"
	Commands []Command // in the order --help lists them
	// Usage writes the program's own --help (its usage lines, then
	// usually PrintCommands).
	Usage func(w io.Writer)
}

// Run runs the command line args, which starts with a command's name,
// and returns the exit code.
func (p *Program) Run(args []string, stdout, stderr io.Writer) int {
	cmd, rest := p.find(args)
	if cmd == nil {
		return p.unknown(args, stdout, stderr)
	}
	flags := flag.NewFlagSet(p.Name+" "+cmd.Name, flag.ContinueOnError)
	flags.SetOutput(io.Discard) // Run says what was wrong, once
	err := cmd.Run(flags, rest, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		p.printCommand(stdout, cmd, flags)
		return 0
	}
	fmt.Fprintf(stderr, "%s %s: %v\n", p.Name, cmd.Group(), err)
	if errors.As(err, new(UsageError)) {
		p.printCommand(stderr, cmd, flags)
		return 2
	}
	return 1
}

// HasGroup reports whether word is a command or a group of them.
func (p *Program) HasGroup(word string) bool {
	for i := range p.Commands {
		if p.Commands[i].Group() == word {
			return true
		}
	}
	return false
}

func (p *Program) find(args []string) (*Command, []string) {
	for i := range p.Commands {
		n := len(strings.Fields(p.Commands[i].Name))
		if len(args) >= n && strings.Join(args[:n], " ") == p.Commands[i].Name {
			return &p.Commands[i], args[n:]
		}
	}
	return nil, nil
}

// unknown answers a command line that names no command: a group's
// --help, or the usage on stderr.
func (p *Program) unknown(args []string, stdout, stderr io.Writer) int {
	group := args[0]
	switch {
	case !p.HasGroup(group):
		fmt.Fprintf(stderr, "%s: unknown command %q\n", p.Name, group)
		p.Usage(stderr)
		return 2
	case len(args) > 1 && IsHelp(args[1]):
		p.PrintGroup(stdout, group)
		return 0
	case len(args) == 1:
		fmt.Fprintf(stderr, "%s %s: name what to do\n", p.Name, group)
	default:
		fmt.Fprintf(stderr, "%s %s: unknown command %q\n", p.Name, group, args[1])
	}
	p.PrintGroup(stderr, group)
	return 2
}

// IsHelp reports whether arg asks for help.
func IsHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// PrintCommands lists every command with its one line, then help.
func (p *Program) PrintCommands(w io.Writer) {
	width := len("help")
	for _, c := range p.Commands {
		width = max(width, len(c.Name))
	}
	for _, c := range p.Commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintf(w, "  %-*s  show this; %s COMMAND --help shows a command's flags\n", width, "help", p.Name)
}

// PrintGroup lists a group's commands ("hub") with their usage lines.
func (p *Program) PrintGroup(w io.Writer, group string) {
	fmt.Fprintln(w, "usage:")
	for _, c := range p.Commands {
		if c.Group() == group {
			fmt.Fprintf(w, "  %s %s %s\n      %s\n", p.Name, c.Name, c.Args, c.Summary)
		}
	}
	fmt.Fprintf(w, "\n%s %s COMMAND --help shows a command's flags.\n", p.Name, group)
}

// printCommand is a command's --help: its usage line, what it does and
// its flags.
func (p *Program) printCommand(w io.Writer, c *Command, flags *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s %s %s\n\n%s%s.\n\nFlags:\n", p.Name, c.Name, c.Args, strings.ToUpper(c.Summary[:1]), c.Summary[1:])
	PrintFlags(w, flags)
}

// PrintFlags writes the flags' defaults to w.
func PrintFlags(w io.Writer, flags *flag.FlagSet) {
	flags.SetOutput(w)
	flags.PrintDefaults()
	flags.SetOutput(io.Discard)
}

// UsageError is a command line that cannot run: a bad flag or argument.
// Run prints the command's usage after it and exits 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef is a UsageError in words.
func Usagef(format string, a ...any) error { return UsageError{fmt.Errorf(format, a...)} }

// ParseFlags parses flags before, between and after the other arguments
// ("import FILE --dry-run" as well as "import --dry-run FILE") and returns
// the other arguments. --help comes back as flag.ErrHelp.
func ParseFlags(flags *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, UsageError{err}
		}
		if flags.NArg() == 0 {
			return rest, nil
		}
		rest, args = append(rest, flags.Arg(0)), flags.Args()[1:]
	}
}

// ParseOnlyFlags parses a command that takes flags and no other argument.
func ParseOnlyFlags(flags *flag.FlagSet, args []string) error {
	rest, err := ParseFlags(flags, args)
	if err == nil && len(rest) > 0 {
		err = Usagef("unexpected argument %q: %s takes only flags", rest[0], flags.Name())
	}
	return err
}

// SplitList splits a comma-separated flag value ("a, b,c"), dropping
// empty items.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

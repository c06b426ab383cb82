package command

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

// testProgram has a plain command, a group of two, and one that fails.
func testProgram(ran *[]string) *Program {
	record := func(name string) func(*flag.FlagSet, []string, io.Writer, io.Writer) error {
		return func(flags *flag.FlagSet, args []string, stdout, _ io.Writer) error {
			n := flags.Int("n", 0, "how many")
			rest, err := ParseFlags(flags, args)
			if err != nil {
				return err
			}
			*ran = append(*ran, name+" "+strings.Join(rest, ",")+" "+string(rune('0'+*n)))
			return nil
		}
	}
	p := &Program{Name: "prog", Commands: []Command{
		{Name: "one", Args: "[--n N] FILE", Summary: "do one thing", Run: record("one")},
		{Name: "grp a", Args: "[--n N]", Summary: "do a", Run: record("grp a")},
		{Name: "grp b", Args: "", Summary: "do b", Run: func(flags *flag.FlagSet, args []string, _, _ io.Writer) error {
			if err := ParseOnlyFlags(flags, args); err != nil {
				return err
			}
			return errors.New("it went wrong")
		}},
	}}
	p.Usage = func(w io.Writer) { io.WriteString(w, "usage: prog COMMAND\n"); p.PrintCommands(w) }
	return p
}

func TestProgram_Run(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		args      []string
		code      int
		ran       string
		out, errs string // what stdout and stderr must hold
	}{
		{"OK", []string{"one", "f.csv", "--n", "3"}, 0, "one f.csv 3", "", ""},
		{"FlagsFirst", []string{"grp", "a", "--n=2"}, 0, "grp a  2", "", ""},
		{"Help", []string{"one", "--help"}, 0, "", "usage: prog one [--n N] FILE\n\nDo one thing.", ""},
		{"GroupHelp", []string{"grp", "-h"}, 0, "", "prog grp a [--n N]\n      do a", ""},
		{"ErrFailed", []string{"grp", "b"}, 1, "", "", "prog grp: it went wrong"},
		{"ErrStray", []string{"grp", "b", "x"}, 2, "", "", `unexpected argument "x": prog grp b takes only flags`},
		{"ErrFlag", []string{"one", "--nope"}, 2, "", "", "usage: prog one"},
		{"ErrUnknown", []string{"frob"}, 2, "", "", "prog: unknown command \"frob\"\nusage: prog COMMAND"},
		{"ErrGroupAlone", []string{"grp"}, 2, "", "", "prog grp: name what to do"},
		{"ErrGroupUnknown", []string{"grp", "c"}, 2, "", "", `prog grp: unknown command "c"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var ran []string
			var out, errs bytes.Buffer
			code := testProgram(&ran).Run(c.args, &out, &errs)
			if code != c.code || strings.Join(ran, ";") != c.ran || !strings.Contains(out.String(), c.out) || !strings.Contains(errs.String(), c.errs) {
				t.Errorf("exit %d (want %d), ran %q (want %q)\nstdout %q (want %q)\nstderr %q (want %q)",
					code, c.code, ran, c.ran, out.String(), c.out, errs.String(), c.errs)
			}
		})
	}
}

func TestProgram_PrintCommands(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	testProgram(new([]string)).PrintCommands(&out)
	want := "  one    do one thing\n  grp a  do a\n  grp b  do b\n  help   show this; prog COMMAND --help shows a command's flags\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestSplitList(t *testing.T) {
	t.Parallel()
	if got := strings.Join(SplitList(" a, b,,c ,"), "|"); got != "a|b|c" {
		t.Errorf("SplitList = %q", got)
	}
}

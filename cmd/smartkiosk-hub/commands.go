package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/roster"
)

// rosterImport replaces the hub's roster with a MIS export (the same
// columns and checks as the kiosk's roster import). Any bad row stops the
// import with every problem listed; nothing is half-imported.
func rosterImport(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "name one roster file (.csv)", nil, func(ctx context.Context, st hub.Store, _ common, rest []string) error {
		f, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer f.Close()
		pack, err := hub.CurrentPack(ctx, st) // the bands a roster may name are the pack's
		if err != nil {
			return err
		}
		rf, err := roster.Parse(f, pack.BandNames())
		if err != nil {
			return err
		}
		if len(rf.Problems) > 0 {
			var b strings.Builder
			fmt.Fprintf(&b, "%s has %d row(s) to fix; nothing was imported:", rest[0], len(rf.Problems))
			for _, p := range rf.Problems {
				fmt.Fprintf(&b, "\n  %s", p)
			}
			return errors.New(b.String())
		}
		pupils := make([]proto.Pupil, len(rf.Rows))
		for i, r := range rf.Rows {
			pupils[i] = proto.RosterPupil(r.Pupil)
		}
		v, err := st.PutRoster(ctx, pupils, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Roster version %d: %d pupils. Kiosks fetch it at their next sync.\n", v, len(pupils))
		return nil
	})
}

// packPublish makes a policy pack folder the one kiosks download.
func packPublish(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "name one policy pack folder (the one holding pack.toml)", nil, func(ctx context.Context, st hub.Store, _ common, rest []string) error {
		m, err := hub.PublishPack(ctx, st, os.DirFS(rest[0]), time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Published %s version %s (%d files, %s). Kiosks use it from their next start after a sync.\n",
			m.ID, m.Version, len(m.Files), m.Fingerprint)
		return nil
	})
}

// classes collects repeated --class flags.
type classes []string

func (c *classes) String() string     { return strings.Join(*c, ",") }
func (c *classes) Set(v string) error { *c = append(*c, v); return nil }

// userAdd makes a staff account; the password is read from standard input
// so it never appears in the shell's history or the process list.
func userAdd(fs *flag.FlagSet, args []string, stdin io.Reader, stdout io.Writer) error {
	var name, role string
	var cls classes
	extra := func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "the person's sign-in name")
		fs.StringVar(&role, "role", hub.RoleTutor, "admin, dsl or tutor")
		fs.Var(&cls, "class", "a class a tutor may see (repeat for more)")
	}
	return withStore(fs, args, "", extra, func(ctx context.Context, st hub.Store, _ common, _ []string) error {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if err := hub.AddUser(ctx, st, name, strings.TrimRight(line, "\r\n"), role, cls, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Added %s (%s).\n", name, role)
		return nil
	})
}

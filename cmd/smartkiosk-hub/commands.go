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
)

// rosterImport replaces the hub's roster with a MIS export (the same
// columns and checks as the kiosk's roster import). Any bad row stops the
// import with every problem listed; nothing is half-imported. It first
// shows what would change, by UPN; --dry-run stops there, and a file that
// would mark more than half the roster as leavers (one class's file, say)
// needs --allow-mass-leave, as on the kiosk.
func rosterImport(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	var dryRun, allowMassLeave bool
	extra := func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "show what the import would do, and import nothing")
		fs.BoolVar(&allowMassLeave, "allow-mass-leave", false,
			"import even if more than half the pupils would be marked as leavers (the file is the whole school's)")
	}
	return withStore(fs, args, "name one roster file (.csv)", extra, func(ctx context.Context, st hub.Store, _ common, rest []string) error {
		f, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer f.Close()
		rf, pupils, err := hub.ReadRoster(ctx, st, f)
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
		plan, err := hub.PlanRoster(ctx, st, pupils)
		if err != nil {
			return err
		}
		printRosterPlan(stdout, rest[0], plan)
		switch {
		case dryRun:
			if plan.MassLeave && !allowMassLeave {
				fmt.Fprintln(stdout, "Importing it will need --allow-mass-leave: more than half the pupils would be marked as left.")
			}
			fmt.Fprintln(stdout, "Dry run: nothing was imported.")
			return nil
		case plan.MassLeave && !allowMassLeave:
			return fmt.Errorf("nothing was imported: %s would mark %d of the roster's %d pupils as leavers on every tablet. "+
				"If it is the whole school's roster, import again with --allow-mass-leave", rest[0], len(plan.Leave), plan.Active)
		}
		v, err := st.PutRoster(ctx, pupils, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Roster version %d: %d pupils. Kiosks fetch it at their next sync.\n", v, len(pupils))
		return nil
	})
}

// printRosterPlan shows what an import would do, by UPN only: the
// terminal and its scrollback are no place for pupils' names.
func printRosterPlan(w io.Writer, name string, plan hub.RosterPlan) {
	fmt.Fprintf(w, "%s compared with the hub's %d pupil(s) on the roster:\n", name, plan.Active)
	fmt.Fprintf(w, "  %d new\n  %d updated\n", len(plan.Add), len(plan.Update))
	for _, ch := range plan.Update {
		fmt.Fprintf(w, "    %s: %s\n", ch.Pupil.UPN, strings.Join(ch.Changes, ", "))
	}
	fmt.Fprintf(w, "  %d leaving (marked as left; their records are kept)\n", len(plan.Leave))
	for _, p := range plan.Leave {
		fmt.Fprintf(w, "    %s\n", p.UPN)
	}
	fmt.Fprintf(w, "  %d unchanged\n", plan.Unchanged)
}

// packPublish makes a policy pack folder the one kiosks download.
func packPublish(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "name one policy pack folder (the one holding pack.toml)", nil, func(ctx context.Context, st hub.Store, _ common, rest []string) error {
		// Through an os.Root, nothing outside the folder can be read even if
		// a link appears after policy.Load refused every link it saw.
		root, err := os.OpenRoot(rest[0])
		if err != nil {
			return fmt.Errorf("the policy pack cannot be published: %w", err)
		}
		defer root.Close()
		m, err := hub.PublishPack(ctx, st, root.FS(), time.Now())
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
		fs.StringVar(&role, "role", hub.RoleTutor, "admin, dsl, tutor or office (the Staff and visitors page only)")
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

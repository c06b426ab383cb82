package kioskcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"smartkiosk/command"
	"smartkiosk/policy"
	"smartkiosk/roster"
	"smartkiosk/store"
)

const rosterArgs = "[--data DIR] [--pack PACK] [--dry-run] [--allow-mass-leave] FILE"

// cmdRoster imports the pupil roster from the school MIS's CSV export. It
// prints what the import would do (UPNs, never names) and every row to
// fix, then imports all of it or nothing.
func cmdRoster(flags *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	builtIn := packFlag(flags)
	dryRun := flags.Bool("dry-run", false, "show what the import would do, and import nothing")
	allowMassLeave := flags.Bool("allow-mass-leave", false,
		"import even if more than half the pupils would be marked as leavers (the file is the whole school's)")
	files, err := command.ParseFlags(flags, args)
	if err != nil {
		return err
	}
	if err := checkPack(*builtIn); err != nil {
		return err
	}
	switch len(files) {
	case 0:
		return command.Usagef("no roster file given: name the CSV file to import")
	case 1:
	default:
		return command.Usagef("%d files given: import one roster file at a time", len(files))
	}
	_, pack, notice, err := LoadPackOr(*dataDir, *builtIn) // the bands a roster may name are the pack's
	if err != nil {
		return err
	}
	ReportPackNotice(stderr, notice)
	rf, err := readRoster(files[0], pack)
	if err != nil {
		return err
	}
	st, err := openExisting(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	ReportRecovery(stderr, st.Recovery())
	st.SetBands(pack.BandIDs())
	ctx := context.Background()
	plan, err := st.PlanRoster(ctx, rf)
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
	res, err := st.ImportRoster(ctx, rf, store.RosterOptions{AllowMassLeave: *allowMassLeave})
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

func readRoster(name string, pack *policy.Pack) (*roster.File, error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("there is no file %s: check the file's name and folder", name)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the roster file: %w", err)
	}
	defer f.Close()
	rf, err := roster.Parse(f, pack.BandNames())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rf, nil
}

// printRosterPlan shows what an import would do, by UPN, and every row
// to fix.
func printRosterPlan(w io.Writer, name string, plan store.RosterPlan) {
	fmt.Fprintf(w, "%s compared with the kiosk's %d active pupil(s):\n", name, plan.Active)
	fmt.Fprintf(w, "  %d new", len(plan.Add))
	if plan.NoBand > 0 {
		fmt.Fprintf(w, " (%d with no band: they start in band %s)", plan.NoBand, plan.StartBand)
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

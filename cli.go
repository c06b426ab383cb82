package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"smartkiosk/export"
	"smartkiosk/store"
)

// commands run without a display, for the school's IT manager and scripts.
var commands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"export": cmdExport,
}

func isCommand(arg string) bool { _, ok := commands[arg]; return ok }

func runCommand(args []string, stdout, stderr io.Writer) int {
	if err := commands[args[0]](args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "smartkiosk %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// cmdExport writes one CSV row per sign-off to stdout.
func cmdExport(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("export", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	format := flags.String("format", "csv", "output format: csv")
	bom := flags.Bool("bom", false, "start the CSV with a UTF-8 byte-order mark (for Excel)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *format != "csv" {
		return fmt.Errorf("unknown format %q: the kiosk exports csv", *format)
	}
	dbPath := filepath.Join(*dataDir, "kiosk.db")
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no kiosk database in %s: check the --data folder", *dataDir)
	}
	st, err := store.Open(dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	recs, err := st.Records(context.Background())
	if err != nil {
		return err
	}
	rows := make([]export.Row, 0, len(recs))
	for _, r := range recs {
		rows = append(rows, export.Row{
			RecordID: r.Body.ID, UPN: r.Pupil.UPN, PupilName: r.Pupil.DisplayName(),
			Class: r.Pupil.Class, Form: r.Body.Form, BandAlias: r.Body.BandAlias,
			PolicyVersion: r.Body.Pack.Version, SignedAt: r.Body.SignedAt,
			CountersignedBy: r.Adult.Name, FollowUps: r.Body.FollowUps(),
		})
	}
	return export.WriteCSV(stdout, rows, export.CSVOptions{BOM: *bom})
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

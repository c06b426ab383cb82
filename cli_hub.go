package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"smartkiosk/hub"
	"smartkiosk/store"
)

const hubUsage = `smartkiosk hub enrol --data DIR --url URL --code CODE [--fingerprint FP]
       smartkiosk hub sync --data DIR
       smartkiosk hub bundle --data DIR --to FOLDER`

// cmdHub connects the kiosk to the school's hub, syncs once, or writes an
// offline bundle, without opening the window (for the IT manager).
func cmdHub(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: %s", hubUsage)
	}
	flags := flag.NewFlagSet("hub "+args[0], flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	hubURL := flags.String("url", "", "the hub's address, as shown with the enrolment code")
	code := flags.String("code", "", "the one-time enrolment code")
	fp := flags.String("fingerprint", "", "the hub certificate's fingerprint, as shown with the code (optional)")
	to := flags.String("to", "", "the folder (a USB stick) to write the bundle into")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	st, err := openExisting(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	label, _ := os.Hostname()
	s := hub.NewSyncer(st, hub.SyncerOptions{PublicKey: st.Device().PublicKey, Label: label,
		PackDir: filepath.Join(*dataDir, "packs")})
	switch args[0] {
	case "enrol":
		if err := s.Enrol(ctx, *hubURL, *code, *fp); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "This kiosk (%s) is now connected to %s.\n", st.Device().ID, *hubURL)
		return nil
	case "sync":
		return syncOnce(ctx, s, st, stdout)
	case "bundle":
		if *to == "" {
			return errors.New("name the folder to write into with --to")
		}
		res, err := s.ExportBundle(ctx, *to)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d waiting record(s) written to %s. They stay waiting until the hub acknowledges them.\n", res.Records, res.Path)
		return nil
	}
	return fmt.Errorf("usage: %s", hubUsage)
}

func syncOnce(ctx context.Context, s *hub.Syncer, st *store.Store, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	err := s.Once(ctx)
	n, nerr := st.Unsynced(ctx)
	if nerr != nil {
		return nerr
	}
	fmt.Fprintf(stdout, "%d record(s) waiting for the hub.\n", n)
	return err
}

package kioskcli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"smartkiosk/command"
	"smartkiosk/hub/client"
	"smartkiosk/store"
)

// The hub commands connect the kiosk to the school's hub, sync once, or
// write an offline bundle, without opening the window (for the IT manager).

// cmdHubEnrol connects the kiosk to the hub with a one-time code.
func cmdHubEnrol(flags *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	hubURL := flags.String("url", "", "the hub's address, as shown with the enrolment code")
	code := flags.String("code", "", "the one-time enrolment code")
	fp := flags.String("fingerprint", "", "the hub certificate's fingerprint, as shown with the code (optional)")
	if err := command.ParseOnlyFlags(flags, args); err != nil {
		return err
	}
	if *hubURL == "" || *code == "" {
		return command.Usagef("give the hub's address with --url and the one-time code with --code, as the hub shows them")
	}
	return withSyncer(*dataDir, func(ctx context.Context, s *client.Syncer, st *store.Store) error {
		if err := s.Enrol(ctx, *hubURL, *code, *fp); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "This kiosk (%s) is now connected to %s.\n", st.Device().ID, *hubURL)
		return nil
	})
}

// cmdHubSync syncs with the hub once, for at most 5 minutes.
func cmdHubSync(flags *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	if err := command.ParseOnlyFlags(flags, args); err != nil {
		return err
	}
	return withSyncer(*dataDir, func(ctx context.Context, s *client.Syncer, st *store.Store) error {
		return syncOnce(ctx, s, st, stdout)
	})
}

// cmdHubBundle writes the waiting records into a folder as one bundle.
func cmdHubBundle(flags *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	to := flags.String("to", "", "the folder (a USB stick) to write the bundle into")
	if err := command.ParseOnlyFlags(flags, args); err != nil {
		return err
	}
	if *to == "" {
		return command.Usagef("name the folder to write into with --to")
	}
	return withSyncer(*dataDir, func(ctx context.Context, s *client.Syncer, _ *store.Store) error {
		res, err := s.ExportBundle(ctx, *to)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d waiting record(s) written to %s. They stay waiting until the hub acknowledges them.\n", res.Records, res.Path)
		return nil
	})
}

// withSyncer opens the kiosk in dataDir and runs f with its syncer.
func withSyncer(dataDir string, f func(context.Context, *client.Syncer, *store.Store) error) error {
	st, err := openExisting(dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	return f(context.Background(), NewSyncer(st, dataDir), st)
}

// NewSyncer is the kiosk's syncer for the store in dataDir, labelled with
// the machine's name and installing the hub's packs under dataDir/packs:
// the window's background sync and the hub commands use the same one.
func NewSyncer(st *store.Store, dataDir string) *client.Syncer {
	label, _ := os.Hostname()
	return client.NewSyncer(st, client.SyncerOptions{PublicKey: st.Device().PublicKey, Label: label,
		PackDir: filepath.Join(dataDir, "packs")})
}

func syncOnce(ctx context.Context, s *client.Syncer, st *store.Store, stdout io.Writer) error {
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

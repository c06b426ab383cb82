package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"smartkiosk/command"
	"smartkiosk/export"
)

// verifyEvidence checks an evidence pack offline, as an inspector would:
// it needs no data folder, store or network.
func verifyEvidence(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	hubKey := fs.String("hub-key", "", "the hub's public key (64 hex digits, as in the pack's summary.txt): fail if another key signed the pack")
	files, err := command.ParseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return command.Usagef("name one evidence pack (.zip)")
	}
	var opt export.VerifyOptions
	if *hubKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(*hubKey))
		if err != nil || len(key) != ed25519.PublicKeySize {
			return command.Usagef("--hub-key: give the hub's public key as 64 hex digits")
		}
		opt.HubKey = key
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	rep, err := export.VerifyEvidence(f, st.Size(), opt)
	if err != nil {
		return fmt.Errorf("read %s: %w", files[0], err)
	}
	printReport(stdout, files[0], rep, opt.HubKey != nil)
	if !rep.OK() {
		return fmt.Errorf("%s did not verify: do not rely on it; ask the school for a fresh copy from their hub", files[0])
	}
	return nil
}

func printReport(w io.Writer, name string, rep export.VerifyReport, pinned bool) {
	if rep.OK() {
		fmt.Fprintf(w, "OK: %s verified, signed by hub %s\n", records(rep.Records), rep.HubKeyID)
		if !pinned {
			fmt.Fprintf(w, "Check that %s is the school's hub key, or run again with --hub-key.\n", rep.HubKeyID)
		}
	} else {
		fmt.Fprintf(w, "FAILED: %s (%s", name, records(rep.Records))
		if rep.HubKeyID != "" {
			fmt.Fprintf(w, ", signed by hub %s", rep.HubKeyID)
		}
		fmt.Fprintf(w, ")\n")
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	for _, f := range rep.Failed {
		for _, p := range f.Problems {
			fmt.Fprintf(w, "  Record %s: %s\n", f.ID, p)
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
}

func records(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}

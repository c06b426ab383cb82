package kioskcli

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"strings"

	"smartkiosk/command"
	"smartkiosk/store"
)

// cmdVerify checks every record's signature, chain link and attachment
// hashes, reading the data folder without changing it. Each problem is
// printed on its own line naming the record; any problem exits 1.
func cmdVerify(flags *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	pubHex := flags.String("public-key", "", "the device's Ed25519 public key in hex, as enrolled "+
		"(default: the one in the folder's device.key)")
	if err := command.ParseOnlyFlags(flags, args); err != nil {
		return err
	}
	var pub ed25519.PublicKey
	if *pubHex != "" {
		b, err := hex.DecodeString(strings.TrimSpace(*pubHex))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return command.Usagef("--public-key must be %d hex digits", 2*ed25519.PublicKeySize)
		}
		pub = b
	}
	rep, err := store.VerifyData(context.Background(), *dataDir, pub)
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p)
	}
	if !rep.OK() {
		return fmt.Errorf("%d problem(s) found; %d records checked against device %s", len(rep.Problems), rep.Records, rep.Device)
	}
	fmt.Fprintf(stdout, "%d records and %d backup(s) checked against device %s (public key %s): "+
		"every signature, chain link and attachment hash holds.\n", rep.Records, rep.Backups, rep.Device, rep.PublicKey)
	return nil
}

package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// commands run without a display, for the school's IT manager and scripts.
var commands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"export": cmdExport,
	"hub":    cmdHub,
	"roster": cmdRoster,
	"staff":  cmdStaff,
	"verify": cmdVerify,
}

func isCommand(arg string) bool { _, ok := commands[arg]; return ok }

func runCommand(args []string, stdout, stderr io.Writer) int {
	if err := commands[args[0]](args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "smartkiosk %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// cmdVerify checks every record's signature, chain link and attachment
// hashes, reading the data folder without changing it. Each problem is
// printed on its own line naming the record; any problem exits 1.
func cmdVerify(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("verify", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	pubHex := flags.String("public-key", "", "the device's Ed25519 public key in hex, as enrolled "+
		"(default: the one in the folder's device.key)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var pub ed25519.PublicKey
	if *pubHex != "" {
		b, err := hex.DecodeString(strings.TrimSpace(*pubHex))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return fmt.Errorf("--public-key must be %d hex digits", 2*ed25519.PublicKeySize)
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

// openExisting opens the kiosk's database, which must already exist: a
// mistyped --data folder must not become a new, empty kiosk.
func openExisting(dataDir string) (*store.Store, error) {
	dbPath := filepath.Join(dataDir, store.DatabaseFile)
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("no kiosk database in %s: check the --data folder", dataDir)
	}
	return store.Open(dbPath)
}

// recoverySentences tell the adult, in plain words, what Open did about a
// damaged database.
func recoverySentences(tr *translations.Translator, rec *store.Recovery) []string {
	if len(rec.MovedAside) == 0 { // a restore interrupted by a crash, finished now
		return []string{tr.T(translations.RecoveryFinished), tr.T(translations.RecoveryTellIT)}
	}
	out := []string{tr.T(translations.RecoveryRestored, map[string]any{
		"Moved": rec.MovedAside[0], "Day": rec.BackupDay.Format("2 January 2006"),
	})}
	if len(rec.Lost) == 0 {
		out = append(out, tr.T(translations.RecoveryNoneLost))
	} else {
		out = append(out, tr.T(translations.RecoveryLost, map[string]any{
			"Count": len(rec.Lost), "IDs": strings.Join(rec.Lost, ", "),
		}))
	}
	if rec.Incomplete {
		out = append(out, tr.T(translations.RecoveryIncomplete))
	}
	return append(out, tr.T(translations.RecoveryTellIT))
}

// reportRecovery prints a recovery report (if any) for the IT manager,
// with what SQLite found.
func reportRecovery(w io.Writer, rec *store.Recovery) {
	if rec == nil {
		return
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		fmt.Fprintf(w, "smartkiosk: the database was damaged and restored from %s\n", rec.Backup)
		return
	}
	fmt.Fprintf(w, "smartkiosk: %s\n(SQLite found: %s)\n", strings.Join(recoverySentences(tr, rec), " "), rec.Problem)
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

const staffUsage = "smartkiosk staff add [--data DIR] --name NAME [--role ta|teacher|admin] < PIN"

// cmdStaff adds an adult from the command line, reading their PIN from
// standard input (never from the command line, where other users could see
// it). The kiosk's first admin is made this way; after that, only while
// no admin exists — admins add adults in the adult area.
func cmdStaff(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("usage: %s", staffUsage)
	}
	flags := flag.NewFlagSet("staff add", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	name := flags.String("name", "", "the adult's name")
	role := flags.String("role", store.RoleAdmin, "ta, teacher or admin")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	pin, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && pin == "" {
		return fmt.Errorf("type the adult's PIN on standard input, as in: echo 123456 | %s", staffUsage)
	}
	st, err := store.Open(filepath.Join(*dataDir, store.DatabaseFile))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.AddStaff(context.Background(), 0, *name, *role, strings.TrimSpace(pin)); err != nil {
		if errors.Is(err, store.ErrNotAdmin) {
			return errors.New("this kiosk already has an admin: add adults in the kiosk's adult area (Staff)")
		}
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s). They sign in with their PIN.\n", *name, *role)
	return nil
}

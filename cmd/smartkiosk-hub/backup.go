package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"smartkiosk/command"
	"smartkiosk/hub"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/version"
)

// dbFile is the hub's SQLite database in its data folder.
const dbFile = "hub.db"

// backupFiles are what a hub's data folder holds that a backup keeps: the
// database (SQLite only) and the keys, without which kiosks' receipts and
// enrolled certificates would no longer match.
var backupFiles = []string{dbFile, hub.HubKeyFile, hub.CertFile, hub.CertKeyFile}

// backupManifest is manifest.json in a backup folder.
type backupManifest struct {
	Format  string            `json:"format"`
	Version string            `json:"version"` // the hub's that wrote it
	Made    time.Time         `json:"made"`
	Files   map[string]string `json:"files"` // name → hex SHA-256
}

const backupFormat = "smartkiosk-hub-backup/1"

// backup writes a new folder under the one named holding a consistent
// copy of the hub's SQLite database and its keys, each checked. With
// --postgres it copies the keys and says how to dump the database.
func backup(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "name the folder to write the backup in (a USB stick or a backup disk)", nil,
		func(ctx context.Context, st hub.Store, c common, rest []string) error {
			now := time.Now()
			dir := filepath.Join(rest[0], "smartkiosk-hub-backup-"+now.Format("20060102-150405"))
			if err := os.MkdirAll(rest[0], 0o700); err != nil {
				return err
			}
			if err := os.Mkdir(dir, 0o700); err != nil {
				return fmt.Errorf("cannot make the backup folder: %w", err)
			}
			m := backupManifest{Format: backupFormat, Version: version.Version, Made: now.UTC(), Files: map[string]string{}}
			err := func() error {
				if sq, ok := st.(*sqlitestore.Store); ok {
					if err := sq.BackupTo(ctx, filepath.Join(dir, dbFile)); err != nil {
						return err
					}
				}
				for _, name := range backupFiles[1:] {
					if err := copyFile(filepath.Join(c.data, name), filepath.Join(dir, name)); errors.Is(err, os.ErrNotExist) {
						continue // no certificate: the hub runs behind a proxy
					} else if err != nil {
						return err
					}
				}
				for _, name := range backupFiles {
					sum, err := fileSHA256(filepath.Join(dir, name))
					if errors.Is(err, os.ErrNotExist) {
						continue
					} else if err != nil {
						return err
					}
					m.Files[name] = sum
				}
				data, err := json.MarshalIndent(m, "", "  ")
				if err != nil {
					return err
				}
				return writeSynced(filepath.Join(dir, "manifest.json"), data)
			}()
			if err != nil {
				os.RemoveAll(dir) // never a backup that looks whole and is not
				return fmt.Errorf("no backup was made: %w", err)
			}
			fmt.Fprintf(stdout, "Backup written to %s (%d files, each checked).\n", dir, len(m.Files))
			if _, ok := st.(*sqlitestore.Store); !ok {
				fmt.Fprintln(stdout, "The database is PostgreSQL: this backup holds the hub's keys only. Dump the database too, "+
					"with pg_dump --format=custom (see the README), and keep both together.")
			}
			return nil
		})
}

// restore puts a backup into an empty data folder, checking every file
// against the backup's manifest first, then opens it to be sure it runs.
func restore(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	var c common
	fs.StringVar(&c.data, "data", defaultDataDir(), "the empty folder to restore the hub into")
	rest, err := command.ParseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return command.Usagef("name one backup folder (smartkiosk-hub-backup-…)")
	}
	src := rest[0]
	data, err := os.ReadFile(filepath.Join(src, "manifest.json"))
	if err != nil {
		return fmt.Errorf("%s is not a hub backup: it has no manifest.json (%w)", src, err)
	}
	var m backupManifest
	if err := json.Unmarshal(data, &m); err != nil || m.Format != backupFormat || m.Files[hub.HubKeyFile] == "" {
		return fmt.Errorf("%s is not a hub backup this version can read: its manifest.json is damaged or of another kind", src)
	}
	for name, want := range m.Files {
		if !slices.Contains(backupFiles, name) {
			return fmt.Errorf("the backup's manifest names %q, which a hub backup never holds: nothing was restored", name)
		}
		got, err := fileSHA256(filepath.Join(src, name))
		if err != nil || got != want {
			return fmt.Errorf("%s in the backup is missing or not the file that was backed up: nothing was restored", name)
		}
	}
	for _, name := range backupFiles {
		if _, err := os.Stat(filepath.Join(c.data, name)); err == nil {
			return fmt.Errorf("%s already holds a hub (%s): restore into an empty folder, then run the hub with --data pointing at it", c.data, name)
		}
	}
	if err := os.MkdirAll(c.data, 0o700); err != nil {
		return err
	}
	for name := range m.Files {
		if err := copyFile(filepath.Join(src, name), filepath.Join(c.data, name)); err != nil {
			return fmt.Errorf("restore %s: %w", name, err)
		}
	}
	fmt.Fprintf(stdout, "Restored the backup made %s by hub %s into %s.\n", m.Made.Local().Format("2 Jan 2006 15:04"), m.Version, c.data)
	if m.Files[dbFile] == "" {
		fmt.Fprintln(stdout, "It holds the keys only (a PostgreSQL hub): restore the database with pg_restore.")
		return nil
	}
	st, err := sqlitestore.Open(filepath.Join(c.data, dbFile))
	if err != nil {
		return fmt.Errorf("the restored database does not open: %w", err)
	}
	defer st.Close()
	ctx := context.Background()
	page, err := st.Roster(ctx, 0)
	if err != nil {
		return err
	}
	devs, err := st.Devices(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The hub opens: roster version %d (%d pupils), %d tablet(s) enrolled.\n", page.Version, len(page.Pupils), len(devs))
	return nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeSynced(dst, data)
}

// writeSynced writes a new file readable by the hub's user only, and
// syncs it to disk.
func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Sync(), f.Close())
}

func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"smartkiosk/store/record"
)

// openAt opens the store at path, closed at cleanup.
func openAt(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestOpen_Keys(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		path := filepath.Join(dir, DatabaseFile)
		s := openAt(t, path)
		for _, name := range []string{DeviceKeyFile, DataKeyFile} {
			info, err := os.Stat(filepath.Join(dir, name))
			if err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("%s: %v, mode %v; want 0600", name, err, info.Mode().Perm())
			}
		}
		d := s.Device()
		if d.ID != record.DeviceID(d.PublicKey) || len(d.PublicKeyHex()) != 64 {
			t.Errorf("Device = %+v", d)
		}
		s.Close()
		again := openAt(t, path)
		if again.Device().ID != d.ID {
			t.Errorf("device id changed on reopen: %s, then %s", d.ID, again.Device().ID)
		}
	})
	t.Run("Tightens", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), DatabaseFile)
		openAt(t, path).Close()
		key := filepath.Join(filepath.Dir(path), DataKeyFile)
		os.Chmod(key, 0o644)
		openAt(t, path)
		if info, _ := os.Stat(key); info.Mode().Perm() != 0o600 {
			t.Errorf("a loosened key file stays %v", info.Mode().Perm())
		}
	})
	for _, name := range []string{DeviceKeyFile, DataKeyFile} {
		t.Run("ErrMissing "+name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), DatabaseFile)
			openAt(t, path).Close()
			key := filepath.Join(filepath.Dir(path), name)
			os.Remove(key)
			if s, err := Open(path); !errors.Is(err, ErrKeysMissing) {
				if err == nil {
					s.Close()
				}
				t.Fatalf("Open without %s: err = %v, want ErrKeysMissing", name, err)
			}
			if _, err := os.Stat(key); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open made a new %s for a database that had one", name)
			}
		})
		t.Run("ErrMismatch "+name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), DatabaseFile)
			other := filepath.Join(t.TempDir(), DatabaseFile)
			openAt(t, path).Close()
			openAt(t, other).Close()
			data, _ := os.ReadFile(filepath.Join(filepath.Dir(other), name))
			os.WriteFile(filepath.Join(filepath.Dir(path), name), data, 0o600)
			if s, err := Open(path); !errors.Is(err, ErrKeysMismatch) {
				if err == nil {
					s.Close()
				}
				t.Errorf("Open with another kiosk's %s: err = %v, want ErrKeysMismatch", name, err)
			}
		})
	}
	t.Run("ErrDamaged", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), DatabaseFile)
		openAt(t, path).Close()
		os.WriteFile(filepath.Join(filepath.Dir(path), DeviceKeyFile), []byte("not a key"), 0o600)
		if s, err := Open(path); err == nil || !strings.Contains(err.Error(), "damaged") {
			if err == nil {
				s.Close()
			}
			t.Errorf("Open with a damaged key file: err = %v", err)
		}
	})
}

// TestOpen_SealsLegacyNames opens a database written before migration
// 0002 (plain names, an unsigned record): the names are sealed, the store
// reads them back, and verify reports the unsigned record.
func TestOpen_SealsLegacyNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DatabaseFile)
	legacy := legacyDatabase(t, path)
	s := openAt(t, path)
	ctx := context.Background()
	p, err := s.Pupil(ctx, 1)
	if err != nil || p.Name() != "Ada Lovelace" {
		t.Fatalf("Pupil = %+v, %v", p, err)
	}
	if adult, err := s.CheckPIN(ctx, "246813"); err != nil || adult.Name != "Sam Example" {
		t.Errorf("CheckPIN = %+v, %v", adult, err)
	}
	var scheme int
	s.db.QueryRow(`SELECT pin_scheme FROM staff`).Scan(&scheme)
	if scheme != pinSchemePeppered {
		t.Errorf("after the first sign-in the PIN hash has scheme %d, want it rehashed with the device secret", scheme)
	}
	var kinds string
	s.db.QueryRow(`SELECT typeof(given_name) || typeof(family_name) || (SELECT typeof(name) FROM staff)
		FROM pupils`).Scan(&kinds)
	if kinds != "blobblobblob" {
		t.Errorf("stored name types = %s, want sealed blobs", kinds)
	}
	s.Close()
	rep, err := VerifyData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := problemsAbout(rep)[legacy]; len(got) != 1 || !strings.Contains(got[0], "not signed") || len(rep.Problems) != 1 {
		t.Errorf("problems = %v; want only record %s, reported as not signed", rep.Problems, legacy)
	}
}

// legacyDatabase writes a database as the version before signed records
// left it: migration 0001 only, plain-text names, one unsigned record.
func legacyDatabase(t *testing.T, path string) (recordID string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+dsnOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	only0001 := onlyMigration(t, "0001_init.sql")
	if err := migrate(context.Background(), db, only0001); err != nil {
		t.Fatal(err)
	}
	recordID = record.NewID()
	body := `{"format":1,"id":"` + recordID + `","kind":"agreement"}`
	for _, q := range []string{
		`INSERT INTO pupils VALUES (1, 'A999', 'Ada', 'Lovelace', 'Oak', 'Year 8', 'b', 'en-GB', '{}', 1, 'x', 'x')`,
		`INSERT INTO staff VALUES (1, 'Sam Example', 'ta', X'00', X'00', 1, 'x')`,
		`INSERT INTO records VALUES ('` + recordID + `', 'agreement', 1, 'f', 'b', 'P7', 'p', '1', 'fp', 1,
			'x', 'x', CAST('` + body + `' AS BLOB), '` + record.Hash([]byte(body)) + `', 'x')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// The PIN hash: the real one, so CheckPIN can find Sam after the upgrade.
	salt := []byte("0123456789abcdef")
	db.Exec(`UPDATE staff SET pin_salt = ?, pin_hash = ?`, salt, (&keyring{}).hashPIN(pinSchemeLegacy, "246813", salt))
	return recordID
}

// onlyMigration is an FS holding one of the embedded migrations.
func onlyMigration(t *testing.T, name string) fs.FS {
	t.Helper()
	data, err := migrationFiles.ReadFile("migrations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"migrations/" + name: {Data: data}}
}

// TestStore_NoPlainNames checks that no name, in any file the store
// writes (database, WAL, backups), can be read without the data key.
func TestStore_NoPlainNames(t *testing.T) {
	f := newFixture(t)
	b := f.body(0)
	f.mustSaveDraft(t, b.ID)
	f.mustSave(t, b)
	if err := f.s.backupIfDue(context.Background(), f.s.Now()); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(filepath.Dir(f.s.path), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if len(files) < 5 {
		t.Fatalf("only %d files written: %v", len(files), files)
	}
	for _, file := range files {
		data, _ := os.ReadFile(file)
		for _, name := range []string{"Lovelace", "Sam Example"} {
			if bytes.Contains(data, []byte(name)) {
				t.Errorf("%s holds %q in plain text", filepath.Base(file), name)
			}
		}
	}
}

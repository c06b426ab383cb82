package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"smartkiosk/store/record"
)

// DatabaseFile is the database's name in the data folder.
const DatabaseFile = "kiosk.db"

// Report is what VerifyData found.
type Report struct {
	Device    string // the device id the records were checked against
	PublicKey string // its public key, in hex
	Records   int    // records read
	Backups   int    // backups compared with the database
	Problems  []record.Problem
}

// OK reports whether every check held.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) add(recordID string, seq uint64, format string, args ...any) {
	r.Problems = append(r.Problems, record.Problem{Record: recordID, Seq: seq, What: fmt.Sprintf(format, args...)})
}

// VerifyData checks the kiosk data folder dir through a read-only
// connection (SQLite may leave its -wal and -shm files, as any reader
// does): SQLite's integrity_check; the schema against what the migrations
// create, and every value's type; for every record its signature, its place in
// the device's hash chain (sequence 1, 2, 3… without gaps, each naming the
// hash of the one before), its attachments against their hashes, its
// answers and columns against the signed body, and its outbox row; that
// every sealed name opens; and that every record in a backup is still in
// the database, unchanged.
//
// Signatures are checked against pub, or, when pub is nil, against the
// public key of the folder's device.key. (A key taken from the folder
// itself shows the records were not changed by anyone without that key;
// pass the key the hub enrolled to rule out someone who had the folder.)
// Problems are reported, not returned as errors: an error means the folder
// could not be checked at all.
func VerifyData(ctx context.Context, dir string, pub ed25519.PublicKey) (*Report, error) {
	path := filepath.Join(dir, DatabaseFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no kiosk database in %s: %w", dir, err)
	}
	rep := &Report{}
	keys, err := verifyKeys(dir, pub, rep)
	if err != nil {
		return nil, err
	}
	rep.Device, rep.PublicKey = keys.device.ID, keys.device.PublicKeyHex()
	db, cleanup, err := openReadOnly(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("the database %s cannot be read: %w", path, err)
	}
	defer cleanup()
	if unknown, err := unknownMigrations(ctx, db); err == nil && len(unknown) > 0 {
		return nil, &NewerSchemaError{Path: path, Unknown: unknown}
	}
	v := &verifier{ctx: ctx, db: db, keys: keys, rep: rep}
	v.integrity()
	v.schema()
	v.types()
	v.deviceRow()
	v.records()
	v.sealedFields()
	v.backups(filepath.Join(dir, backupDir))
	return rep, nil
}

// verifyKeys returns the keys to check with: pub if given (the key files
// must agree with it), else the folder's own.
func verifyKeys(dir string, pub ed25519.PublicKey, rep *Report) (*keyring, error) {
	keys, err := readKeys(dir)
	if err != nil {
		return nil, err
	}
	switch {
	case pub != nil && len(pub) != ed25519.PublicKeySize:
		return nil, fmt.Errorf("the public key is %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	case pub != nil && keys.device.PublicKey != nil && !bytes.Equal(pub, keys.device.PublicKey):
		rep.add("", 0, "%s in the folder is device %s, not the public key given (device %s)",
			DeviceKeyFile, keys.device.ID, record.DeviceID(pub))
	case pub == nil && keys.device.PublicKey == nil:
		return nil, fmt.Errorf("%w: no %s in %s, so there is no public key to check signatures with (give one)",
			ErrKeysMissing, DeviceKeyFile, dir)
	}
	if pub != nil {
		keys.device = Device{ID: record.DeviceID(pub), PublicKey: pub}
	}
	if keys.aead == nil {
		rep.add("", 0, "%s is missing from the folder, so names and attachments cannot be checked", DataKeyFile)
	}
	return keys, nil
}

// verifier runs VerifyData's checks on a read-only connection.
type verifier struct {
	ctx  context.Context
	db   *sql.DB
	keys *keyring
	rep  *Report
}

func (v *verifier) integrity() {
	lines, err := checkLines(v.ctx, v.db, "integrity_check")
	if err != nil {
		v.rep.add("", 0, "SQLite cannot check the database: %v", err)
		return
	}
	if len(lines) == 1 && lines[0] == "ok" {
		return
	}
	for _, line := range lines {
		v.rep.add("", 0, "SQLite integrity check: %s", line)
	}
}

// schema checks the tables, indexes and triggers are exactly those the
// migrations create: a changed column name or constraint would otherwise
// go unnoticed until the next save failed. A folder an older version
// wrote is judged by the migrations it has applied (schema_migrations):
// the kiosk applies the rest when it next opens the folder, so a folder
// checked before its upgrade is not called damaged. A migration this
// version does not have is a problem: a newer version wrote the folder.
func (v *verifier) schema() {
	var applied []string
	v.eachRow(`SELECT name FROM schema_migrations ORDER BY name`, func(rows *sql.Rows) error {
		var name string
		err := rows.Scan(&name)
		applied = append(applied, name)
		return err
	})
	known, err := embeddedMigrations()
	if err != nil {
		v.rep.add("", 0, "the expected schema cannot be built: %v", err)
		return
	}
	for _, name := range applied {
		if !slices.Contains(known, name) {
			v.rep.add("", 0, "the database has migration %s, which this version does not know: a newer version wrote it", name)
		}
	}
	want, err := expectedSchema()
	if len(applied) > 0 && len(applied) < len(known) && slices.Equal(applied, known[:len(applied)]) {
		want, err = migratedSchema(v.ctx, appliedFS{FS: migrationFiles, names: applied})
	}
	if err != nil {
		v.rep.add("", 0, "the expected schema cannot be built: %v", err)
		return
	}
	got := map[string]string{}
	v.eachRow(`SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema`, func(rows *sql.Rows) error {
		var typ, name, table, text string
		err := rows.Scan(&typ, &name, &table, &text)
		got[typ+" "+name] = table + "\x00" + text
		return err
	})
	for _, name := range keysOf(want) {
		switch g, ok := got[name]; {
		case !ok:
			v.rep.add("", 0, "the schema lacks %s", name)
		case g != want[name]:
			v.rep.add("", 0, "the schema's %s differs from what the migrations create", name)
		}
	}
	for _, name := range keysOf(got) {
		if _, ok := want[name]; !ok {
			v.rep.add("", 0, "the schema has an unexpected %s", name)
		}
	}
}

// expectedSchema is migratedSchema of every embedded migration, built
// once: they are embedded, so it cannot change while the program runs.
var expectedSchema = sync.OnceValues(func() (map[string]string, error) {
	return migratedSchema(context.Background(), migrationFiles)
})

// embeddedMigrations are the embedded migrations' file names, in the order
// they apply (as schema_migrations names them).
func embeddedMigrations() ([]string, error) {
	paths, err := fs.Glob(migrationFiles, "migrations/*.sql")
	for i, p := range paths {
		paths[i] = path.Base(p)
	}
	return paths, err
}

// appliedFS is the migrations named in names only: those a database
// written by an older version has applied.
type appliedFS struct {
	fs.FS
	names []string
}

func (a appliedFS) Glob(pattern string) ([]string, error) {
	all, err := fs.Glob(a.FS, pattern)
	return slices.DeleteFunc(all, func(p string) bool { return !slices.Contains(a.names, path.Base(p)) }), err
}

// migratedSchema is the schema fsys's migrations create, applied to an
// empty in-memory database.
func migratedSchema(ctx context.Context, fsys fs.FS) (map[string]string, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database
	if err := migrate(ctx, db, fsys); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var typ, name, table, text string
		if err := rows.Scan(&typ, &name, &table, &text); err != nil {
			return nil, err
		}
		out[typ+" "+name] = table + "\x00" + text
	}
	return out, rows.Err()
}

func (v *verifier) deviceRow() {
	d, found, err := readDeviceRow(v.ctx, v.db)
	switch {
	case err != nil:
		v.rep.add("", 0, "the devices table cannot be read: %v", err)
	case !found:
		v.rep.add("", 0, "the database names no device")
	case d.id != v.keys.device.ID || !bytes.Equal(d.publicKey, v.keys.device.PublicKey):
		v.rep.add("", 0, "the database belongs to device %s, not %s", d.id, v.keys.device.ID)
	case v.keys.aead != nil && d.dataKeyID != v.keys.dataKeyID:
		v.rep.add("", 0, "%s is not the key this database's personal data is sealed with", DataKeyFile)
	}
}

// sealedFields checks every sealed name and draft opens.
func (v *verifier) sealedFields() {
	if v.keys.aead == nil {
		return
	}
	v.eachRow(`SELECT pupil_id, upn, given_name, family_name FROM pupils`, func(rows *sql.Rows) error {
		var p Pupil
		var given, family []byte
		if err := rows.Scan(&p.ID, &p.UPN, &given, &family); err != nil {
			return err
		}
		if err := v.keys.openPupilNames(&p, given, family); err != nil {
			v.rep.add("", 0, "%v", err)
		}
		return nil
	})
	v.eachRow(`SELECT staff_id, name FROM staff`, func(rows *sql.Rows) error {
		var id int64
		var name []byte
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if _, err := v.keys.openStaffName(id, name); err != nil {
			v.rep.add("", 0, "%v", err)
		}
		return nil
	})
	v.eachRow(`SELECT draft_id, pupil_id, state FROM drafts`, func(rows *sql.Rows) error {
		var id string
		var pupilID int64
		var state []byte
		if err := rows.Scan(&id, &pupilID, &state); err != nil {
			return err
		}
		if _, err := v.keys.open(state, draftPlace(id, pupilID)); err != nil {
			v.rep.add("", 0, "draft %s: %v", id, err)
		}
		return nil
	})
}

// eachRow runs fn on every row of query, reporting a failure to read.
func (v *verifier) eachRow(query string, fn func(*sql.Rows) error, args ...any) {
	err := func() error {
		rows, err := v.db.QueryContext(v.ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}()
	if err != nil {
		v.rep.add("", 0, "the %s table cannot be read: %v", tableOf(query), err)
	}
}

// tableOf is the first table a query reads from, to name in a problem.
func tableOf(query string) string {
	_, rest, _ := strings.Cut(query, "FROM ")
	name, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	return strings.Trim(name, `"`)
}

// backups compares each backup's records with the database's: a record in
// a backup must still be in the database, with the same body.
func (v *verifier) backups(dir string) {
	names, err := backups(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		v.rep.add("", 0, "the backups cannot be listed: %v", err)
	}
	hashes := bodyHashes(v)
	for _, name := range names {
		v.compareBackup(name, hashes)
	}
	v.rep.Backups = len(names)
}

func (v *verifier) compareBackup(name string, hashes map[string]hashSeq) {
	if what, err := quickCheck(v.ctx, name); err != nil || what != "" {
		v.rep.add("", 0, "backup %s is damaged: %v%s", filepath.Base(name), err, what)
		return
	}
	db, cleanup, err := openReadOnly(v.ctx, name)
	if err != nil {
		v.rep.add("", 0, "backup %s cannot be opened: %v", filepath.Base(name), err)
		return
	}
	defer cleanup()
	for id, old := range bodyHashes(&verifier{ctx: v.ctx, db: db, keys: v.keys, rep: v.rep}) {
		switch now, ok := hashes[id]; {
		case !ok:
			v.rep.add(id, old.seq, "is in backup %s but no longer in the database", filepath.Base(name))
		case now.hash != old.hash:
			v.rep.add(id, now.seq, "its body differs from the copy in backup %s", filepath.Base(name))
		}
	}
}

type hashSeq struct {
	hash string
	seq  uint64
}

// bodyHashes hashes every record's body as it is (not trusting body_hash).
func bodyHashes(v *verifier) map[string]hashSeq {
	out := map[string]hashSeq{}
	v.eachRow(`SELECT record_id, device_seq, body FROM records`, func(rows *sql.Rows) error {
		var id string
		var seq sql.NullInt64
		var body []byte
		err := rows.Scan(&id, &seq, &body)
		out[id] = hashSeq{record.Hash(body), uint64(seq.Int64)}
		return err
	})
	return out
}

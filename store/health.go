package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// damagedDir, in the data folder, keeps damaged databases moved aside.
const damagedDir = "damaged"

// Recovery is what Open did about a damaged database: the file was moved
// aside (never written to) and a backup put in its place. main shows it to
// the adult; every field is safe to show (no names).
type Recovery struct {
	Problem    string    // what the check found, as SQLite put it
	MovedAside []string  // where the damaged database (and its -wal, -shm) now are
	Backup     string    // the backup file restored
	BackupDay  time.Time // the day that backup was made
	// Lost lists the ids of records in the damaged database that are not
	// in the backup: sign-offs to do again.
	Lost []string
	// LostCount is how many sign-offs were lost: len(Lost), or more when
	// the damaged file's sequence numbers show records whose ids could not
	// be read (the device numbers its records 1, 2, 3… with no gaps).
	LostCount int
	// OnHub is how many of Lost the school's hub had acknowledged before
	// the damage (their receipts were in the outbox): the hub keeps them.
	OnHub int
	// Changes are the adult actions made since the backup that the restore
	// took back (class lists imported, adults added, settings changed), as
	// the damaged database's audit log lists them; ChangesKnown is false
	// when that log could not be read.
	Changes      []Change
	ChangesKnown bool
	// Incomplete is true when SQLite could not read the damaged file's
	// records in full; Lost then holds the ids found by scanning its bytes
	// and may miss some (or include ones that were never committed). It is
	// also true when a restore a crash interrupted was finished: the
	// report of that restore (MovedAside, Backup, Lost) was lost with it.
	Incomplete bool
}

// damage is what is wrong with a database file.
type damage struct {
	what  string
	notDB bool // not a SQLite file at all
}

func (d damage) noBackupError(path string) error {
	base := ErrCorrupt
	if d.notDB {
		base = ErrNotDatabase
	}
	return fmt.Errorf("%w (%s), and there is no good backup in %s: %s was left as it is",
		base, d.what, filepath.Join(filepath.Dir(path), backupDir), filepath.Base(path))
}

// checkOrRecover checks the database at path read-only; if it is damaged
// it is moved aside and the newest good backup restored.
func checkOrRecover(ctx context.Context, path string) (*Recovery, error) {
	if rec, err := finishRestore(path); rec != nil || err != nil {
		return rec, err
	}
	d, err := checkHealth(ctx, path)
	if err != nil || d.what == "" {
		return nil, err
	}
	return recoverDB(ctx, path, d)
}

// checkHealth runs quick_check on the database at path through a
// read-only connection. A missing or empty file is a new database.
func checkHealth(ctx context.Context, path string) (damage, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Size() == 0) {
		return damage{}, nil
	}
	if err != nil {
		return damage{}, err
	}
	if ok, err := hasSQLiteHeader(path); err != nil || !ok {
		return damage{what: "not a SQLite database", notDB: true}, err
	}
	what, err := quickCheck(ctx, path)
	return damage{what: what}, err
}

// quickCheck returns "" when PRAGMA quick_check finds the database sound,
// otherwise what it found. Errors other than corruption are returned.
func quickCheck(ctx context.Context, path string) (string, error) {
	return pragmaCheck(ctx, path, "quick_check")
}

func pragmaCheck(ctx context.Context, path, pragma string) (string, error) {
	db, cleanup, err := openReadOnly(ctx, path)
	if err != nil {
		if isCorruption(err) {
			return err.Error(), nil
		}
		return "", fmt.Errorf("%s: %w", pragma, err)
	}
	defer cleanup()
	lines, err := checkLines(ctx, db, pragma)
	switch {
	case err == nil && len(lines) == 1 && lines[0] == "ok":
		return "", nil
	case err == nil:
		return strings.Join(lines, "; "), nil
	case isCorruption(err):
		return err.Error(), nil
	}
	return "", fmt.Errorf("%s: %w", pragma, err)
}

// checkLines runs an integrity or quick check and returns its first lines.
func checkLines(ctx context.Context, q querier, pragma string) ([]string, error) {
	return queryStrings(ctx, q, `PRAGMA `+pragma+`(20)`)
}

// queryStrings runs a query of one text column and returns its values in
// order; on an error, those read before it with the error.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func isCorruption(err error) bool {
	c := sqliteCode(err)
	return c == sqliteCorrupt || c == sqliteNotADB
}

// recoverDB moves the damaged database aside and restores the newest
// backup that passes quick_check. With no good backup nothing is touched.
func recoverDB(ctx context.Context, path string, d damage) (*Recovery, error) {
	dir := filepath.Dir(path)
	backup, day, err := newestGoodBackup(ctx, dir)
	if err != nil {
		return nil, err
	}
	if backup == "" {
		return nil, d.noBackupError(path)
	}
	// The copy is made and synced first: if that fails (a full disk),
	// nothing has moved. Only then is the damaged file set aside and the
	// copy renamed into its place.
	tmp := restoreTmp(path)
	if err := copyFileDurably(backup, tmp); err != nil {
		return nil, fmt.Errorf("restore %s: %w", backup, diskFull(err))
	}
	rec := &Recovery{Problem: d.what, Backup: backup, BackupDay: day}
	if rec.MovedAside, err = moveAside(path, filepath.Join(dir, damagedDir), time.Now()); err != nil {
		return nil, fmt.Errorf("move the damaged database aside: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("restore %s: %w", backup, err)
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	found, kept := recordIDsIn(ctx, rec.MovedAside[0]), recordIDsIn(ctx, path)
	rec.Lost, rec.Incomplete = missing(found.ids, kept.ids), !found.complete
	rec.LostCount = len(rec.Lost)
	for _, id := range rec.Lost {
		if found.onHub[id] {
			rec.OnHub++
		}
	}
	if found.maxSeq > kept.maxSeq {
		rec.LostCount = max(rec.LostCount, int(found.maxSeq-kept.maxSeq))
	}
	rec.Changes, rec.ChangesKnown = changesSince(ctx, rec.MovedAside[0], path)
	return rec, nil
}

// restoreTmp is where a backup is copied before it replaces a database.
func restoreTmp(path string) string { return path + ".restore.tmp" }

// finishRestore completes a restore that a crash interrupted after the
// damaged database was moved aside (so there is no database, only the
// synced copy of the backup). A copy left beside a database is from a
// restore interrupted before anything moved, and is removed.
func finishRestore(path string) (*Recovery, error) {
	tmp := restoreTmp(path)
	if _, err := os.Stat(tmp); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if _, err := os.Stat(path); err == nil {
		return nil, os.Remove(tmp)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("finish an interrupted restore: %w", err)
	}
	return &Recovery{Problem: "a restore from a backup was interrupted; it has now been finished",
		Incomplete: true}, syncDir(filepath.Dir(path))
}

// moveAside renames path and its -wal and -shm files into dir, stamped with
// the time, and returns the new names (the database first).
func moveAside(path, dir string, now time.Time) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	stamp := now.UTC().Format("20060102T150405.000Z")
	base := strings.TrimSuffix(filepath.Base(path), ".db") + "-" + stamp + ".db"
	var moved []string
	for _, suffix := range []string{"", "-wal", "-shm"} {
		to := filepath.Join(dir, base+suffix)
		err := os.Rename(path+suffix, to)
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			return moved, err
		}
		moved = append(moved, to)
	}
	return moved, errors.Join(syncDir(dir), syncDir(filepath.Dir(path)))
}

// copyFileDurably copies src to dst and syncs it; on failure dst is removed.
func copyFileDurably(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err = errors.Join(err, out.Sync(), out.Close()); err != nil {
		os.Remove(dst)
	}
	return err
}

// missing lists, sorted, the ids in found but not in kept.
func missing(found, kept map[string]bool) []string {
	var out []string
	for id := range found {
		if !kept[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

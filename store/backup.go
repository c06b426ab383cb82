package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Backups: one VACUUM INTO copy a day in the data folder's backups/, the
// newest keepBackups kept. A backup is written to a temporary name, synced,
// checked with quick_check and only then renamed into place, so a file
// named like a backup is a whole, sound database.
const (
	backupDir    = "backups"
	backupPrefix = "kiosk-"
	backupSuffix = ".db"
	keepBackups  = 7
)

// backupState lets a long-running kiosk make the next day's backup after
// a save, in the background, one at a time.
type backupState struct {
	one     sync.Mutex // held while a backup is made: one at a time
	mu      sync.Mutex // guards day and running
	day     string     // the day of the newest backup made or found
	running bool
	wg      sync.WaitGroup
}

func backupName(day time.Time) string {
	return backupPrefix + day.UTC().Format(time.DateOnly) + backupSuffix
}

// backupIfDue makes the backup for day's date unless it exists, then
// removes all but the newest keepBackups.
func (s *Store) backupIfDue(ctx context.Context, day time.Time) error {
	s.backups.one.Lock()
	defer s.backups.one.Unlock()
	dir := filepath.Join(filepath.Dir(s.path), backupDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	name := filepath.Join(dir, backupName(day))
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
		if err := vacuumInto(ctx, s.path, name); err != nil {
			return fmt.Errorf("backup to %s: %w", name, diskFull(err))
		}
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	s.backups.mu.Lock()
	s.backups.day = day.UTC().Format(time.DateOnly)
	s.backups.mu.Unlock()
	return pruneBackups(dir)
}

// backupSoon starts the day's backup in the background if it is not made
// yet. Close waits for it.
func (s *Store) backupSoon() {
	day := s.Now()
	b := &s.backups
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.day == day.UTC().Format(time.DateOnly) || b.running {
		return
	}
	b.running = true
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		err := s.backupIfDue(context.Background(), day)
		b.mu.Lock()
		b.running = false
		b.mu.Unlock()
		if err != nil {
			log.Printf("store: %v", err)
		}
	}()
}

// vacuumInto writes a compacted copy of the database at src to dst through
// its own read-only connection (a reader: saves carry on meanwhile).
func vacuumInto(ctx context.Context, src, dst string) error {
	tmp := dst + ".tmp"
	os.Remove(tmp) // left by a crash mid-backup
	db, err := sql.Open("sqlite", readOnlyDSN(src))
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	if err = errors.Join(err, db.Close()); err == nil {
		err = checkBackupFile(ctx, tmp)
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(dst))
}

// checkBackupFile syncs a new backup to disk and runs quick_check on it.
func checkBackupFile(ctx context.Context, path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := errors.Join(f.Chmod(0o600), f.Sync(), f.Close()); err != nil {
		return err
	}
	what, err := quickCheck(ctx, path)
	if err == nil && what != "" {
		err = fmt.Errorf("the new backup failed its check: %s", what)
	}
	return err
}

// backups lists the backup files in dir, newest first.
func backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && backupDay(n) != (time.Time{}) {
			names = append(names, filepath.Join(dir, n))
		}
	}
	slices.Sort(names) // the date in the name sorts as time does
	slices.Reverse(names)
	return names, nil
}

// backupDay is the day in a backup's file name, or the zero time.
func backupDay(name string) time.Time {
	date, ok := strings.CutPrefix(filepath.Base(name), backupPrefix)
	if !ok {
		return time.Time{}
	}
	if date, ok = strings.CutSuffix(date, backupSuffix); !ok {
		return time.Time{}
	}
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return time.Time{}
	}
	return day
}

func pruneBackups(dir string) error {
	names, err := backups(dir)
	if err != nil || len(names) <= keepBackups {
		return err
	}
	var errs []error
	for _, old := range names[keepBackups:] {
		errs = append(errs, os.Remove(old))
	}
	return errors.Join(errs...)
}

// newestGoodBackup returns the newest backup in the data folder dir that
// passes quick_check, and its day; "" when there is none.
func newestGoodBackup(ctx context.Context, dir string) (string, time.Time, error) {
	names, err := backups(filepath.Join(dir, backupDir))
	if err != nil {
		return "", time.Time{}, err
	}
	for _, name := range names {
		if what, err := quickCheck(ctx, name); err == nil && what == "" {
			return name, backupDay(name), nil
		}
	}
	return "", time.Time{}, nil
}

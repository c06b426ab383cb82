package store

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"smartkiosk/store/record"
)

func TestStore_Backups(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), DatabaseFile)
		s := openAt(t, path)
		dir := filepath.Join(filepath.Dir(path), backupDir)
		today := filepath.Join(dir, backupName(time.Now()))
		info, err := os.Stat(today)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("the day's backup after Open: %v (mode %v); want it, 0600", err, info.Mode().Perm())
		}
		if what, err := quickCheck(ctx, today); err != nil || what != "" {
			t.Errorf("backup check: %q, %v", what, err)
		}
		os.WriteFile(today, []byte("kept"), 0o600) // a second backup that day would replace it
		if err := s.backupIfDue(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(today); string(data) != "kept" {
			t.Error("a second backup was made the same day")
		}
	})
	t.Run("KeepsSeven", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), DatabaseFile)
		s := openAt(t, path)
		dir := filepath.Join(filepath.Dir(path), backupDir)
		start := time.Now().AddDate(0, 0, 1)
		os.WriteFile(filepath.Join(dir, backupName(start)+".tmp"), []byte("left by a crash"), 0o600)
		var want []string
		for d := range 10 {
			day := start.AddDate(0, 0, d)
			if err := s.backupIfDue(ctx, day); err != nil {
				t.Fatalf("day %d: %v", d, err)
			}
			want = append([]string{filepath.Join(dir, backupName(day))}, want...)
		}
		got, err := backups(dir)
		if err != nil || !reflect.DeepEqual(got, want[:keepBackups]) {
			t.Errorf("backups = %q, %v\nwant %q", got, err, want[:keepBackups])
		}
		if _, err := os.Stat(filepath.Join(dir, backupName(start)+".tmp")); !errors.Is(err, fs.ErrNotExist) {
			t.Error("a crashed backup's temporary file is still there")
		}
	})
	t.Run("AfterSaveNextDay", func(t *testing.T) {
		f := newFixture(t)
		tomorrow := time.Now().AddDate(0, 0, 1)
		f.s.Now = func() time.Time { return tomorrow }
		f.mustSave(t, f.body(0))
		f.s.Close() // waits for the background backup
		name := filepath.Join(filepath.Dir(f.s.path), backupDir, backupName(tomorrow))
		if what, err := quickCheck(ctx, name); err != nil || what != "" {
			t.Errorf("next day's backup: %q, %v", what, err)
		}
	})
}

// damagedStore is a data folder whose database holds records kept (in the
// newest backup) and lost (saved after it), and is then damaged.
type damagedStore struct {
	path       string
	kept, lost string
	damaged    []byte // the damaged database's bytes
}

func newDamagedStore(t *testing.T, table string) damagedStore {
	return newDamagedStoreIn(t, t.TempDir(), table)
}

func newDamagedStoreIn(t *testing.T, dir, table string) damagedStore {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, DatabaseFile)
	s := openAt(t, path)
	f := fixture{s: s, staffID: mustAddStaff(t, s, "Sam Example", RoleTA, "246810")}
	pupilID := mustAddPupil(t, s, testPupil(1, "Ada", "Lovelace", "Oak", "b"))
	f.pupil, _ = s.Pupil(ctx, pupilID)
	d := damagedStore{path: path}
	kept, lost := f.body(0), f.body(1)
	f.mustSave(t, kept)
	if err := s.backupIfDue(ctx, time.Now().AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	f.mustSave(t, lost)
	d.kept, d.lost = kept.ID, lost.ID
	var root, pageSize int64
	s.db.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, table).Scan(&root)
	s.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	s.Close() // checkpoints: everything is in the main file
	d.damaged = smash(t, path, (root-1)*pageSize+8, 64)
	return d
}

// smash overwrites n bytes at off with a pattern and returns the file.
func smash(t *testing.T, path string, off, n int64) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := off; i < off+n; i++ {
		data[i] = byte(0xA5 ^ i)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestOpen_Recovery(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		table      string
		incomplete bool
	}{{"records", false}, {"sqlite_autoindex_records_1", true}, {"pupils", false}} {
		t.Run("Damaged "+c.table, func(t *testing.T) {
			d := newDamagedStore(t, c.table)
			dataDir := filepath.Dir(d.path)
			bad := filepath.Join(dataDir, backupDir, backupName(time.Now().AddDate(0, 0, 2)))
			os.WriteFile(bad, []byte("a newer backup, itself damaged"), 0o600)
			s := openAt(t, d.path)
			rec := s.Recovery()
			if rec == nil {
				t.Fatal("Open found nothing wrong with a damaged database")
			}
			wantBackup := filepath.Join(dataDir, backupDir, backupName(time.Now().AddDate(0, 0, 1)))
			if rec.Backup != wantBackup || rec.Problem == "" {
				t.Errorf("restored %s (%q); want %s, the newest good backup", rec.Backup, rec.Problem, wantBackup)
			}
			if !reflect.DeepEqual(rec.Lost, []string{d.lost}) || rec.Incomplete != c.incomplete {
				t.Errorf("Lost = %q, Incomplete = %v; want [%s], %v", rec.Lost, rec.Incomplete, d.lost, c.incomplete)
			}
			moved, err := os.ReadFile(rec.MovedAside[0])
			if err != nil || !bytes.Equal(moved, d.damaged) || !strings.HasPrefix(rec.MovedAside[0], filepath.Join(dataDir, damagedDir)) {
				t.Errorf("the damaged file was not kept as it was in %s: %v", rec.MovedAside[0], err)
			}
			checkRecoveredStore(t, s, d)
		})
	}
	t.Run("ErrNoBackup", func(t *testing.T) {
		d := newDamagedStore(t, "records")
		os.RemoveAll(filepath.Join(filepath.Dir(d.path), backupDir))
		s, err := Open(d.path)
		if err == nil {
			s.Close()
			t.Fatal("a damaged database with no backup was opened")
		}
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "left as it is") {
			t.Errorf("err = %v, want ErrCorrupt saying the file was left", err)
		}
		if data, _ := os.ReadFile(d.path); !bytes.Equal(data, d.damaged) {
			t.Error("the damaged database was written to")
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(d.path), damagedDir)); !errors.Is(err, fs.ErrNotExist) {
			t.Error("something was moved aside with no backup to restore")
		}
	})
	t.Run("FinishesInterrupted", func(t *testing.T) {
		// A crash after the damaged file was moved aside, before the
		// synced copy of the backup was renamed into place.
		d := newDamagedStore(t, "records")
		backup := filepath.Join(filepath.Dir(d.path), backupDir, backupName(time.Now().AddDate(0, 0, 1)))
		if err := copyFileDurably(backup, restoreTmp(d.path)); err != nil {
			t.Fatal(err)
		}
		os.Rename(d.path, d.path+".moved")
		s := openAt(t, d.path)
		if rec := s.Recovery(); rec == nil || !rec.Incomplete || len(rec.MovedAside) != 0 {
			t.Fatalf("Recovery = %+v; want the interrupted restore reported as finished", rec)
		}
		checkRecoveredStore(t, s, d)
	})
	t.Run("StaleCopyRemoved", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), DatabaseFile)
		openAt(t, path).Close()
		os.WriteFile(restoreTmp(path), []byte("half a copy"), 0o600)
		if s := openAt(t, path); s.Recovery() != nil {
			t.Errorf("Recovery = %+v for a sound database", s.Recovery())
		}
		if _, err := os.Stat(restoreTmp(path)); !errors.Is(err, fs.ErrNotExist) {
			t.Error("a copy from an interrupted restore was left beside a sound database")
		}
	})
	t.Run("ErrDiskFull", func(t *testing.T) {
		d := newDamagedStoreIn(t, smallDisk(t, "4m"), "records")
		fillDisk(t, filepath.Dir(d.path))
		s, err := Open(d.path)
		if err == nil {
			s.Close()
			t.Fatal("restored a backup onto a full disk")
		}
		if !errors.Is(err, ErrDiskFull) {
			t.Errorf("err = %v, want ErrDiskFull", err)
		}
		if data, _ := os.ReadFile(d.path); !bytes.Equal(data, d.damaged) {
			t.Error("the damaged database was moved or changed, with no backup put in its place")
		}
	})
	t.Run("NotADatabase", func(t *testing.T) {
		d := newDamagedStore(t, "records")
		os.WriteFile(d.path, []byte(strings.Repeat("this is not a database\n", 200)), 0o600)
		s := openAt(t, d.path)
		if rec := s.Recovery(); rec == nil || len(rec.Lost) != 0 || !rec.Incomplete {
			t.Fatalf("Recovery = %+v; want a restore with nothing readable from the garbage", rec)
		}
		recs, err := s.Records(ctx)
		if err != nil || len(recs) != 1 || recs[0].Body.ID != d.kept {
			t.Errorf("records after restoring = %d, %v", len(recs), err)
		}
	})
}

// checkRecoveredStore checks the restored store holds the kept record,
// takes new ones on the chain after it, and verifies.
func checkRecoveredStore(t *testing.T, s *Store, d damagedStore) {
	t.Helper()
	ctx := context.Background()
	recs, err := s.Records(ctx)
	if err != nil || len(recs) != 1 || recs[0].Body.ID != d.kept {
		t.Fatalf("records after restoring: %d, %v; want only %s", len(recs), err, d.kept)
	}
	next := *recs[0].Body
	next.ID, next.Attachments = record.NewID(), nil
	if err := s.SaveRecord(ctx, &next); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rep, err := VerifyData(ctx, filepath.Dir(d.path), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if !strings.Contains(p.What, "backup") || !strings.Contains(p.What, "damaged") {
			t.Errorf("after recovery: %v", p)
		}
	}
}

// Recovery counts every sign-off lost, by their ids where any path to
// them is readable and by the device's sequence numbers where none is,
// and lists the adult changes the restore took back.
func TestOpen_RecoveryCountsEverything(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		damage   []string // b-trees whose root page is smashed
		allIDs   bool     // every lost id is still readable some other way
		complete bool
	}{
		{"table only", []string{"records"}, true, true}, // the ids are read from the primary key's index
		{"every path to the ids", []string{"records", "sqlite_autoindex_records_1", "outbox", "sqlite_autoindex_outbox_1",
			"record_answers", "sqlite_autoindex_record_answers_1", "record_attachments", "sqlite_autoindex_record_attachments_1"}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, DatabaseFile)
			s := openAt(t, path)
			f := fixture{s: s, staffID: mustAddStaff(t, s, "Sam Example", RoleTA, "246810")}
			pupilID := mustAddPupil(t, s, testPupil(1, "Ada", "Lovelace", "Oak", "b"))
			f.pupil, _ = s.Pupil(ctx, pupilID)
			f.mustSave(t, f.body(0))
			if err := s.backupIfDue(ctx, time.Now().AddDate(0, 0, 1)); err != nil {
				t.Fatal(err)
			}
			const lost, acked = 60, 10
			var acks []record.Ack
			for i := 1; i <= lost; i++ {
				b := f.body(i % 60)
				f.mustSave(t, b)
				if i <= acked {
					acks = append(acks, record.Ack{ID: b.ID, Status: "stored", Receipt: []byte("{}")})
				}
			}
			if err := s.SaveAcks(ctx, acks, time.Now()); err != nil {
				t.Fatal(err)
			}
			mustAddStaff(t, s, "Alex Admin", RoleAdmin, "13579024")
			if err := s.SetBand(ctx, f.staffID, pupilID, "c"); err != nil {
				t.Fatal(err)
			}
			pages := map[string]int64{}
			var pageSize int64
			s.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
			for _, name := range c.damage {
				var root int64
				if err := s.db.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, name).Scan(&root); err != nil {
					t.Fatalf("no b-tree %s: %v", name, err)
				}
				pages[name] = root
			}
			s.Close()
			for _, root := range pages {
				smash(t, path, (root-1)*pageSize+8, 64)
			}
			s = openAt(t, path)
			rec := s.Recovery()
			if rec == nil {
				t.Fatal("nothing recovered")
			}
			if rec.LostCount != lost {
				t.Errorf("LostCount = %d, want %d", rec.LostCount, lost)
			}
			if c.allIDs && (len(rec.Lost) != lost || rec.OnHub != acked) {
				t.Errorf("%d lost ids read, %d on the hub; want all %d, %d", len(rec.Lost), rec.OnHub, lost, acked)
			}
			if !rec.ChangesKnown {
				t.Fatal("the damaged audit log was not read")
			}
			got := map[string]int{}
			for _, ch := range rec.Changes {
				got[ch.Action] = ch.Count
			}
			if got[AuditBandChanged] != 1 || got[AuditStaffAdded] != 1 || len(got) != 2 {
				t.Errorf("changes taken back = %v; want one adult added and one band change", rec.Changes)
			}
			if rec.Incomplete == c.complete {
				t.Errorf("Incomplete = %v with %v damaged", rec.Incomplete, c.damage)
			}
		})
	}
}

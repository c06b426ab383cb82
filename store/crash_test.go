package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// The crash tests re-run this test binary as a child process that saves
// sign-offs and is killed with SIGKILL: a real crash, no deferred cleanup.
const (
	crashChildEnv      = "SMARTKIOSK_CRASH_CHILD"      // the child's data folder
	crashModeEnv       = "SMARTKIOSK_CRASH_MODE"       // "loop" or "once"
	crashIterationsEnv = "SMARTKIOSK_CRASH_ITERATIONS" // make soak sets 2000
	seedEnv            = "SMARTKIOSK_TEST_SEED"        // to replay a failing crash or corruption run
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		if err := crashChild(dir, os.Getenv(crashModeEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild saves sign-offs, each with a draft first as the screens do,
// and prints each record's id the moment SaveRecord has returned (that is,
// after COMMIT): those are the sign-offs the kiosk would have shown as
// "Saved". In "once" mode it saves one and then waits to be killed, as if
// it died before the screen changed.
func crashChild(dir, mode string) error {
	s, err := Open(filepath.Join(dir, DatabaseFile))
	if err != nil {
		return err
	}
	f, err := crashFixture(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	for n := 0; ; n++ {
		b := f.body(n % 60)
		mark := make([]byte, 64+n%192) // small: every check reads the whole file
		rand.Read(mark)
		d := Draft{ID: b.ID, PupilID: f.pupil.ID, State: []byte(`{"answers":[]}`)}
		if err := s.SaveDraft(ctx, d); err != nil {
			return err
		}
		if err := s.SaveRecord(ctx, b, Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark}); err != nil {
			return err
		}
		if _, err := os.Stdout.WriteString(b.ID + "\n"); err != nil {
			return err
		}
		if mode == "once" {
			select {} // killed here: committed, the screen never updated
		}
	}
}

// crashFixture reads the pupil and adult the parent added.
func crashFixture(s *Store) (fixture, error) {
	p, err := s.Pupil(context.Background(), 1)
	return fixture{s: s, pupil: p, staffID: 1}, err
}

// newCrashDir makes a data folder with one pupil and one adult.
func newCrashDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s := openAt(t, filepath.Join(dir, DatabaseFile))
	mustAddPupil(t, s, testPupil(1, "Ada", "Lovelace", "Oak", "b"))
	mustAddStaff(t, s, "Sam Example", RoleTA, "246810")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runChild starts the child, kills it with SIGKILL after delay (or once it
// has reported want ids, if want > 0), and returns the ids it reported.
func runChild(t *testing.T, dir, mode string, delay time.Duration, want int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir, crashModeEnv+"="+mode)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go readLines(out, lines)
	var ids []string
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for done := false; !done; {
		select {
		case id, ok := <-lines:
			if !ok {
				done = true
				break
			}
			ids = append(ids, id)
			done = want > 0 && len(ids) >= want
		case <-timer.C:
			done = true
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	for id := range lines { // what the child wrote before it died
		ids = append(ids, id)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL (%v):\n%s", err, stderr.String())
	}
	return ids
}

// readLines sends each complete line (a torn last line is dropped) and
// closes lines at EOF.
func readLines(r io.Reader, lines chan<- string) {
	defer close(lines)
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		lines <- strings.TrimSuffix(line, "\n")
	}
}

func crashIterations(t *testing.T) int {
	if s := os.Getenv(crashIterationsEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", crashIterationsEnv, s)
		}
		return n
	}
	return 200
}

func testSeed(t *testing.T) uint64 {
	if s := os.Getenv(seedEnv); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", seedEnv, s, err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// killsPerFolder bounds a crash run's database to a kiosk's size (a few
// thousand records): every check reads the whole file.
const killsPerFolder = 50

// TestStore_CrashSafety kills a child that is saving sign-offs at a random
// moment 5–300 ms after it starts (so also while it opens the store), then
// reopens the database and checks every sign-off the child reported saved
// is there, whole, on an unbroken chain with its outbox row. Each data
// folder takes killsPerFolder kills, then is verified in full.
func TestStore_CrashSafety(t *testing.T) {
	n, seed := crashIterations(t), testSeed(t)
	t.Logf("%d iterations; replay with %s=%d", n, seedEnv, seed)
	rng := mrand.New(mrand.NewPCG(seed, 0))
	var reported, stored, drafts int
	for i := 0; i < n && !t.Failed(); {
		dir := newCrashDir(t)
		c := &crashCheck{reported: map[string]bool{}}
		for end := min(n, i+killsPerFolder); i < end && !t.Failed(); i++ {
			delay := time.Duration(5+rng.IntN(296)) * time.Millisecond
			for _, id := range runChild(t, dir, "loop", delay, 0) {
				c.reported[id] = true
			}
			c.check(t, dir, i)
		}
		if rep, err := VerifyData(context.Background(), dir, nil); err != nil {
			t.Errorf("verify after kill %d: %v", i, err)
		} else if !rep.OK() {
			t.Errorf("verify after kill %d: %d problems, the first: %v", i, len(rep.Problems), rep.Problems[:min(3, len(rep.Problems))])
		}
		reported, stored, drafts = reported+len(c.reported), stored+c.stored, drafts+c.drafts
	}
	t.Logf("%d kills: %d sign-offs reported saved, %d stored, %d drafts left by interrupted saves",
		n, reported, stored, drafts)
}

// crashCheck is what the parent knows between kills.
type crashCheck struct {
	reported       map[string]bool // every id the child said was saved
	chain          record.Chain    // checked up to its head
	stored, drafts int
}

// check reopens the store after a kill. Every reported id must be there;
// the chain is checked link by link from where the last check ended (and
// the old head must be unchanged, so nothing before it moved); signatures
// of the new links are checked; no row may be orphaned.
func (c *crashCheck) check(t *testing.T, dir string, i int) {
	t.Helper()
	s := openAt(t, filepath.Join(dir, DatabaseFile))
	defer s.Close()
	if rec := s.Recovery(); rec != nil {
		t.Fatalf("kill %d: Open had to recover: %+v", i, rec)
	}
	if lines, err := checkLines(context.Background(), s.db, "integrity_check"); err != nil || len(lines) != 1 || lines[0] != "ok" {
		t.Fatalf("kill %d: integrity_check = %q, %v", i, lines, err)
	}
	if n := queryInt(t, s, `SELECT COUNT(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Fatalf("kill %d: %d rows refer to a missing row (foreign_key_check)", i, n)
	}
	ids := crashIDs(t, s)
	for id := range c.reported {
		if !ids[id] {
			t.Errorf("kill %d: sign-off %s was reported saved but is not in the database", i, id)
		}
	}
	c.checkNewLinks(t, s, i)
	c.stored = len(ids)
	if uint64(c.stored) != c.chain.Seq {
		t.Errorf("kill %d: %d records, but the chain ends at sequence %d", i, c.stored, c.chain.Seq)
	}
	c.drafts = checkNoOrphans(t, s, i, c.stored)
}

func crashIDs(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	rows, err := s.db.Query(`SELECT record_id FROM records`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	return ids
}

// checkNewLinks checks the old head is unchanged and the records after it
// link on, signed.
func (c *crashCheck) checkNewLinks(t *testing.T, s *Store, i int) {
	t.Helper()
	if c.chain.Seq > 0 {
		var head []byte
		s.db.QueryRow(`SELECT body FROM records WHERE device_seq = ?`, c.chain.Seq).Scan(&head)
		if record.Hash(head) != c.chain.Head {
			t.Fatalf("kill %d: record %d, the last one checked, changed", i, c.chain.Seq)
		}
	}
	rows, err := s.db.Query(`SELECT body, signature FROM records WHERE device_seq > ? ORDER BY device_seq`, c.chain.Seq)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var body, sig []byte
		if err := rows.Scan(&body, &sig); err != nil {
			t.Fatal(err)
		}
		b, err := record.Open(s.Device().PublicKey, body, sig)
		if err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		if bad := c.chain.Next(b, body); len(bad) != 0 {
			t.Errorf("kill %d: record %s: %v", i, b.ID, bad)
		}
	}
}

// checkNoOrphans checks that a record's rows are all there or all absent
// (foreign_key_check found no row without its record), and returns the
// number of drafts (saves interrupted before their commit, which the kiosk
// would offer to finish).
func checkNoOrphans(t *testing.T, s *Store, i, records int) int {
	t.Helper()
	for what, c := range map[string]struct {
		q    string
		want int
	}{
		"outbox rows":             {`SELECT COUNT(*) FROM outbox`, records},
		"attachments":             {`SELECT COUNT(*) FROM record_attachments`, 3 * records},
		"answers":                 {`SELECT COUNT(*) FROM record_answers`, 4 * records},
		"drafts of saved records": {`SELECT COUNT(*) FROM drafts d JOIN records r ON r.record_id = d.draft_id`, 0},
	} {
		if n := queryInt(t, s, c.q); n != c.want {
			t.Errorf("kill %d: %d %s, want %d", i, n, what, c.want)
		}
	}
	return queryInt(t, s, `SELECT COUNT(*) FROM drafts`)
}

func queryInt(t *testing.T, s *Store, q string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStore_DraftRecovery kills the kiosk after the record's COMMIT but
// before the screen could say "Saved". Reopening the draft says "already
// saved", and saving the same sign-off again makes no second record.
func TestStore_DraftRecovery(t *testing.T) {
	ctx := context.Background()
	dir := newCrashDir(t)
	ids := runChild(t, dir, "once", 30*time.Second, 1)
	if len(ids) != 1 {
		t.Fatalf("the child reported %d saves, want 1", len(ids))
	}
	s := openAt(t, filepath.Join(dir, DatabaseFile))
	if _, err := s.Draft(ctx, ids[0]); !errors.Is(err, ErrAlreadySaved) {
		t.Errorf("reopening the draft: err = %v, want ErrAlreadySaved", err)
	}
	f, err := crashFixture(s)
	if err != nil {
		t.Fatal(err)
	}
	again := f.body(0)
	again.ID = ids[0]
	if err := s.SaveRecord(ctx, again); !errors.Is(err, ErrAlreadySaved) {
		t.Errorf("saving it again: err = %v, want ErrAlreadySaved", err)
	}
	if n := count(t, s, "records"); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}

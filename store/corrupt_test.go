package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"smartkiosk/store/record"
)

// unprotected lists the only stored values that nothing checks: neither
// SQLite (integrity_check checks the b-trees, indexes, NOT NULL, CHECK and
// UNIQUE constraints) nor verify (signatures, chain, hashes, the row
// columns against the signed body, sealed data). None is evidence or
// personal data: roster and staff details that are not names (they come
// from the school's MIS and can be imported again), row timestamps, and
// the outbox's sync bookkeeping. (The schema itself is checked: verify
// compares it with what the migrations create.)
var unprotected = map[string]bool{
	"pupils.class_name": true, "pupils.year_group": true, "pupils.band": true, "pupils.language": true,
	"pupils.profile": true, "pupils.active": true, "pupils.created_at": true, "pupils.updated_at": true,
	"staff.role": true, "staff.pin_salt": true, "staff.pin_hash": true, "staff.active": true,
	"staff.created_at": true, "records.created_at": true, "devices.created_at": true,
	"schema_migrations.applied_at": true, "drafts.created_at": true, "drafts.updated_at": true,
	"outbox.state": true, "outbox.attempts": true, "outbox.next_attempt_at": true,
	"outbox.last_error": true, "outbox.created_at": true, "outbox.updated_at": true,
	// The hub's answers (its receipt is signed with the hub's key, which
	// the kiosk's verify does not hold) and the sync's settings: a damaged
	// one at worst sends a record again, which the hub answers "duplicate".
	"outbox.reason": true, "outbox.receipt": true, "outbox.acked_at": true,
	"settings.key": true, "settings.value": true, "settings.updated_at": true,
	// PIN bookkeeping: the hashes above, their scheme, and the lockout count.
	"staff.pin_scheme": true, "staff.updated_at": true, "pin_guard.failures": true, "pin_guard.lockouts": true,
	"pin_guard.locked_ms": true, "pin_guard.checked_at": true,
	// The audit log is hash-chained; VerifyAuditLog (the adult area's audit
	// view) checks it, VerifyData does not.
	"audit_log.at": true, "audit_log.staff_id": true, "audit_log.action": true, "audit_log.detail": true,
	"audit_log.prev_hash": true, "audit_log.hash": true,
}

// TestStore_CorruptionDetected flips one random bit in a copy of a
// checkpointed database, many times over, and classifies each flip:
//
//   - detected: SQLite's quick_check (what Open runs) or VerifyData
//     (integrity_check, signatures, chain, hashes, sealed data) reports it;
//   - harmless: every stored value of every table, schema included, reads
//     back exactly as before — the bit was in free pages, unused space
//     inside a page, or a header field that does not change the data;
//   - unprotected: only values listed in unprotected changed.
//
// The test fails on any other flip: a change to a record, its answers or
// attachments, the device, or a name that nothing noticed.
func TestStore_CorruptionDetected(t *testing.T) {
	flips, seed := 200, testSeed(t)
	if s := os.Getenv("SMARTKIOSK_FLIPS"); s != "" {
		flips, _ = strconv.Atoi(s)
	}
	t.Logf("%d flips; replay with %s=%d", flips, seedEnv, seed)
	rng := mrand.New(mrand.NewPCG(seed, 1))
	src := corpusFolder(t)
	orig, err := os.ReadFile(filepath.Join(src, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	want := dumpTables(t, filepath.Join(src, DatabaseFile))
	counts := map[string]int{}
	scratch := t.TempDir()
	for i := range flips {
		off, bit := rng.IntN(len(orig)), byte(1)<<rng.IntN(8)
		dir := filepath.Join(scratch, fmt.Sprintf("flip-%d", i))
		if err := os.MkdirAll(dir, 0o700); err != nil { // MkdirAll: once, in CI, the scratch folder was gone
			t.Fatal(err)
		}
		class, detail := classifyFlip(t, src, dir, orig, off, bit, want)
		counts[class]++
		if class == "missed" {
			t.Errorf("flip %d (byte %d, bit %#x) changed %s, and nothing noticed", i, off, bit, detail)
		}
		os.RemoveAll(dir)
	}
	t.Logf("%d-byte database, %d flips: %v", len(orig), flips, counts)
}

// corpusFolder is a data folder with a realistic mix: twelve pupils, two
// adults, twenty signed records with marks, drafts both deleted (free
// space) and left, checkpointed into the main file.
func corpusFolder(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s := openAt(t, filepath.Join(dir, DatabaseFile))
	if _, err := s.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	pupils, _ := s.PupilsInClass(ctx, "Oak")
	f := fixture{s: s, pupil: pupils[1], staffID: 1}
	for i := range 20 {
		b := f.body(i)
		f.pupil = pupils[i%len(pupils)]
		b.PupilRef = f.pupil.UPN
		if i%3 == 0 {
			f.mustSaveDraft(t, record.NewID()) // left: a sign-off someone walked away from
		}
		f.mustSaveDraft(t, b.ID)
		mark := bytes.Repeat([]byte{byte(i)}, 300+20*i)
		if err := s.SaveRecord(ctx, b, Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark}); err != nil {
			t.Fatal(err)
		}
	}
	// The hub has answered some of them, and the sync keeps its status.
	pending, err := s.PendingRecords(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	var acks []record.Ack
	for i, rec := range pending {
		status := []string{"stored", "duplicate", "stored", "conflict"}[i%4]
		acks = append(acks, record.Ack{ID: rec.ID, Status: status, Reason: "differs", Receipt: []byte(`{"body":"e30=","signature":"AA=="}`)})
	}
	if err := s.SaveAcks(ctx, acks, s.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "hub.status", []byte(`{"last_success":"2025-09-08T09:30:00Z"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, backupDir)) // each flipped copy is checked alone
	return dir
}

// classifyFlip writes into dir a copy of the database with one bit
// flipped, beside copies of the key files, and says how the flip came out.
func classifyFlip(t *testing.T, src, dir string, orig []byte, off int, bit byte, want map[string]string) (class, detail string) {
	t.Helper()
	data := append([]byte(nil), orig...)
	data[off] ^= bit
	for name, content := range map[string][]byte{DatabaseFile: data, DeviceKeyFile: nil, DataKeyFile: nil} {
		if content == nil {
			content, _ = os.ReadFile(filepath.Join(src, name))
		}
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, DatabaseFile)
	if d, err := checkHealth(context.Background(), path); err != nil || d.what != "" {
		return "detected by quick_check", ""
	}
	rep, err := VerifyData(context.Background(), dir, nil)
	switch {
	case err != nil:
		return "detected by verify", ""
	case !rep.OK() && strings.HasPrefix(rep.Problems[0].What, "SQLite"):
		return "detected by integrity_check", ""
	case !rep.OK():
		return "detected by verify", ""
	}
	changed := diffTables(want, dumpTables(t, path))
	switch {
	case len(changed) == 0:
		return "harmless", ""
	case allUnprotected(changed):
		return "unprotected", strings.Join(changed, ", ")
	}
	return "missed", strings.Join(changed, ", ")
}

// dumpTables reads every value of every table (and the schema) as
// "table.column rowid" → type and value.
func dumpTables(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := []string{"sqlite_schema"}
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return map[string]string{"?": err.Error()}
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		dumpTable(db, table, out)
	}
	return out
}

func dumpTable(db *sql.DB, table string, out map[string]string) {
	key := "rowid"
	if table == "sqlite_schema" { // its rowids mean nothing: an entry is its type and name
		key = "type || ' ' || name"
	}
	rows, err := db.Query(`SELECT ` + key + `, * FROM "` + table + `"`)
	if err != nil {
		out[table] = "unreadable: " + err.Error()
		return
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			out[table+" scan"] = err.Error()
			return
		}
		for i, c := range cols[1:] {
			out[fmt.Sprintf("%s.%s %v", table, c, vals[0])] = fmt.Sprintf("%T %v", vals[i+1], vals[i+1])
		}
	}
	if err := rows.Err(); err != nil {
		out[table+" rows"] = err.Error()
	}
}

// diffTables lists the "table.column rowid" keys whose values differ.
func diffTables(want, got map[string]string) []string {
	var out []string
	for k, v := range want {
		if got[k] != v {
			out = append(out, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func allUnprotected(keys []string) bool {
	for _, k := range keys {
		column, _, _ := strings.Cut(k, " ")
		if !unprotected[column] {
			return false
		}
	}
	return true
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
)

// bodyID finds a record body's id in raw file bytes: every body starts
// {"format":…,"id":"<uuid>","kind":"…, and the start of a row's payload is
// kept in its table cell (only the tail spills to overflow pages), so ids
// can be read from pages SQLite can no longer reach.
var bodyID = regexp.MustCompile(`"id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})","kind":"`)

// bodySeq finds a body's device sequence number in raw bytes.
var bodySeq = regexp.MustCompile(`"device":"[0-9a-f]{32}","seq":([0-9]{1,12}),`)

// recordIDs is what could be read of the records in a database file.
type recordIDs struct {
	ids      map[string]bool
	complete bool            // SQLite read the records table to its end
	maxSeq   uint64          // the highest device sequence number seen
	onHub    map[string]bool // ids the hub acknowledged (its receipts are in the outbox)
}

// idQueries read record ids by every path that holds them: the table, its
// primary-key index, and the tables that point at records, each through
// its own b-tree, so a damaged page in one leaves the others readable.
var idQueries = []string{
	`SELECT record_id FROM records`,
	`SELECT record_id FROM records INDEXED BY sqlite_autoindex_records_1`,
	`SELECT record_id FROM outbox`,
	`SELECT DISTINCT record_id FROM record_answers`,
	`SELECT DISTINCT record_id FROM record_attachments`,
}

// recordIDsIn returns the record ids in the database at path. complete is
// true when SQLite read the records table to its end; otherwise the ids
// also include those the other paths and a scan of the bytes of the file
// and its WAL found (a scanned WAL may hold a record whose transaction
// never committed). maxSeq, from the sequence index and the bytes, says
// how many records the device had signed, even where their ids are gone.
func recordIDsIn(ctx context.Context, path string) recordIDs {
	r := recordIDs{ids: map[string]bool{}, onHub: map[string]bool{}}
	if db, cleanup, err := openReadOnly(ctx, path); err == nil {
		for i, q := range idQueries {
			err := collectIDs(ctx, db, q, r.ids)
			if i == 0 {
				r.complete = err == nil
			}
		}
		_ = collectIDs(ctx, db, `SELECT record_id FROM outbox WHERE state = 'acked' AND receipt IS NOT NULL`, r.onHub)
		var seq sql.NullInt64
		if db.QueryRowContext(ctx, `SELECT MAX(device_seq) FROM records INDEXED BY idx_records_device_id_device_seq`).Scan(&seq) == nil && seq.Valid {
			r.maxSeq = uint64(seq.Int64)
		}
		cleanup()
	}
	if r.complete {
		return r
	}
	for _, file := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, m := range bodyID.FindAllSubmatch(data, -1) {
			r.ids[string(m[1])] = true
		}
		for _, m := range bodySeq.FindAllSubmatch(data, -1) {
			if n, err := strconv.ParseUint(string(m[1]), 10, 64); err == nil {
				r.maxSeq = max(r.maxSeq, n)
			}
		}
	}
	return r
}

// collectIDs adds the ids query reads to ids, keeping those read before
// any error.
func collectIDs(ctx context.Context, db *sql.DB, query string, ids map[string]bool) error {
	read, err := queryStrings(ctx, db, query)
	for _, id := range read {
		ids[id] = true
	}
	return err
}

// changesSince reads, from the audit log of the damaged database at
// damaged, the adult actions made after the last entry the restored
// database at restored has: the class lists, staff and settings changed
// since the backup, which the restore took back. known is false when the
// damaged log could not be read.
func changesSince(ctx context.Context, damaged, restored string) (changes []Change, known bool) {
	var last int64
	if db, cleanup, err := openReadOnly(ctx, restored); err == nil {
		_ = db.QueryRowContext(ctx, `SELECT COALESCE(MAX(audit_id), 0) FROM audit_log`).Scan(&last)
		cleanup()
	}
	db, cleanup, err := openReadOnly(ctx, damaged)
	if err != nil {
		return nil, false
	}
	defer cleanup()
	rows, err := db.QueryContext(ctx, `SELECT action, COUNT(*) FROM audit_log WHERE audit_id > ? GROUP BY action ORDER BY MIN(audit_id)`, last)
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Action, &c.Count); err != nil {
			return nil, false
		}
		if slices.Contains(undoneActions, c.Action) {
			changes = append(changes, c)
		}
	}
	if rows.Err() != nil {
		return nil, false
	}
	return changes, true
}

// Change is one kind of adult action made since a restored backup, and
// how many times: undone by the restore, so to do again.
type Change struct {
	Action string // an Audit… action
	Count  int
}

func (c Change) String() string { return fmt.Sprintf("%s ×%d", c.Action, c.Count) }

// undoneActions are the audit actions whose effect lives in the database
// (a restore takes them back), other than sign-offs, which Lost counts.
var undoneActions = []string{AuditRosterImported, AuditStaffAdded, AuditStaffDeactivated, AuditPINChanged,
	AuditProfileChanged, AuditBandChanged, AuditTabletMode, AuditHubEnrolled}

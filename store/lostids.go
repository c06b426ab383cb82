package store

import (
	"context"
	"database/sql"
	"os"
	"regexp"
)

// bodyID finds a record body's id in raw file bytes: every body starts
// {"format":…,"id":"<uuid>","kind":"…, and the start of a row's payload is
// kept in its table cell (only the tail spills to overflow pages), so ids
// can be read from pages SQLite can no longer reach.
var bodyID = regexp.MustCompile(`"id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})","kind":"`)

// recordIDsIn returns the record ids in the database at path. complete is
// true when SQLite read the records table to its end; otherwise the ids
// also include those found by scanning the bytes of the file and its WAL
// (best effort: some may be missed, and a scanned WAL may hold a record
// whose transaction never committed).
func recordIDsIn(ctx context.Context, path string) (ids map[string]bool, complete bool) {
	ids = map[string]bool{}
	if err := sqlRecordIDs(ctx, path, ids); err == nil {
		return ids, true
	}
	for _, file := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, m := range bodyID.FindAllSubmatch(data, -1) {
			ids[string(m[1])] = true
		}
	}
	return ids, false
}

func sqlRecordIDs(ctx context.Context, path string, ids map[string]bool) error {
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT record_id FROM records`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids[id] = true
	}
	return rows.Err()
}

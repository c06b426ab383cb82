package store

import (
	"database/sql"
	"testing"
)

// immutableTriggers guard records against mistakes; a tamper test drops
// them first, as someone editing the file by hand could.
var immutableTriggers = []string{"records_immutable", "records_kept", "record_answers_immutable",
	"record_answers_kept", "record_attachments_fixed", "record_attachments_kept"}

// tamper changes the database behind the store's back, as a careful
// forger with a SQLite shell would: the guard triggers dropped, foreign
// keys off, then the triggers put back so the schema looks untouched.
func tamper(tb testing.TB, db *sql.DB, query string, args ...any) {
	tb.Helper()
	var guards []string
	for _, trg := range immutableTriggers {
		var text string
		if db.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = ?`, trg).Scan(&text) == nil {
			guards = append(guards, text)
		}
		if _, err := db.Exec(`DROP TRIGGER IF EXISTS ` + trg); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := db.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec(query, args...); err != nil {
		tb.Fatalf("tamper: %v", err)
	}
	for _, q := range append(guards, `PRAGMA foreign_keys = ON`) {
		if _, err := db.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
}

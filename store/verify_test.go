package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/store/record"
)

// verified is a data folder holding a store with five signed records
// (each with a pupil's mark) and a backup taken after the last.
type verified struct {
	dir string
	ids []string // in sequence order
}

func newVerified(t *testing.T) verified {
	t.Helper()
	f := newFixture(t)
	var v verified
	for i := range 5 {
		b := f.body(i)
		mark := Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: []byte("mark of record " + b.ID)}
		if err := f.s.SaveRecord(context.Background(), b, mark); err != nil {
			t.Fatal(err)
		}
		v.ids = append(v.ids, b.ID)
	}
	if err := f.s.backupIfDue(context.Background(), f.s.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	v.dir = filepath.Dir(f.s.path)
	return v
}

// copyOf copies the data folder, so each case tampers with its own.
func (v verified) copyOf(t *testing.T) verified {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(v.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(v.dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		return copyFileDurably(path, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
	return verified{dir: dst, ids: v.ids}
}

// raw opens the folder's database directly, as someone editing it would.
func (v verified) raw(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(v.dir, DatabaseFile)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func (v verified) verify(t *testing.T, pub ed25519.PublicKey) *Report {
	t.Helper()
	rep, err := VerifyData(context.Background(), v.dir, pub)
	if err != nil {
		t.Fatalf("VerifyData: %v", err)
	}
	return rep
}

// problemsAbout groups a report's problems by record id ("" for the rest).
func problemsAbout(rep *Report) map[string][]string {
	out := map[string][]string{}
	for _, p := range rep.Problems {
		out[p.Record] = append(out[p.Record], p.What)
	}
	return out
}

// expect checks that each record in want is named with every phrase
// given for it, and that no other record is named.
func expect(t *testing.T, rep *Report, want map[string][]string) {
	t.Helper()
	got := problemsAbout(rep)
	for id, phrases := range want {
		joined := strings.Join(got[id], "\n")
		for _, p := range phrases {
			if !strings.Contains(joined, p) {
				t.Errorf("record %q: want a problem saying %q; got %q", id, p, got[id])
			}
		}
	}
	for id, what := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("record %q named but not expected: %q", id, what)
		}
	}
}

func TestVerifyData_OK(t *testing.T) {
	v := newVerified(t)
	rep := v.verify(t, nil)
	if !rep.OK() || rep.Records != 5 || rep.Backups < 2 {
		t.Fatalf("report = %+v; want 5 records, 2 or more backups, no problems", rep)
	}
	dev, _ := readKeys(v.dir)
	if rep := v.verify(t, dev.device.PublicKey); !rep.OK() {
		t.Errorf("with the public key given: %v", rep.Problems)
	}
	t.Run("ErrOtherKey", func(t *testing.T) {
		other := ed25519.NewKeyFromSeed([]byte("an enrolled key that is not this")).Public().(ed25519.PublicKey)
		rep := v.verify(t, other)
		want := map[string][]string{"": {"not the public key given", "belongs to device"}}
		for _, id := range v.ids {
			want[id] = []string{"signature does not match", "not " + record.DeviceID(other)}
		}
		expect(t, rep, want)
	})
}

func TestVerifyData_Tampered(t *testing.T) {
	base := newVerified(t)
	id := func(i int) string { return base.ids[i] }
	for name, c := range map[string]struct {
		tamper func(t *testing.T, v verified, db *sql.DB)
		want   map[string][]string
	}{
		"BodyByte": {
			tamper: func(t *testing.T, v verified, db *sql.DB) { flipBodyByte(t, db, id(2), false) },
			want: map[string][]string{
				id(2): {"signature does not match", "does not match the stored body hash", "differs from the copy in backup"},
				id(3): {"does not match record " + id(2)},
			},
		},
		"BodyByteRehashed": {
			tamper: func(t *testing.T, v verified, db *sql.DB) { flipBodyByte(t, db, id(2), true) },
			want: map[string][]string{
				id(2): {"signature does not match", "differs from the copy in backup"},
				id(3): {"does not match record " + id(2)},
			},
		},
		"AttachmentByte": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				var sealed []byte
				db.QueryRow(`SELECT sealed FROM record_attachments WHERE record_id = ? AND position = 2`, id(1)).Scan(&sealed)
				sealed[40] ^= 1
				tamper(t, db, `UPDATE record_attachments SET sealed = ? WHERE record_id = ? AND position = 2`, sealed, id(1))
			},
			want: map[string][]string{id(1): {"attachment 2: pupil_mark attachment: sealed data cannot be opened"}},
		},
		"AttachmentResealed": {
			tamper: func(t *testing.T, v verified, db *sql.DB) { resealMark(t, v, db, id(1), "another mark") },
			want:   map[string][]string{id(1): {"attachment 2: pupil_mark attachment: content does not match its hash"}},
		},
		"AttachmentHashColumn": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				tamper(t, db, `UPDATE record_attachments SET hash = ? WHERE record_id = ? AND position = 0`,
					record.Hash([]byte("x")), id(4))
			},
			want: map[string][]string{id(4): {"attachment 0 (display_name): the stored reference differs"}},
		},
		"DeleteMiddle": {
			tamper: func(t *testing.T, v verified, db *sql.DB) { deleteRecord(t, db, id(2)) },
			want: map[string][]string{
				id(2): {"is in backup kiosk-", "no longer in the database"},
				id(3): {"sequence 4 follows 2: 1 record(s) missing", "does not match record " + id(1)},
			},
		},
		"DeleteNewest": {
			tamper: func(t *testing.T, v verified, db *sql.DB) { deleteRecord(t, db, id(4)) },
			want:   map[string][]string{id(4): {"no longer in the database"}},
		},
		"ReorderRows": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				tamper(t, db, `UPDATE records SET device_seq = -device_seq WHERE record_id IN (?, ?)`, id(1), id(3))
				tamper(t, db, `UPDATE records SET device_seq = CASE record_id WHEN ? THEN 4 ELSE 2 END
					WHERE record_id IN (?, ?)`, id(1), id(1), id(3))
			},
			want: map[string][]string{
				id(1): {`device_seq (stored "4", signed "2")`},
				id(3): {`device_seq (stored "2", signed "4")`},
			},
		},
		"SwapBodies": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				type row struct{ body, hash, sig []byte }
				var a, b row
				get := `SELECT body, body_hash, signature FROM records WHERE record_id = ?`
				db.QueryRow(get, id(1)).Scan(&a.body, &a.hash, &a.sig)
				db.QueryRow(get, id(3)).Scan(&b.body, &b.hash, &b.sig)
				set := `UPDATE records SET body = ?, body_hash = ?, signature = ? WHERE record_id = ?`
				tamper(t, db, set, b.body, string(b.hash), b.sig, id(1))
				tamper(t, db, set, a.body, string(a.hash), a.sig, id(3))
			},
			want: map[string][]string{
				id(1): {"its signed body is record " + id(3), "differs from the copy in backup"},
				id(3): {"its signed body is record " + id(1), "differs from the copy in backup"},
			},
		},
		"AnswerChanged": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				tamper(t, db, `UPDATE record_answers SET answer = 'agree' WHERE record_id = ? AND answer = 'not_sure'`, id(0))
			},
			want: map[string][]string{id(0): {"stored answers differ from the signed body"}},
		},
		"OutboxRowDeleted": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				tamper(t, db, `DELETE FROM outbox WHERE record_id = ?`, id(3))
			},
			want: map[string][]string{id(3): {"no outbox row"}},
		},
		"GuardDropped": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				if _, err := db.Exec(`DROP TRIGGER records_kept`); err != nil {
					t.Fatal(err)
				}
			},
			want: map[string][]string{"": {"the schema lacks trigger records_kept"}},
		},
		// A migration this version does not know is refused before any
		// check: TestOpen_RefusesNewerSchema.
		"NamesSwapped": {
			tamper: func(t *testing.T, v verified, db *sql.DB) {
				tamper(t, db, `UPDATE pupils SET given_name = family_name`)
			},
			want: map[string][]string{"": {"pupil 1's name: sealed data cannot be opened"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			v := base.copyOf(t)
			c.tamper(t, v, v.raw(t))
			expect(t, v.verify(t, nil), c.want)
		})
	}
}

// flipBodyByte changes one byte of a record's body ("not_sure" becomes
// "not_surf"), and with rehash also the stored hash, as a careful forger would.
func flipBodyByte(t *testing.T, db *sql.DB, id string, rehash bool) {
	t.Helper()
	var body []byte
	if err := db.QueryRow(`SELECT body FROM records WHERE record_id = ?`, id).Scan(&body); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(body), "not_sure")
	if i < 0 {
		t.Fatal("no not_sure answer in the body")
	}
	body[i+7] = 'f'
	tamper(t, db, `UPDATE records SET body = ? WHERE record_id = ?`, body, id)
	if rehash {
		tamper(t, db, `UPDATE records SET body_hash = ? WHERE record_id = ?`, record.Hash(body), id)
	}
}

// resealMark replaces a record's pupil_mark with other data sealed
// properly under the data key: only the hash can tell.
func resealMark(t *testing.T, v verified, db *sql.DB, id, data string) {
	t.Helper()
	keys, err := readKeys(v.dir)
	if err != nil {
		t.Fatal(err)
	}
	var ref record.AttachmentRef
	err = db.QueryRow(`SELECT kind, media_type, hash FROM record_attachments WHERE record_id = ? AND position = 2`, id).
		Scan(&ref.Kind, &ref.Type, &ref.Hash)
	if err != nil {
		t.Fatal(err)
	}
	plain := append(make([]byte, record.SaltSize), data...)
	tamper(t, db, `UPDATE record_attachments SET sealed = ? WHERE record_id = ? AND position = 2`,
		keys.seal(plain, attachmentPlace(id, 2, ref)), id)
}

func deleteRecord(t *testing.T, db *sql.DB, id string) {
	t.Helper()
	for _, table := range []string{"record_answers", "record_attachments", "outbox", "records"} {
		tamper(t, db, `DELETE FROM `+table+` WHERE record_id = ?`, id)
	}
}

package export

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

var updateCSV = flag.Bool("update-csv", false, "rewrite the CSV golden files in testdata/csv")

// csvFixture is two pupils' records as a hub holds them: an agreement with
// a follow-up and a parent acknowledgement, its correction, a switch
// user's physically supported agreement, and a name that tries to run as
// a spreadsheet formula.
func csvFixture(t testing.TB) []Entry {
	t.Helper()
	at := time.Date(2026, 9, 14, 23, 30, 0, 0, time.UTC) // 00:30 the next day in London
	mk := func(id, kind, supersedes, upn string, answers []record.Answer, adult record.AdultRef) Entry {
		b := record.Body{ID: id, Kind: kind, Supersedes: supersedes, Device: strings.Repeat("ab", 16),
			Seq: 1, PupilRef: upn, Form: "pupil-b", Band: "b", BandAlias: "P7–L1", Language: "en-GB",
			Pack:    record.PackRef{ID: "example", Version: "2026.1", Fingerprint: strings.Repeat("f", 64)},
			Answers: answers, Adult: adult, StartedAt: at.Add(-10 * time.Minute), SignedAt: at}
		data, err := b.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		e, err := signoff.NewEntry(data, []byte("sig"))
		if err != nil {
			t.Fatal(err)
		}
		e.Device = "Oak class tablet 2"
		e.ReceivedAt = at.Add(time.Hour)
		return e
	}
	touch := []record.Answer{{Statement: "b.s.1", Answer: record.AnswerAgree, Mode: record.ModeTouch},
		{Statement: "b.s.2", Answer: record.AnswerNotSure, Mode: record.ModeTouch},
		{Statement: "b.t.1", Answer: record.AnswerNoClear, Mode: record.ModeSwitch}}
	adult := record.AdultRef{StaffID: 3, Role: "ta", Prompting: "verbal", Understanding: "partly", Attestation: record.AttestationV1}
	zoe := signoff.Pupil{UPN: "A123456789012", GivenName: "Zoë", FamilyName: "O'Neil", Class: "Oak", Year: "7"}
	first := mk("01900000-0000-7000-8000-000000000001", record.KindAgreement, "", zoe.UPN, touch, adult)
	first.Pupil = zoe
	first.Attachments[record.AttachAdultName] = []byte("=HYPERLINK(\"x\")")
	first.ParentAck = &signoff.ParentAck{RecordID: "p1", SignedAt: at, Relationship: "foster_carer", Name: "Ann"}
	fixed := adult
	fixed.Reason = "answer_recorded_wrongly"
	second := mk("01900000-0000-7000-8000-000000000002", record.KindCorrection, first.ID(), zoe.UPN, touch[:1], fixed)
	second.Pupil = zoe
	second.Attachments[record.AttachAdultName] = []byte("Mr Lee")
	physical := []record.Answer{{Statement: "b.s.1", Answer: record.AnswerAgree, Mode: record.ModePhysical}}
	held := record.AdultRef{StaffID: 4, Role: "teacher", Prompting: record.PromptingPhysical, Understanding: "not_clearly"}
	third := mk("01900000-0000-7000-8000-000000000003", record.KindAgreement, "", "B123456789012", physical, held)
	third.Attachments[record.AttachDisplayName] = []byte("Sam") // not on the roster any more
	return []Entry{first, second, third}
}

func TestWriteCSV(t *testing.T) {
	entries := csvFixture(t)
	for _, tc := range []struct {
		golden string
		opt    CSVOptions
	}{{"records.csv", CSVOptions{}}, {"records-excel.csv", CSVOptions{BOM: true}}} {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, entries, tc.opt); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "csv", tc.golden)
			if *updateCSV {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./export -update-csv to write it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("CSV differs from %s:\n got: %q\nwant: %q", path, buf.String(), want)
			}
		})
	}
	t.Run("Columns", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, entries, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+len(entries) {
			t.Fatalf("%d rows, want header + %d", len(rows), len(entries))
		}
		got := map[string]string{}
		for i, h := range rows[0] {
			got[h] = rows[1][i]
		}
		want := map[string]string{"upn": "A123456789012", "given_name": "Zoë", "signed_date": "2026-09-15",
			"follow_ups": "b.s.2 not sure; b.t.1 no clear response", "parent_acknowledgement": "2026-09-15 foster carer",
			"countersigned_by": `'=HYPERLINK("x")`, "response_mode": "touch; switch", "body_hash": entries[0].BodyHash()}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}
		if rows[3][0] != "B123456789012" || rows[3][8] != "physically supported" {
			t.Errorf("pupil off the roster: upn %q mode %q", rows[3][0], rows[3][8])
		}
	})
	t.Run("FollowUpsInWords", func(t *testing.T) {
		packs := Packs{strings.Repeat("f", 64): examplePack(t)} // the fixture's records pin this fingerprint
		var buf bytes.Buffer
		if err := WriteCSV(&buf, entries, CSVOptions{Packs: packs}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := len(rows[0]) - 1
		if rows[0][col] != "follow_ups_words" {
			t.Fatalf("last column %q", rows[0][col])
		}
		want := "On the internet I don't tell strangers my name (not sure); I use kind words on the internet (no clear response)"
		if rows[1][col] != want || rows[2][col] != "" {
			t.Errorf("follow_ups_words = %q and %q, want %q and none", rows[1][col], rows[2][col], want)
		}
	})
	t.Run("Progress", func(t *testing.T) {
		var calls []int
		err := WriteCSV(&bytes.Buffer{}, entries, CSVOptions{Progress: func(done, total int) { calls = append(calls, done*10+total) }})
		if err != nil || len(calls) != 3 || calls[2] != 33 {
			t.Errorf("progress calls %v, err %v", calls, err)
		}
	})
}

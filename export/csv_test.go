package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func TestWriteCSV(t *testing.T) {
	rows := []Row{{
		RecordID: "0190-abc", UPN: "A123456789012", PupilName: "Zoë O'Neil", Class: "Oak",
		Form: "pupil-b", BandAlias: "P7–L1", PolicyVersion: "2026.1",
		SignedAt: time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC), CountersignedBy: "=HYPERLINK(\"x\")",
		FollowUps: []string{"b.s.2", "b.t.1"}, Kind: "correction", Supersedes: "0190-abb",
		Reason: "answer_recorded_wrongly", ResponseMode: "switch", Prompting: "verbal", Understanding: "partly",
	}}
	t.Run("OK", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, rows, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || strings.Join(got[0], ",") != strings.Join(Header, ",") {
			t.Fatalf("header/rows wrong: %q", got)
		}
		want := []string{"0190-abc", "A123456789012", "Zoë O'Neil", "Oak", "pupil-b", "P7–L1", "2026.1",
			"2026-11-02T09:30:00Z", "'=HYPERLINK(\"x\")", "b.s.2 b.t.1", "correction", "0190-abb",
			"answer_recorded_wrongly", "switch", "verbal", "partly"}
		if strings.Join(got[1], "|") != strings.Join(want, "|") {
			t.Fatalf("row = %q\nwant  %q", got[1], want)
		}
	})
	t.Run("BOM", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, rows, CSVOptions{BOM: true}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
			t.Fatal("no UTF-8 BOM")
		}
	})
}

package hubtest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// chain fabricates one device's records: seq 1, 2, 3… each with Prev the
// hash of the one before.
type chain struct {
	device string
	tag    string // makes ids and bodies unique between chains of one device
	seq    uint64
	prev   string
}

func newChain(device, tag string) *chain { return &chain{device: device, tag: tag} }

// next is the chain's next record, with no attachments.
func (c *chain) next() hub.Incoming {
	c.seq++
	in := makeRecord(c.device, c.tag, c.seq, c.prev, "")
	c.prev = in.BodyHash
	return in
}

// take is the chain's next n records.
func (c *chain) take(n int) []hub.Incoming {
	recs := make([]hub.Incoming, n)
	for i := range recs {
		recs[i] = c.next()
	}
	return recs
}

// makeRecord fabricates a record; variant changes the body's bytes (and so
// its hash) while keeping id, device, sequence and Prev.
func makeRecord(device, tag string, seq uint64, prev, variant string) hub.Incoming {
	id := fmt.Sprintf("rec-%s-%s-%d", device[:8], tag, seq)
	body := fmt.Appendf(nil, `{"format":1,"id":%q,"kind":"agreement","device":%q,"seq":%d,"prev":%q,`+
		`"pupil_ref":"A123456789%03d","form":"pupil","variant":%q,"answers":[%s]}`,
		id, device, seq, prev, seq%1000, variant, strings.Repeat(`{"statement":"S","answer":"agree"},`, 20)+`{}`)
	return hub.Incoming{
		ID:          id,
		DeviceID:    device,
		Seq:         seq,
		Prev:        prev,
		BodyHash:    record.Hash(body),
		Body:        body,
		Signature:   fmt.Appendf(nil, "signature of %s %s", id, variant),
		Kind:        record.KindAgreement,
		PupilRef:    fmt.Sprintf("A123456789%03d", seq%1000),
		Form:        "pupil",
		PackVersion: "2026.1",
		SignedAt:    base.Add(-time.Hour + secs(int(seq))),
	}
}

// rebody is in with other body bytes: same id, device, sequence and Prev.
func rebody(in hub.Incoming, variant string) hub.Incoming {
	out := makeRecord(in.DeviceID, "", in.Seq, in.Prev, variant)
	out.ID = in.ID
	out.Body = append(append([]byte(nil), in.Body...), variant...)
	out.BodyHash = record.Hash(out.Body)
	return out
}

// withAttachments is in with n fabricated attachments, all sent.
func withAttachments(in hub.Incoming, n int) hub.Incoming {
	in.Attachments = nil
	for i := range n {
		data := fmt.Appendf(nil, "attachment %d of %s: %s", i, in.ID, strings.Repeat("png", 50))
		in.Attachments = append(in.Attachments, hub.Attachment{
			Position:  i,
			Kind:      []string{"pupil_name", "pupil_mark", "adult_signature"}[i%3],
			MediaType: "image/png",
			Hash:      record.Hash(data),
			Salt:      fmt.Appendf(nil, "salt-%02d-%s", i, in.ID),
			Data:      data,
		})
	}
	return in
}

// ingest runs Ingest and checks it answered every record with want.
func ingest(tb testing.TB, s hub.Store, at int, recs []hub.Incoming, want ...string) []hub.Outcome {
	tb.Helper()
	out, err := s.Ingest(context.Background(), recs, base.Add(secs(at)))
	if err != nil {
		tb.Fatalf("Ingest: %v", err)
	}
	if len(out) != len(recs) {
		tb.Fatalf("Ingest answered %d records of %d", len(out), len(recs))
	}
	for i, o := range out {
		if i < len(want) && o.Status != want[i] {
			tb.Errorf("record %d (%s): %s (%q), want %s", i, recs[i].ID, o.Status, o.Reason, want[i])
		}
		if (o.Status == signoff.SyncConflict || o.Status == signoff.SyncInvalid) && o.Reason == "" {
			tb.Errorf("record %d (%s): %s without a reason", i, recs[i].ID, o.Status)
		}
	}
	return out
}

// one is a batch of records.
func one(recs ...hub.Incoming) []hub.Incoming { return recs }

// wantCount checks CountRecords.
func wantCount(tb testing.TB, s hub.Store, want int) {
	tb.Helper()
	n, err := s.CountRecords(context.Background())
	must(tb, "CountRecords", err)
	if n != want {
		tb.Errorf("CountRecords = %d, want %d", n, want)
	}
}

// wantRecord checks that Record(want.ID) returns want, received at at,
// attachments with their data.
func wantRecord(tb testing.TB, s hub.Store, want hub.Incoming, at int) {
	tb.Helper()
	got, err := s.Record(context.Background(), want.ID)
	if err != nil {
		tb.Errorf("Record(%s): %v", want.ID, err)
		return
	}
	checkStored(tb, got, want, at, true)
}

// wantNoRecord checks that Record(id) is ErrNotFound.
func wantNoRecord(tb testing.TB, s hub.Store, id string) {
	tb.Helper()
	_, err := s.Record(context.Background(), id)
	wantErr(tb, "Record("+id+")", err, hub.ErrNotFound)
}

// checkStored compares every field; with data false, attachments must come
// without their data.
func checkStored(tb testing.TB, got hub.Stored, want hub.Incoming, at int, data bool) {
	tb.Helper()
	p := "record " + want.ID + ": "
	if got.ID != want.ID || got.DeviceID != want.DeviceID || got.Seq != want.Seq || got.Prev != want.Prev ||
		got.BodyHash != want.BodyHash {
		tb.Errorf("%sid/device/seq/prev/hash = %s %s %d %q %s, want %s %s %d %q %s", p,
			got.ID, got.DeviceID, got.Seq, got.Prev, got.BodyHash,
			want.ID, want.DeviceID, want.Seq, want.Prev, want.BodyHash)
	}
	if got.Kind != want.Kind || got.Supersedes != want.Supersedes || got.PupilRef != want.PupilRef ||
		got.Form != want.Form || got.PackVersion != want.PackVersion {
		tb.Errorf("%skind/supersedes/pupil/form/pack = %q %q %q %q %q, want %q %q %q %q %q", p,
			got.Kind, got.Supersedes, got.PupilRef, got.Form, got.PackVersion,
			want.Kind, want.Supersedes, want.PupilRef, want.Form, want.PackVersion)
	}
	sameBytes(tb, p+"Body", got.Body, want.Body)
	sameBytes(tb, p+"Signature", got.Signature, want.Signature)
	sameTime(tb, p+"SignedAt", got.SignedAt, want.SignedAt)
	sameTime(tb, p+"ReceivedAt", got.ReceivedAt, base.Add(secs(at)))
	checkAttachments(tb, p, got.Attachments, want.Attachments, data)
}

func checkAttachments(tb testing.TB, p string, got, want []hub.Attachment, data bool) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Errorf("%s%d attachments, want %d", p, len(got), len(want))
		return
	}
	for i, g := range got {
		w := want[i]
		q := fmt.Sprintf("%sattachment %d: ", p, i)
		if g.Position != w.Position || g.Kind != w.Kind || g.MediaType != w.MediaType || g.Hash != w.Hash {
			tb.Errorf("%sgot %d %s %s %s, want %d %s %s %s", q, g.Position, g.Kind, g.MediaType, g.Hash,
				w.Position, w.Kind, w.MediaType, w.Hash)
		}
		if !data {
			if g.Data != nil {
				tb.Errorf("%sData %q, want none", q, clip(g.Data))
			}
			continue
		}
		sameBytes(tb, q+"Salt", g.Salt, w.Salt)
		sameBytes(tb, q+"Data", g.Data, w.Data)
	}
}

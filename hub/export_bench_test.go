package hub_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/hub"
	"smartkiosk/hub/proto"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/policy"
	"smartkiosk/store/record"
)

// BenchmarkSchoolCSV1500 measures a whole school's CSV from the hub's
// SQLite store: 1,500 pupils on the roster, one signed agreement each,
// read, joined with the roster and written as CSV (what a DSL's
// "Records (CSV)" export does).
func BenchmarkSchoolCSV1500(b *testing.B) {
	ctx := context.Background()
	st, err := sqlitestore.Open(filepath.Join(b.TempDir(), "hub.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	s := hub.NewServer(hub.Config{Store: st, Key: key, SchoolName: "Bench School"})
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		b.Fatal(err)
	}
	p, err := policy.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1500
	pupils := make([]proto.Pupil, n)
	recs := make([]hub.Incoming, n)
	head := ""
	dev := proto.KeySigner{Key: key}
	now := time.Now()
	for i := range n {
		pupils[i] = proto.Pupil{UPN: fmt.Sprintf("A%012d", i), GivenName: "Pupil", FamilyName: fmt.Sprint(i),
			Class: fmt.Sprintf("Class %02d", i/30), Year: "7", Band: "b", Active: true}
		body := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, Device: dev.DeviceID(), Seq: uint64(i + 1),
			Prev: head, PupilRef: pupils[i].UPN, Form: "pupil-b", Band: "b", BandAlias: "P7–L1", Language: "en-GB",
			Pack:      record.PackRef{ID: p.ID, Version: p.Version, Fingerprint: p.Fingerprint},
			Answers:   []record.Answer{{Statement: "b.s.1", Answer: record.AnswerAgree, Mode: record.ModeTouch}},
			Adult:     record.AdultRef{StaffID: 1, Role: "ta", Prompting: "verbal"},
			StartedAt: now.Add(-time.Hour), SignedAt: now}
		data, err := body.Marshal()
		if err != nil {
			b.Fatal(err)
		}
		recs[i] = hub.Incoming{ID: body.ID, DeviceID: body.Device, Seq: body.Seq, Prev: head, BodyHash: record.Hash(data),
			Body: data, Signature: record.Sign(key, data), Kind: body.Kind, PupilRef: body.PupilRef, Form: body.Form,
			PackVersion: p.Version, SignedAt: now}
		head = record.Hash(data)
	}
	code, _, err := hub.NewEnrolCode(ctx, st, "bench tablet", now)
	if err != nil {
		b.Fatal(err)
	}
	err = st.RedeemEnrolCode(ctx, proto.CodeHash(code), hub.Device{ID: dev.DeviceID(), PublicKey: key.Public().(ed25519.PublicKey),
		Label: "bench tablet", EnrolledAt: now})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.PutRoster(ctx, pupils, now); err != nil {
		b.Fatal(err)
	}
	if _, err := st.Ingest(ctx, recs, now); err != nil {
		b.Fatal(err)
	}
	dsl := hub.User{Name: "dsl", Role: hub.RoleDSL}
	b.ResetTimer()
	for b.Loop() {
		got, err := s.SchoolCSV(ctx, io.Discard, dsl)
		if err != nil {
			b.Fatal(err)
		}
		if got != n {
			b.Fatalf("%d records, want %d", got, n)
		}
	}
}

package export

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Fixed keys, so failures reproduce; salts are random as on a kiosk.
var (
	testHubKey    = ed25519.NewKeyFromSeed([]byte("smartkiosk evidence test hub key"))
	testDeviceKey = ed25519.NewKeyFromSeed([]byte("smartkiosk evidence test device!"))
	otherHubKey   = ed25519.NewKeyFromSeed([]byte("someone else's hub key, 32 bytes"))
)

// examplePack loads the bundled example pack as the hub would hold it.
func examplePack(tb testing.TB) Pack {
	tb.Helper()
	files, err := assets.Pack("example")
	if err != nil {
		tb.Fatal(err)
	}
	p, err := policy.Load(files)
	if err != nil {
		tb.Fatal(err)
	}
	return Pack{Pack: p, Files: files}
}

// testPupils are fictional pupils of Oak class, one per band.
var testPupils = []signoff.Pupil{
	{UPN: "A999900124001", GivenName: "Zoë", FamilyName: "O'Neil", Class: "Oak", Year: "7"},
	{UPN: "A999900124002", GivenName: "Sam", FamilyName: "Patel", Class: "Oak", Year: "7"},
	{UPN: "A999900124003", GivenName: "=Rowan", FamilyName: "Lee", Class: "Oak", Year: "8"},
}

// newEvidence makes n records signed by one tablet, in one chain, each
// answering every step of its band's pupil form, with hub receipts.
func newEvidence(tb testing.TB, n int) Evidence {
	tb.Helper()
	pack := examplePack(tb)
	dev := testDeviceKey.Public().(ed25519.PublicKey)
	ev := Evidence{Title: "Oak class", Created: time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC), HubKey: testHubKey,
		Devices: map[string]ed25519.PublicKey{record.DeviceID(dev): dev}, Packs: []Pack{pack}}
	prev := ""
	for i := range n {
		r := newTestRecord(tb, pack.Pack, i, prev)
		prev = record.Hash(r.BodyBytes)
		ev.Records = append(ev.Records, r)
	}
	return ev
}

func newTestRecord(tb testing.TB, pack *policy.Pack, i int, prev string) EvidenceRecord {
	tb.Helper()
	pupil := testPupils[i%len(testPupils)]
	bandID := []string{"b", "a", "c"}[i%3]
	band, _ := pack.Band(bandID)
	form, _ := pack.PupilForm(bandID)
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 17 * time.Minute)
	b := &record.Body{ID: fmt.Sprintf("0196f5a2-%04x-7000-8000-0000000000aa", i), Kind: record.KindAgreement,
		Device: record.DeviceID(testDeviceKey.Public().(ed25519.PublicKey)), Seq: uint64(i + 1), Prev: prev,
		PupilRef: pupil.UPN, Form: form.ID, Band: bandID, BandAlias: band.Alias, Language: policy.DefaultLang,
		Pack:      record.PackRef{ID: pack.ID, Version: pack.Version, Fingerprint: pack.Fingerprint},
		Adult:     record.AdultRef{StaffID: 7, Role: "ta", Prompting: "verbal", Understanding: "fully", Attestation: record.AttestationV1},
		StartedAt: start, SignedAt: start.Add(6 * time.Minute)}
	for j, step := range form.Steps() {
		a := record.Answer{Statement: step.ID(), Answer: record.AnswerAgree, Mode: record.ModeSwitch,
			Narration: true, OffsetMS: int64(j) * 20_000}
		if i%3 == 0 && j == 2 {
			a.Answer, a.Replays = record.AnswerNotSure, 2
		}
		b.Answers = append(b.Answers, a)
	}
	held := map[string][]byte{record.AttachDisplayName: []byte(pupil.Name()),
		record.AttachPupilMark: testMark(tb, i), record.AttachAdultName: []byte("Jo Baker")}
	var encs []record.Enclosure
	for pos, kind := range []string{record.AttachDisplayName, record.AttachPupilMark, record.AttachAdultName} {
		salt := make([]byte, record.SaltSize)
		rand.Read(salt)
		typ := "text/plain; charset=utf-8"
		if kind == record.AttachPupilMark {
			typ = "image/png"
		}
		b.Attachments = append(b.Attachments, record.AttachmentRef{Kind: kind, Type: typ, Hash: record.AttachmentHash(salt, held[kind])})
		if i == 1 && kind == record.AttachAdultName {
			delete(held, kind) // erased since: the record still verifies
			continue
		}
		encs = append(encs, record.Enclosure{Position: pos, Salt: salt, Data: held[kind]})
	}
	body, err := b.Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	e, err := signoff.NewEntry(body, record.Sign(testDeviceKey, body))
	if err != nil {
		tb.Fatal(err)
	}
	e.Pupil, e.Attachments, e.Device = pupil, held, "Oak class tablet"
	e.ReceivedAt = b.SignedAt.Add(time.Hour)
	return EvidenceRecord{Entry: e, Enclosures: encs, Receipt: testReceipt(testHubKey, b.ID, body, "stored")}
}

// testReceipt signs a receipt as hub.SignReceipt does.
func testReceipt(key ed25519.PrivateKey, id string, body []byte, status string) ReceiptFile {
	rb, _ := json.Marshal(map[string]any{"hub": record.KeyID(key.Public().(ed25519.PublicKey)), "record": id,
		"body_hash": record.Hash(body), "status": status, "at": time.Date(2026, 11, 2, 11, 0, 0, 0, time.UTC)})
	return ReceiptFile{Body: rb, Signature: record.SignAs(key, record.ReceiptContext, rb)}
}

// testMark is a small PNG like a pupil's mark.
func testMark(tb testing.TB, i int) []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.SetGray(x, (x*x/(i+3))%48, color.Gray{Y: 0xff})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func writeTestEvidence(tb testing.TB, ev Evidence) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteEvidence(&buf, ev); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func verifyBytes(tb testing.TB, data []byte, opt VerifyOptions) VerifyReport {
	tb.Helper()
	rep, err := VerifyEvidence(bytes.NewReader(data), int64(len(data)), opt)
	if err != nil {
		tb.Fatalf("VerifyEvidence: %v", err)
	}
	return rep
}

// unpack reads a pack's files, leaving out the manifest and its signature.
func unpack(tb testing.TB, data []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	delete(files, manifestPath)
	delete(files, manifestSig)
	return files
}

// reseal signs files as a pack with key, as someone holding that key could.
func reseal(tb testing.TB, files map[string][]byte, key ed25519.PrivateKey) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := sealEvidence(&buf, files, "Oak class", time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC), key); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/export"
	"smartkiosk/hub/proto"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// writeTestPack writes a one-record evidence pack with a real hub receipt
// and returns its path, the record and the hub key.
func writeTestPack(t *testing.T) (string, *record.Body, ed25519.PrivateKey) {
	t.Helper()
	_, hubKey, _ := ed25519.GenerateKey(rand.Reader)
	devPub, devKey, _ := ed25519.GenerateKey(rand.Reader)
	files, _ := assets.Pack("example")
	pack, err := policy.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	form, _ := pack.PupilForm("b")
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	salt := make([]byte, record.SaltSize)
	rand.Read(salt)
	b := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, Device: record.DeviceID(devPub), Seq: 1,
		PupilRef: "A999900124001", Form: form.ID, Band: "b", BandAlias: "P7–L1", Language: policy.DefaultLang,
		Pack:      record.PackRef{ID: pack.ID, Version: pack.Version, Fingerprint: pack.Fingerprint},
		Adult:     record.AdultRef{StaffID: 3, Role: "ta", Prompting: "verbal"},
		StartedAt: at, SignedAt: at.Add(5 * time.Minute),
		Attachments: []record.AttachmentRef{{Kind: record.AttachDisplayName, Type: "text/plain; charset=utf-8",
			Hash: record.AttachmentHash(salt, []byte("Zoë O'Neil"))}}}
	for _, s := range form.Steps() {
		b.Answers = append(b.Answers, record.Answer{Statement: s.ID(), Answer: record.AnswerAgree, Mode: record.ModeTouch})
	}
	body, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	e, err := signoff.NewEntry(body, record.Sign(devKey, body))
	if err != nil {
		t.Fatal(err)
	}
	rc := proto.SignReceipt(hubKey, proto.ReceiptBody{Record: b.ID, BodyHash: record.Hash(body), Status: signoff.SyncStored, At: at.Add(time.Hour)})
	ev := export.Evidence{Title: "Oak class", Created: at.Add(24 * time.Hour), HubKey: hubKey,
		Devices: map[string]ed25519.PublicKey{b.Device: devPub}, Packs: []export.Pack{{Pack: pack, Files: files}},
		Records: []export.EvidenceRecord{{Entry: e, Receipt: export.ReceiptFile{Body: rc.Body, Signature: rc.Signature},
			Enclosures: []record.Enclosure{{Position: 0, Salt: salt, Data: []byte("Zoë O'Neil")}}}}}
	var buf bytes.Buffer
	if err := export.WriteEvidence(&buf, ev); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "oak.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, b, hubKey
}

func TestVerify(t *testing.T) {
	path, b, hubKey := writeTestPack(t)
	pubHex := hex.EncodeToString(hubKey.Public().(ed25519.PublicKey))
	keyID := proto.KeyID(hubKey.Public().(ed25519.PublicKey))
	t.Run("OK", func(t *testing.T) {
		out, code := hubCmd(t, "", "verify", path, "--hub-key", pubHex)
		if code != 0 || !strings.HasPrefix(out, "OK: 1 record verified, signed by hub "+keyID+"\n") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("ErrOtherHub", func(t *testing.T) {
		other := strings.Repeat("ab", ed25519.PublicKeySize)
		out, code := hubCmd(t, "", "verify", "--hub-key", other, path)
		if code != 1 || !strings.Contains(out, "FAILED") || !strings.Contains(out, "not by the hub key you gave") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		data, _ := os.ReadFile(path)
		i := bytes.Index(data, []byte(`"pupil_ref":"A999900124001"`))
		if i < 0 {
			t.Fatal("no pupil_ref in the pack")
		}
		data[i+len(`"pupil_ref":"A99990012400`)] = '2' // another pupil
		changed := filepath.Join(t.TempDir(), "changed.zip")
		os.WriteFile(changed, data, 0o600)
		out, code := hubCmd(t, "", "verify", changed, "--hub-key", pubHex)
		if code != 1 || !strings.Contains(out, "FAILED") ||
			!strings.Contains(out, "Record "+b.ID+": Its signature does not match") || !strings.Contains(out, "did not verify") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		// A wrong command line exits 2, with the usage.
		if out, code := hubCmd(t, "", "verify"); code != 2 || !strings.Contains(out, "name one evidence pack") || !strings.Contains(out, "usage:") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		if out, code := hubCmd(t, "", "verify", path, "--hub-key", "zz"); code != 2 || !strings.Contains(out, "64 hex digits") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
}

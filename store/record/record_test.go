package record

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

// testDevice is the device id of testKey's public key.
var testDevice = DeviceID(testKey().Public().(ed25519.PublicKey))

func validBody() *Body {
	return &Body{
		ID: NewID(), Kind: KindAgreement, Device: testDevice, Seq: 1,
		PupilRef: "A999900124001", Form: "pupil-a", Band: "a",
		BandAlias: "P4–P7", Language: "en-GB",
		Pack: PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"},
		Answers: []Answer{
			{Statement: "a.1", Answer: AnswerAgree, Mode: "switch", Narration: true},
			{Statement: "a.2", Answer: AnswerNotSure, Replays: 2, OffsetMS: 1200},
		},
		Adult:     AdultRef{StaffID: 1, Role: "ta", Prompting: "verbal"},
		StartedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		SignedAt:  time.Date(2026, 11, 2, 9, 4, 0, 0, time.UTC),
		Attachments: []AttachmentRef{{Kind: AttachDisplayName, Type: "text/plain; charset=utf-8",
			Hash: AttachmentHash(make([]byte, SaltSize), []byte("Ada Lovelace"))}},
	}
}

func TestBody_Marshal(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		b := validBody()
		data, err := b.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := back.Marshal()
		if string(again) != string(data) || Hash(again) != Hash(data) {
			t.Fatalf("round trip changed the bytes:\n%s\n%s", data, again)
		}
		if back.Format != FormatVersion1 {
			t.Errorf("format = %d", back.Format)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		b := validBody()
		b.ID, b.Kind, b.Adult.StaffID = "nope", "maybe", 0
		b.Answers[0].Answer = "yes"
		b.Answers[1].Mode = "telepathy"
		b.Adult.Prompting = "lots"
		b.Device, b.Seq = "ABC", 0
		b.Attachments[0].Kind, b.Attachments[0].Hash = "passport", "00"
		_, err := b.Marshal()
		if err == nil {
			t.Fatal("an invalid body was marshalled")
		}
		for _, want := range []string{"not a UUID", "unknown kind", "countersigning adult", "unknown answer",
			"unknown response mode", "unknown prompting level", "not a device id", "start at 1",
			"unknown attachment kind", "not a SHA-256"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		}
	})
	t.Run("ErrLink", func(t *testing.T) {
		for name, change := range map[string]func(*Body){
			"first with prev":  func(b *Body) { b.Prev = Hash([]byte("x")) },
			"later, no prev":   func(b *Body) { b.Seq = 2 },
			"upper-case prev":  func(b *Body) { b.Seq, b.Prev = 2, strings.ToUpper(Hash([]byte("x"))) },
			"device too short": func(b *Body) { b.Device = b.Device[:30] },
		} {
			b := validBody()
			change(b)
			if _, err := b.Marshal(); err == nil {
				t.Errorf("%s: marshalled", name)
			}
		}
	})
	t.Run("ErrSupersedes", func(t *testing.T) {
		b := validBody()
		b.Kind = KindVoid
		if _, err := b.Marshal(); err == nil || !strings.Contains(err.Error(), "supersedes") {
			t.Errorf("a void naming no record: err = %v", err)
		}
		b = validBody()
		b.Supersedes = NewID()
		if _, err := b.Marshal(); err == nil {
			t.Error("an agreement superseding a record was marshalled")
		}
		b.Kind = KindCorrection
		if _, err := b.Marshal(); err == nil || !strings.Contains(err.Error(), "reason") {
			t.Errorf("a correction without a reason: err = %v", err)
		}
		b.Adult.Reason = "answer_recorded_wrongly"
		if _, err := b.Marshal(); err != nil {
			t.Errorf("a correction: %v", err)
		}
		b.Kind = KindVoid
		if _, err := b.Marshal(); err == nil || !strings.Contains(err.Error(), "no answers") {
			t.Errorf("a void with answers: err = %v", err)
		}
		b.Answers = nil
		if _, err := b.Marshal(); err != nil {
			t.Errorf("a void: %v", err)
		}
	})
	t.Run("ErrObservation", func(t *testing.T) {
		for name, change := range map[string]func(*Body){
			"understanding": func(b *Body) { b.Adult.Understanding = "mostly" },
			"attestation":   func(b *Body) { b.Adult.Attestation = "I promise" },
			"reason":        func(b *Body) { b.Adult.Reason = "felt like it" },
			"relationship":  func(b *Body) { b.Parent = &ParentRef{Relationship: "neighbour"} },
			"physical support as the pupil's own choice": func(b *Body) {
				b.Adult.Prompting = "independent"
				b.Answers[0].Mode = ModePhysical
			},
		} {
			b := validBody()
			change(b)
			if _, err := b.Marshal(); err == nil {
				t.Errorf("%s: marshalled", name)
			}
		}
		b := validBody()
		b.Adult.Prompting, b.Answers[0].Mode = PromptingPhysical, ModePhysical
		b.Adult.Understanding, b.Adult.Attestation = "partly", AttestationV1
		if _, err := b.Marshal(); err != nil {
			t.Errorf("physically supported with physical prompting: %v", err)
		}
		if b.OwnChoice() {
			t.Error("a physically supported record counts as the pupil's own choice")
		}
		if !validBody().OwnChoice() {
			t.Error("a touched record does not count as the pupil's own choice")
		}
	})
}

func TestParse_Rejects(t *testing.T) {
	for name, data := range map[string]string{
		"unknown field": `{"format":1,"id":"x","extra":true}`,
		"trailing data": `{"format":1,"id":"x"} {}`,
		"not JSON":      `format=1`,
	} {
		if _, err := Parse([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBody_FollowUps(t *testing.T) {
	b := validBody()
	b.Answers = append(b.Answers, Answer{Statement: "a.3", Answer: AnswerNoClear})
	if got := strings.Join(b.FollowUps(), ","); got != "a.2,a.3" {
		t.Fatalf("follow-ups = %s", got)
	}
}

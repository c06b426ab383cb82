package record

import (
	"strings"
	"testing"
	"time"
)

func validBody() *Body {
	return &Body{
		ID: NewID(), Kind: KindAgreement, PupilRef: "A999900124001", Form: "pupil-a", Band: "a",
		BandAlias: "P4–P7", Language: "en-GB",
		Pack:      PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"},
		Answers:   []Answer{{Statement: "a.1", Answer: AnswerAgree}, {Statement: "a.2", Answer: AnswerNotSure, OffsetMS: 1200}},
		Adult:     AdultRef{StaffID: 1, Role: "ta"},
		StartedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		SignedAt:  time.Date(2026, 11, 2, 9, 4, 0, 0, time.UTC),
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
		_, err := b.Marshal()
		if err == nil {
			t.Fatal("an invalid body was marshalled")
		}
		for _, want := range []string{"not a UUID", "unknown kind", "countersigning adult", "unknown answer"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		}
	})
}

func TestParse_RejectsUnknownFields(t *testing.T) {
	if _, err := Parse([]byte(`{"format":1,"id":"x","extra":true}`)); err == nil {
		t.Fatal("unknown field accepted")
	}
}

func TestBody_FollowUps(t *testing.T) {
	b := validBody()
	b.Answers = append(b.Answers, Answer{Statement: "a.3", Answer: AnswerNoClear})
	if got := strings.Join(b.FollowUps(), ","); got != "a.2,a.3" {
		t.Fatalf("follow-ups = %s", got)
	}
}

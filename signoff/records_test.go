package signoff_test

import (
	"reflect"
	"testing"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

var (
	started = time.Date(2026, 11, 2, 9, 0, 0, 0, time.FixedZone("BST", 3600))
	signed  = started.Add(7 * time.Minute)
	pack    = record.PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"}
	ta      = record.AdultRef{StaffID: 3, Role: "ta"}
	amelia  = signoff.Signatory{Ref: "K999900124101", Class: "Oak", Language: "en-GB"}
	form    = signoff.FormRef{ID: "pupil-early", Band: "early", BandAlias: "P4–P7"}
	seen    = signoff.Observed{Mode: record.ModeSwitch, Prompting: "verbal", Understanding: "partly", Attested: true}
)

func answers() []record.Answer {
	return []record.Answer{
		{Statement: "a.1", Answer: record.AnswerAgree, Replays: 1, OffsetMS: 4000},
		{Statement: "a.2", Answer: record.AnswerNotSure, OffsetMS: 9000},
	}
}

// link fills what the store adds, so Validate can judge the content.
func link(b *record.Body) *record.Body {
	c := *b
	c.Format, c.Device, c.Seq = 1, "0123456789abcdef0123456789abcdef", 1
	return &c
}

func TestAgreement(t *testing.T) {
	t.Parallel()
	in := answers()
	b := signoff.Agreement(signoff.Signing{ID: "019a4c8e-0000-7000-8000-000000000001", Pack: pack, Adult: ta, StartedAt: started, SignedAt: signed},
		amelia, form, in, seen)
	want := &record.Body{
		ID: "019a4c8e-0000-7000-8000-000000000001", Kind: record.KindAgreement, PupilRef: amelia.Ref, Class: "Oak", Form: form.ID,
		Band: "early", BandAlias: "P4–P7", Language: "en-GB", Pack: pack,
		Answers: []record.Answer{
			{Statement: "a.1", Answer: record.AnswerAgree, Mode: record.ModeSwitch, Replays: 1, OffsetMS: 4000},
			{Statement: "a.2", Answer: record.AnswerNotSure, Mode: record.ModeSwitch, OffsetMS: 9000},
		},
		Adult:     record.AdultRef{StaffID: 3, Role: "ta", Prompting: "verbal", Understanding: "partly", Attestation: record.AttestationV1},
		StartedAt: started.UTC(), SignedAt: signed.UTC(),
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("Agreement =\n%+v\nwant\n%+v", b, want)
	}
	if in[0].Mode != "" {
		t.Error("Agreement changed the caller's answers")
	}
	if err := link(b).Validate(); err != nil {
		t.Errorf("the agreement does not validate: %v", err)
	}
	if b := signoff.Agreement(signoff.Signing{Pack: pack, Adult: ta}, amelia, form, in, signoff.Observed{Mode: record.ModeTouch}); b.ID == "" || b.Adult.Attestation != "" {
		t.Errorf("no id given: id %q; not attested: attestation %q", b.ID, b.Adult.Attestation)
	}
}

func TestAcknowledgement(t *testing.T) {
	t.Parallel()
	b := signoff.Acknowledgement(signoff.Signing{Pack: pack, Adult: ta, StartedAt: signed, SignedAt: signed},
		amelia, signoff.FormRef{ID: "parent", Band: "early", BandAlias: "P4–P7"}, []string{"p.1", "p.2"}, "carer")
	if b.Kind != record.KindAgreement || b.Parent == nil || b.Parent.Relationship != "carer" || b.Form != "parent" {
		t.Errorf("acknowledgement = %+v", b)
	}
	if len(b.Answers) != 2 || b.Answers[1] != (record.Answer{Statement: "p.2", Answer: record.AnswerAgree}) {
		t.Errorf("answers = %+v, want every statement agreed, no mode", b.Answers)
	}
	if err := link(b).Validate(); err != nil {
		t.Errorf("the acknowledgement does not validate: %v", err)
	}
}

func TestCorrectionAndVoid(t *testing.T) {
	t.Parallel()
	orig := link(signoff.Agreement(signoff.Signing{Pack: pack, Adult: ta, StartedAt: started, SignedAt: signed}, amelia, form, answers(), seen))
	orig.Prev, orig.Attachments = "ab", []record.AttachmentRef{{Kind: record.AttachPupilMark}}
	teacher := record.AdultRef{StaffID: 9, Role: "teacher", Reason: "answer_recorded_wrongly"}
	later := signed.Add(time.Hour)
	fixed := answers()
	fixed[1].Answer = record.AnswerAgree
	c := signoff.Correction(signoff.Signing{Adult: teacher, SignedAt: later}, orig,
		fixed, signoff.Observed{Mode: record.ModeTouch, Prompting: "independent", Understanding: "fully"})
	switch {
	case c.Kind != record.KindCorrection || c.Supersedes != orig.ID || c.ID == orig.ID || c.ID == "":
		t.Errorf("correction kind %q supersedes %q id %q", c.Kind, c.Supersedes, c.ID)
	case c.Device != "" || c.Seq != 0 || c.Prev != "" || c.Attachments != nil:
		t.Error("the correction keeps the original's chain or attachments: the store fills them again")
	case c.PupilRef != orig.PupilRef || c.Form != orig.Form || c.Band != orig.Band || c.Pack != orig.Pack || !c.StartedAt.Equal(orig.StartedAt):
		t.Error("the correction is not about the same pupil, form, band and pack")
	case c.Adult.StaffID != 9 || c.Adult.Reason != teacher.Reason || c.Adult.Prompting != "independent" || c.Adult.Attestation != "":
		t.Errorf("correction adult = %+v", c.Adult)
	case c.Answers[1].Answer != record.AnswerAgree || c.Answers[1].Mode != record.ModeTouch || !c.SignedAt.Equal(later):
		t.Errorf("correction answers %+v signed %v", c.Answers, c.SignedAt)
	}
	if err := link(c).Validate(); err != nil {
		t.Errorf("the correction does not validate: %v", err)
	}
	v := signoff.Void(signoff.Signing{Adult: record.AdultRef{StaffID: 9, Role: "teacher", Reason: "wrong_pupil"}, SignedAt: later}, orig)
	if v.Kind != record.KindVoid || v.Supersedes != orig.ID || v.Answers != nil || v.Adult.Prompting != "" {
		t.Errorf("void = %+v", v)
	}
	if err := link(v).Validate(); err != nil {
		t.Errorf("the void does not validate: %v", err)
	}
	if orig.Kind != record.KindAgreement || orig.Prev != "ab" {
		t.Error("building a correction changed the original")
	}

	// A parent's acknowledgement corrected keeps its answers' lack of mode.
	ack := link(signoff.Acknowledgement(signoff.Signing{Pack: pack, Adult: ta, SignedAt: signed}, amelia, signoff.FormRef{ID: "parent"}, []string{"p.1"}, "parent"))
	pc := signoff.Correction(signoff.Signing{Adult: teacher, SignedAt: later}, ack, ack.Answers, signoff.Observed{Mode: record.ModeTouch, Prompting: "verbal"})
	if pc.Answers[0].Mode != "" || pc.Adult.Prompting != "" || pc.Parent == nil {
		t.Errorf("parent correction = %+v", pc)
	}
}

package hub_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"smartkiosk/assets"
	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/policy"
	"smartkiosk/store/record"
)

// school is a hub with a small demo school on it: two classes on the
// roster, three staff accounts, and records a kiosk synced, covering each
// state a tutor page shows.
type school struct {
	*testHub
	k    *simKiosk
	sync *client.Syncer
	pack *policy.Pack
	ids  map[string]string // what each record is → its id
}

// The school's pupils. Oak: Amir signed (and his carer acknowledged),
// Beth signed but was not sure of one statement, Cara signed only the
// last version, Dan has started on a kiosk. Ash: Eve signed with physical
// support; Finn's agreement was corrected.
var schoolRoster = []proto.Pupil{
	{UPN: "A100000000001", GivenName: "Amir", FamilyName: "Khan", Class: "Oak", Year: "7", Band: "b"},
	{UPN: "A100000000002", GivenName: "Beth", FamilyName: "Jones", Class: "Oak", Year: "7", Band: "b"},
	{UPN: "A100000000003", GivenName: "Cara", FamilyName: "Lee", Class: "Oak", Year: "7", Band: "b"},
	{UPN: "A100000000004", GivenName: "Dan", FamilyName: "Moss", Class: "Oak", Year: "7", Band: "b"},
	{UPN: "B100000000001", GivenName: "Eve", FamilyName: "Park", Class: "Ash", Year: "8", Band: "b"},
	{UPN: "B100000000002", GivenName: "Finn", FamilyName: "Rao", Class: "Ash", Year: "8", Band: "b"},
}

// Staff accounts and their passwords.
const (
	tutorOak = "tutor.oak"
	tutorAsh = "tutor.ash"
	dslName  = "dsl"
	password = "a long enough password"
)

func newSchool(t *testing.T) *school {
	t.Helper()
	ctx := context.Background()
	h := startHub(t)
	s := &school{testHub: h, ids: map[string]string{}}
	p, err := policy.Load(mustPack(t))
	if err != nil {
		t.Fatal(err)
	}
	s.pack = p
	if _, err := h.store.PutRoster(ctx, schoolRoster, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name, role string
		classes    []string
	}{{tutorOak, hub.RoleTutor, []string{"Oak"}}, {tutorAsh, hub.RoleTutor, []string{"Ash"}}, {dslName, hub.RoleDSL, nil}} {
		if err := hub.AddUser(ctx, h.store, u.name, password, u.role, u.classes, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	s.k, s.sync = h.enrolled(t, client.SyncerOptions{})
	s.signAll(t)
	now := time.Now()
	s.k.setDrafts(record.DraftNote{ID: record.NewID(), PupilRef: schoolRoster[3].UPN, StartedAt: now, UpdatedAt: now})
	if err := s.sync.Once(ctx); err != nil {
		t.Fatalf("sync: %v", err)
	}
	return s
}

func mustPack(t testing.TB) fs.FS {
	t.Helper()
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

func (s *school) signAll(t *testing.T) {
	now := time.Now().Add(-2 * time.Hour)
	agree := s.answers(t, "pupil-b", -1)
	s.ids["amir"] = s.agreement(t, schoolRoster[0], agree, now, nil)
	s.ids["amir-parent"] = s.parentAck(t, schoolRoster[0], now.Add(time.Minute))
	s.ids["beth"] = s.agreement(t, schoolRoster[1], s.answers(t, "pupil-b", 1), now, nil)
	s.ids["cara-old"] = s.agreement(t, schoolRoster[2], agree, now, func(b *record.Body) { b.Pack.Version = "2025.1" })
	s.ids["eve"] = s.agreement(t, schoolRoster[4], agree, now, func(b *record.Body) {
		for i := range b.Answers {
			b.Answers[i].Mode = record.ModePhysical
		}
		b.Adult.Prompting = record.PromptingPhysical
	})
	s.ids["finn"] = s.agreement(t, schoolRoster[5], s.answers(t, "pupil-b", 0), now, nil)
	s.ids["finn-fixed"] = s.agreement(t, schoolRoster[5], agree, now.Add(time.Minute), func(b *record.Body) {
		b.Kind, b.Supersedes, b.Adult.Reason = record.KindCorrection, s.ids["finn"], "answer_recorded_wrongly"
	})
}

// answers answers every statement of a form "agree", except the one at
// notSure (-1 for none).
func (s *school) answers(t *testing.T, form string, notSure int) []record.Answer {
	t.Helper()
	var out []record.Answer
	for _, f := range s.pack.Forms {
		if f.ID != form {
			continue
		}
		for _, r := range f.Rules {
			for _, st := range r.Statements {
				a := record.Answer{Statement: st.ID, Answer: record.AnswerAgree, Mode: record.ModeTouch, Narration: true}
				if len(out) == notSure {
					a.Answer = record.AnswerNotSure
				}
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("form %s has no statements", form)
	}
	return out
}

// agreement signs a pupil agreement with the marks and names a kiosk attaches.
func (s *school) agreement(t *testing.T, p proto.Pupil, answers []record.Answer, at time.Time, edit func(*record.Body)) string {
	t.Helper()
	b := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, PupilRef: p.UPN, Form: "pupil-b", Band: "b",
		BandAlias: "P7–L1", Language: "en-GB",
		Pack:      record.PackRef{ID: s.pack.ID, Version: s.pack.Version, Fingerprint: s.pack.Fingerprint},
		Answers:   append([]record.Answer(nil), answers...),
		Adult:     record.AdultRef{StaffID: 2, Role: "ta", Prompting: "verbal", Understanding: "fully", Attestation: record.AttestationV1},
		StartedAt: at.Add(-8 * time.Minute), SignedAt: at}
	if edit != nil {
		edit(b)
	}
	return s.k.signBody(t, b, map[string][]byte{
		record.AttachDisplayName:    []byte(p.GivenName),
		record.AttachAdultName:      []byte("Ms Teaching Assistant"),
		record.AttachPupilMark:      scribble(t),
		record.AttachAdultSignature: scribble(t),
		record.AttachAttestation:    []byte("I presented these rules to " + p.GivenName + " using symbol sentences."),
	})
}

func (s *school) parentAck(t *testing.T, p proto.Pupil, at time.Time) string {
	t.Helper()
	b := &record.Body{ID: record.NewID(), Kind: record.KindAgreement, PupilRef: p.UPN, Form: "parent", Language: "en-GB",
		Pack:      record.PackRef{ID: s.pack.ID, Version: s.pack.Version, Fingerprint: s.pack.Fingerprint},
		Adult:     record.AdultRef{StaffID: 2, Role: "ta"},
		Parent:    &record.ParentRef{Relationship: "carer"},
		StartedAt: at.Add(-2 * time.Minute), SignedAt: at}
	return s.k.signBody(t, b, map[string][]byte{record.AttachParentName: []byte("Mrs Khan"),
		record.AttachParentSig: scribble(t), record.AttachAdultName: []byte("Ms Teaching Assistant")})
}

// signBody completes b's chain fields and attachments, signs it and puts it
// in the outbox.
func (k *simKiosk) signBody(t *testing.T, b *record.Body, atts map[string][]byte) string {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	b.Device, b.Seq, b.Prev = k.DeviceID(), uint64(len(k.records)+1), k.head
	var encl []record.Enclosure
	for _, kind := range record.AttachmentKinds {
		data, ok := atts[kind]
		if !ok {
			continue
		}
		salt := make([]byte, record.SaltSize)
		_, _ = rand.Read(salt)
		mt := "text/plain; charset=utf-8"
		if bytes.HasPrefix(data, []byte("\x89PNG")) {
			mt = "image/png"
		}
		encl = append(encl, record.Enclosure{Position: len(b.Attachments), Salt: salt, Data: data})
		b.Attachments = append(b.Attachments, record.AttachmentRef{Kind: kind, Type: mt, Hash: record.AttachmentHash(salt, data)})
	}
	data, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	k.records = append(k.records, record.Signed{ID: b.ID, Body: data, Signature: record.Sign(k.Key, data), Attachments: encl})
	k.head = record.Hash(data)
	return b.ID
}

// scribble is a small PNG like a mark made on the tablet.
func scribble(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 60))
	for x := 10; x < 110; x++ {
		img.Set(x, 30+(x%20)-10, color.Black)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// newVersion publishes the example pack again as version 2026.2, which
// starts a re-sign campaign.
func (s *school) newVersion(t *testing.T) {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(mustPack(t), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(mustPack(t), path)
		if path == policy.PackFile {
			data = []byte(strings.Replace(string(data), `version = "2026.1"`, `version = "2026.2"`, 1))
		}
		fsys[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hub.PublishPack(context.Background(), s.store, fsys, time.Now()); err != nil {
		t.Fatal(err)
	}
}

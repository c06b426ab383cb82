package export

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// fixture is the example pack, the fonts and a way to make entries, as the
// kiosk or hub would hand them to WritePDF.
type fixture struct {
	pack  *policy.Pack
	packs Packs
	opt   PDFOptions
}

var testTime = time.Date(2026, 11, 2, 9, 30, 0, 0, time.FixedZone("", 0))

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	files, err := assets.Pack("example")
	if err != nil {
		tb.Fatal(err)
	}
	pk, err := policy.Load(files)
	if err != nil {
		tb.Fatalf("load example pack: %v", err)
	}
	packs := Packs{}
	packs.Add(pk, files)
	regular, bold, err := assets.Andika()
	if err != nil {
		tb.Fatal(err)
	}
	return &fixture{pack: pk, packs: packs,
		opt: PDFOptions{Packs: packs, Regular: regular, Bold: bold, Created: testTime.Add(72 * time.Hour)}}
}

// spec describes one test entry.
type spec struct {
	n        int // makes ids and times distinct
	pupil    signoff.Pupil
	band     string
	notSure  map[string]string // statement id -> answer other than agree
	kind     string
	replaces int // the n of the record a correction or void supersedes
	parent   bool
	ack      bool
}

func recordID(n int) string { return fmt.Sprintf("01920000-0000-7000-8000-%012d", n) }

// entry builds a realistic entry: every step of the band's form answered,
// names, attestation and drawn mark and signature attached.
func (fx *fixture) entry(tb testing.TB, s spec) Entry {
	tb.Helper()
	b := fx.body(tb, s)
	att := map[string][]byte{
		record.AttachDisplayName: []byte(s.pupil.Name()),
		record.AttachAdultName:   []byte("Sam Carter"),
	}
	if s.parent {
		att[record.AttachParentName] = []byte("Jo " + s.pupil.FamilyName)
		att[record.AttachParentSig] = scribble(tb, 300, 100, s.n+7)
	} else if s.kind != record.KindVoid {
		att[record.AttachPupilMark] = scribble(tb, 400, 200, s.n)
		att[record.AttachAttestation] = []byte(fmt.Sprintf("I presented these rules to %s using the \"Symbol sentences\" version, with pictures and spoken words; %s responded by touch with verbal prompting.", s.pupil.GivenName, s.pupil.GivenName))
	}
	att[record.AttachAdultSignature] = scribble(tb, 300, 90, s.n+3)
	for kind, data := range att {
		salt := bytes.Repeat([]byte{byte(len(kind))}, record.SaltSize)
		b.Attachments = append(b.Attachments, record.AttachmentRef{Kind: kind, Type: "application/octet-stream", Hash: record.AttachmentHash(salt, data)})
	}
	sortRefs(b.Attachments)
	data, err := b.Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	e, err := signoff.NewEntry(data, nil)
	if err != nil {
		tb.Fatal(err)
	}
	e.Pupil, e.Attachments, e.Device = s.pupil, att, "Oak class tablet 2"
	if s.ack {
		e.ParentAck = &signoff.ParentAck{RecordID: recordID(900 + s.n), SignedAt: testTime.Add(24 * time.Hour), Relationship: "carer", Name: "Jo " + s.pupil.FamilyName}
	}
	return e
}

func (fx *fixture) body(tb testing.TB, s spec) *record.Body {
	tb.Helper()
	kind := s.kind
	if kind == "" {
		kind = record.KindAgreement
	}
	b := &record.Body{ID: recordID(s.n), Kind: kind, Device: fmt.Sprintf("%032x", 0xabc), Seq: 1,
		PupilRef: s.pupil.UPN, Language: policy.DefaultLang,
		Pack:      record.PackRef{ID: fx.pack.ID, Version: fx.pack.Version, Fingerprint: fx.pack.Fingerprint},
		Adult:     record.AdultRef{StaffID: 3, Role: "ta", Prompting: "verbal", Understanding: "partly", Attestation: record.AttestationV1},
		StartedAt: testTime.Add(time.Duration(s.n) * time.Hour), SignedAt: testTime.Add(time.Duration(s.n)*time.Hour + 6*time.Minute)}
	if s.replaces != 0 {
		b.Supersedes, b.Adult.Reason = recordID(s.replaces), "answer_recorded_wrongly"
	}
	form, ok := fx.pack.PupilForm(s.band)
	if s.parent {
		form, ok = fx.pack.FormOfKind(policy.KindParent)
		b.Parent, b.Adult.Prompting, b.Adult.Understanding, b.Adult.Attestation = &record.ParentRef{Relationship: "carer"}, "", "", ""
	}
	if !ok {
		tb.Fatalf("no form for band %q", s.band)
	}
	b.Form, b.Band = form.ID, form.Band
	if bd, ok := fx.pack.Band(form.Band); ok {
		b.BandAlias = bd.Alias
	}
	if kind == record.KindVoid {
		return b
	}
	for i, st := range form.Steps() {
		a := record.Answer{Statement: st.ID(), Answer: record.AnswerAgree, Mode: record.ModeTouch, Narration: true, OffsetMS: int64(i+1) * 20000}
		if ans, ok := s.notSure[st.ID()]; ok {
			a.Answer, a.Mode = ans, record.ModeSwitch
		}
		b.Answers = append(b.Answers, a)
	}
	return b
}

func sortRefs(refs []record.AttachmentRef) {
	for i := 1; i < len(refs); i++ {
		for j := i; j > 0 && refs[j].Kind < refs[j-1].Kind; j-- {
			refs[j], refs[j-1] = refs[j-1], refs[j]
		}
	}
}

// scribble draws a few thick strokes, like a finger on the signing pad,
// on a transparent background, as PNG.
func scribble(tb testing.TB, w, h, seed int) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	ink := color.NRGBA{20, 20, 60, 255}
	x0, y0 := w/10, h/2
	for i := 1; i <= 6; i++ {
		x1 := w/10 + i*(w*8/10)/6
		y1 := h/5 + ((seed*37 + i*53) % (h * 3 / 5))
		line(img, x0, y0, x1, y1, 4, ink)
		x0, y0 = x1, y1
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// line draws a straight stroke of the given thickness.
func line(img *image.NRGBA, x0, y0, x1, y1, th int, c color.NRGBA) {
	steps := max(abs(x1-x0), abs(y1-y0), 1)
	for s := 0; s <= steps; s++ {
		x := x0 + (x1-x0)*s/steps
		y := y0 + (y1-y0)*s/steps
		for dx := -th / 2; dx <= th/2; dx++ {
			for dy := -th / 2; dy <= th/2; dy++ {
				img.SetNRGBA(x+dx, y+dy, c)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// class returns n pupils of Oak class.
func class(n int) []signoff.Pupil {
	given := []string{"Ava", "Zoë", "Kacper", "Aisha", "Oliver", "Seren", "Tomasz", "Maya", "Reuben", "Ffion"}
	family := []string{"O'Neil", "Brown", "Nowak", "Khan", "Smith", "Jones", "Wójcik", "Patel", "Evans", "Hughes"}
	var out []signoff.Pupil
	for i := 0; i < n; i++ {
		out = append(out, signoff.Pupil{UPN: fmt.Sprintf("A%012d", 1000+i), GivenName: given[i%len(given)],
			FamilyName: family[(i/len(given)+i)%len(family)], Class: "Oak", Year: "7"})
	}
	return out
}

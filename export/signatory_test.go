package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// adultEntry is an adult's own sign-off of the pack's form of formKind,
// every section agreed, with their name, signature and (for visitors) visit;
// a nil name leaves the attachments out, as after an erase.
func (fx *fixture) adultEntry(tb testing.TB, n int, formKind, kind string, name *string, visit *record.VisitDetails) Entry {
	tb.Helper()
	form, ok := fx.pack.FormOfKind(formKind)
	if !ok {
		tb.Fatalf("the pack has no %s form", formKind)
	}
	b := &record.Body{ID: recordID(n), Kind: record.KindAgreement, Device: fmt.Sprintf("%032x", 0xabc), Seq: 1, Form: form.ID,
		Language: policy.DefaultLang, Signatory: &record.SignatoryRef{Kind: kind, Ref: "v-" + recordID(n)[30:]},
		Pack:      record.PackRef{ID: fx.pack.ID, Version: fx.pack.Version, Fingerprint: fx.pack.Fingerprint},
		StartedAt: testTime.Add(-5 * time.Minute), SignedAt: testTime}
	for _, r := range form.Rules {
		b.Answers = append(b.Answers, record.Answer{Statement: r.ID, Answer: record.AnswerAgree})
	}
	att := map[string][]byte{}
	if name != nil {
		att[record.AttachSignatoryName] = []byte(*name)
		att[record.AttachSignatorySig] = scribble(tb, 360, 120, n)
		if visit != nil {
			att[record.AttachVisit], _ = json.Marshal(visit)
		}
	}
	for k, data := range att {
		salt := bytes.Repeat([]byte{byte(len(k))}, record.SaltSize)
		b.Attachments = append(b.Attachments, record.AttachmentRef{Kind: k, Type: "application/octet-stream", Hash: record.AttachmentHash(salt, data)})
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
	e.Attachments, e.Device = att, "Reception tablet"
	return e
}

func ptr(s string) *string { return &s }

// visitorDoc is one visitor's sign-off, as the hub prints it.
func visitorDoc(tb testing.TB, fx *fixture) Document {
	e := fx.adultEntry(tb, 70, policy.KindVisitor, record.SignatoryVisitor, ptr("Vera Visitor"),
		&record.VisitDetails{Organisation: "Kent Music", Visiting: "Mr Green"})
	return Document{Title: "Sign-off by Vera Visitor", Version: fx.pack.Version, Entries: []Entry{e}}
}

func TestWritePDF_Declaration(t *testing.T) {
	fx := newFixture(t)
	t.Run("Golden", func(t *testing.T) {
		comparePages(t, "visitor", render(t, visitorDoc(t, fx), fx.opt))
	})
	// Every reception form as the hub prints it, page by page.
	for _, g := range []struct{ golden, formKind, kind, name string }{
		{"staff", policy.KindStaff, record.SignatoryStaff, "Ann Lee"},
		{"wifi", policy.KindWiFi, record.SignatoryGuest, "Gus Guest"},
	} {
		t.Run("Golden "+g.golden, func(t *testing.T) {
			e := fx.adultEntry(t, 72, g.formKind, g.kind, ptr(g.name), nil)
			doc := Document{Title: "Sign-off by " + g.name, Version: fx.pack.Version, Entries: []Entry{e}}
			comparePages(t, g.golden, render(t, doc, fx.opt))
		})
	}
	t.Run("ReadsLikeThePaperForm", func(t *testing.T) {
		for _, tc := range []struct {
			formKind, kind, name string
			visit                *record.VisitDetails
		}{
			{policy.KindVisitor, record.SignatoryVolunteer, "Val Helper", &record.VisitDetails{Organisation: "Friends of the School", Visiting: "Reading club"}},
			{policy.KindStaff, record.SignatoryStaff, "Ann Lee", nil},
			{policy.KindWiFi, record.SignatoryGuest, "Gus Guest", nil},
		} {
			e := fx.adultEntry(t, 71, tc.formKind, tc.kind, &tc.name, tc.visit)
			text := pdfText(t, render(t, Document{Title: tc.name, Entries: []Entry{e}}, fx.opt))
			form, _ := fx.pack.FormOfKind(tc.formKind)
			want := []string{form.Title.In("en-GB"), oneLine(form.Declaration.In("en-GB")), "Name " + tc.name,
				"Date (DDMMYY) 021126", "Signed as " + SignatoryWords(tc.kind), tc.name + ", page 1 of"}
			for _, r := range form.Rules {
				if h := r.Heading.In("en-GB"); h != "" {
					want = append(want, h)
				}
				for _, s := range r.Statements[:1] {
					want = append(want, strings.Join(strings.Fields(s.Text.In("en-GB"))[:6], " "))
				}
			}
			if tc.visit != nil {
				want = append(want, "From "+tc.visit.Organisation, "Visiting "+tc.visit.Visiting)
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s's PDF lacks %q", tc.name, w)
				}
			}
			if strings.Contains(text, "Pupil") || strings.Contains(text, "UPN") {
				t.Errorf("%s's PDF reads like a pupil's agreement", tc.name)
			}
		}
	})
	t.Run("Erased", func(t *testing.T) {
		e := fx.adultEntry(t, 72, policy.KindVisitor, record.SignatoryVisitor, nil, nil)
		text := pdfText(t, render(t, Document{Title: "Erased", Entries: []Entry{e}}, fx.opt))
		for _, w := range []string{"Name (name erased)", "no signature held (erased or not made)", "(name erased), page 1 of"} {
			if !strings.Contains(text, w) {
				t.Errorf("an erased visitor's PDF lacks %q", w)
			}
		}
	})
	t.Run("PackNotHeld", func(t *testing.T) {
		opt := fx.opt
		opt.Packs = Packs{}
		text := pdfText(t, render(t, visitorDoc(t, fx), opt))
		if !strings.Contains(text, "is not held here") || !strings.Contains(text, "Name Vera Visitor") {
			t.Errorf("without the pack:\n%s", text)
		}
	})
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Every PDF says, on its cover or first page, which policy it is: its
// version, review dates and key contacts.
func TestWritePDF_AboutOnFirstPage(t *testing.T) {
	fx := newFixture(t)
	empty := Document{Title: "Nothing", Policy: fx.pack}
	for name, doc := range map[string]Document{"class": classDoc(t, fx), "pupil": pupilDoc(t, fx),
		"visitor": visitorDoc(t, fx), "empty": empty} {
		t.Run(name, func(t *testing.T) {
			out := poppler(t, "pdftotext", render(t, doc, fx.opt), "-layout", "-enc", "UTF-8", "-f", "1", "-l", "1")
			first := oneLine(out)
			want := []string{"About this policy", "Acceptable Use of Technology Policy, version 2026.1.",
				"Reviewed 1 September 2026; next review 1 September 2027."}
			for _, c := range fx.pack.School.Contacts {
				want = append(want, oneLine(c.Role+": "+c.How))
			}
			for _, w := range want {
				if !strings.Contains(first, w) {
					t.Errorf("page 1 lacks %q:\n%s", w, out)
				}
			}
			if n := strings.Count(oneLine(pdfText(t, render(t, doc, fx.opt))), "About this policy"); n != 1 {
				t.Errorf("About this policy appears %d times, want once (on the first page)", n)
			}
		})
	}
}

func TestDateDDMMYY(t *testing.T) {
	for at, want := range map[time.Time]string{
		time.Date(2026, 12, 7, 23, 59, 0, 0, time.UTC): "071226",
		time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC): "010726", // British Summer Time
		time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC):    "020127",
	} {
		if got := DateDDMMYY(at); got != want {
			t.Errorf("DateDDMMYY(%v) = %s, want %s", at, got, want)
		}
	}
}

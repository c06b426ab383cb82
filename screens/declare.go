package screens

import (
	"encoding/json"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// An adult's own sign-off at reception (staff, visitor or volunteer,
// Wi-Fi): they read the form section by section to its end, then sign its
// declaration with their name, a drawn signature and the date. Nothing on
// these screens leads into the adult area or shows a pupil.

// declaring is one adult's sign-off in progress.
type declaring struct {
	kind    string // a record.SignatoryKinds value
	ref     string // their signatory reference
	name    string // their name; "" when they type it as they sign (Wi-Fi)
	visit   *record.VisitDetails
	read    bool // they read the form to its end (false: a returning visitor)
	form    *policy.Form
	started time.Time
	adult   record.AdultRef // the adult signed in, when signing from the adult area
	// exit is where Cancel and Finished go: the start screen, or the adult
	// home for a member of staff signing there.
	exit func()
}

// declarationDate is the date as the paper forms write it: DDMMYY.
func declarationDate(t time.Time) string { return t.Format("020106") }

// formPage is one page of a form: its introduction, or a section's
// heading and statements.
type formPage struct {
	intro      string
	heading    string
	lead       string
	statements []string
}

// formPages pages f in lang: its introduction, one page per rule
// (section), then its consequences and agreement sections, if it has them.
func formPages(f *policy.Form, lang string) []formPage {
	var pages []formPage
	if intro := f.Intro.In(lang); intro != "" {
		pages = append(pages, formPage{intro: intro})
	}
	for _, r := range f.Rules {
		p := formPage{heading: r.Heading.In(lang)}
		for _, st := range r.Statements {
			p.statements = append(p.statements, st.Text.In(lang))
		}
		pages = append(pages, p)
	}
	for _, s := range []*policy.Section{f.Consequences, f.Agreement} {
		if s == nil {
			continue
		}
		p := formPage{lead: s.Lead.In(lang)}
		for _, st := range s.Statements {
			p.statements = append(p.statements, st.Text.In(lang))
		}
		pages = append(pages, p)
	}
	return pages
}

// formReader shows a form one section at a time with how far through it
// is; signing comes only after the last section.
type formReader struct {
	k      *Kiosk
	d      *declaring
	pages  []formPage
	at     int
	prev   *Target
	next   *Target
	cancel *Target
}

func newFormReader(k *Kiosk, d *declaring) *formReader {
	return &formReader{k: k, d: d, pages: formPages(d.form, policy.DefaultLang)}
}

func (s *formReader) receptionScreen() {}

func (s *formReader) onIdle() { s.k.leaveReception(s.d.exit) }

func (s *formReader) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, policy.DefaultLang
	s.k.nav.Access = adultAccess
	s.cancel = newAdultTarget(tr.T(translations.ReceptionCancel), sizeAdultAnswer, s.d.exit)
	s.prev = newAdultTarget(tr.T(translations.ReceptionPrevious), sizeAdultAnswer, func() { s.turn(-1) })
	last := s.at == len(s.pages)-1
	word := translations.ReceptionNext
	if last || len(s.pages) == 0 {
		word = translations.ReceptionToSign
	}
	s.next = NewTarget(tr.T(word), sizeAdultAnswer.AddWidthHeight(MM(10), 0), AgreeFill, func() { s.turn(1) })
	s.next.TextSize = s.prev.TextSize
	body := container.NewVBox()
	sections, n := 0, 0 // the pages that are sections, and which one this is
	for i, p := range s.pages {
		if p.intro == "" {
			sections++
			if i <= s.at {
				n = sections
			}
		}
	}
	where := tr.T(translations.ReceptionIntro)
	if len(s.pages) > 0 {
		p := s.pages[s.at]
		if p.intro != "" {
			body.Add(leading(p.intro))
		} else {
			where = tr.T(translations.ReceptionSection, map[string]any{"N": n, "Total": sections})
		}
		if p.heading != "" {
			h := heading(p.heading)
			h.Alignment = fyne.TextAlignLeading
			body.Add(h)
		}
		if p.lead != "" {
			body.Add(leading(p.lead))
		}
		for _, st := range p.statements {
			body.Add(leading("• " + st))
		}
	}
	progress := widget.NewLabel(where) // one line, never wrapped to nothing beside the strip
	progress.TextStyle.Bold = true
	top := container.NewVBox(heading(s.d.form.Title.In(lang)),
		container.NewBorder(nil, nil, nil, progress, progressStrip(s.at+1, len(s.pages))))
	left := []fyne.CanvasObject{s.cancel}
	if s.at > 0 {
		left = append(left, s.prev)
	}
	bottom := container.NewHBox(append(left, layout.NewSpacer(), s.next)...)
	return page(top, vscroll(body), bottom)
}

// progressStrip is how far through a form the reader is: one segment per
// page, those read filled.
func progressStrip(done, total int) fyne.CanvasObject {
	segs := make([]fyne.CanvasObject, total)
	for i := range segs {
		r := canvas.NewRectangle(CardFill)
		r.StrokeColor, r.StrokeWidth, r.CornerRadius = CardLine, 1, MM(1)
		if i < done {
			r.FillColor = RingOuter
		}
		r.SetMinSize(fyne.NewSize(MM(4), MM(3)))
		segs[i] = r
	}
	return container.NewPadded(container.NewGridWithColumns(max(total, 1), segs...))
}

// turn goes to the next or previous section, and from the last to signing.
func (s *formReader) turn(by int) {
	s.at += by
	switch {
	case s.at < 0:
		s.at = 0
	case s.at >= len(s.pages):
		s.at = max(len(s.pages)-1, 0)
		s.k.nav.Show(newDeclare(s.k, s.d, s))
		return
	}
	s.k.nav.Show(s)
}

func (s *formReader) targets() []*Target {
	out := []*Target{s.next}
	if s.at > 0 {
		out = append(out, s.prev)
	}
	return append(out, s.cancel)
}

// declare is the form's declaration signed: the sentence, the name, the
// date as DDMMYY, a drawn signature.
type declare struct {
	k        *Kiosk
	d        *declaring
	back     screen // the last section, or the returning visitor's welcome
	typing   *typing
	name     *textField // only when the name is typed here
	pad      *signaturePad
	message  *widget.Label
	clear    *Target
	sign     *Target
	previous *Target
	cancel   *Target
}

func newDeclare(k *Kiosk, d *declaring, back screen) *declare {
	return &declare{k: k, d: d, back: back}
}

func (s *declare) receptionScreen() {}

func (s *declare) onIdle() { s.k.leaveReception(s.d.exit) }

func (s *declare) typist() *typing { return s.typing }

func (s *declare) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, policy.DefaultLang
	s.k.nav.Access = adultAccess
	s.message = note("")
	s.message.Importance = widget.DangerImportance
	s.typing = newTyping(s.k)
	s.cancel = newAdultTarget(tr.T(translations.ReceptionCancel), sizeAdultAnswer, s.d.exit)
	s.previous = newAdultTarget(tr.T(translations.ReceptionPrevious), sizeAdultAnswer, func() { s.k.nav.Show(s.back) })
	s.sign = NewTarget(tr.T(translations.ReceptionSign), sizeAdultAnswer.AddWidthHeight(MM(20), 0), AgreeFill, s.onSign)
	s.sign.TextSize = s.cancel.TextSize
	if s.pad == nil { // kept across rebuilds, with what they drew
		s.pad = newSignaturePad(fyne.NewSize(MM(110), MM(35)))
	}
	s.pad.min = fyne.NewSize(MM(110), MM(35))
	s.pad.onChange = func() { s.message.SetText("") }
	s.clear = newAdultTarget(tr.T(translations.ReceptionClear), sizeAdultAnswer, func() { s.pad.clear() })
	decl := leading(s.d.form.Declaration.In(lang))
	decl.TextStyle.Bold = true
	left := container.NewVBox(decl)
	if s.d.name == "" {
		old := ""
		if s.name != nil {
			old = s.name.Text()
		}
		s.name = s.typing.field(fieldName, tr.T(translations.ReceptionVisitorName), old, func(string) { s.message.SetText("") })
		left.Add(settingLabel(tr.T(translations.ReceptionVisitorName)))
		left.Add(s.name)
	} else {
		left.Add(leading(tr.T(translations.ReceptionSignedBy, map[string]any{"Name": s.d.name})))
	}
	left.Add(leading(tr.T(translations.ReceptionDate, map[string]any{"Date": declarationDate(s.k.Now())})))
	right := container.NewVBox(settingLabel(tr.T(translations.ReceptionSignHere)), container.NewCenter(s.pad),
		container.NewHBox(layout.NewSpacer(), s.clear))
	body := container.NewGridWithColumns(2, vscroll(left), right)
	bottom := container.NewBorder(nil, nil, container.NewHBox(s.cancel, s.previous), s.sign, s.message)
	return s.typing.over(page(heading(s.d.form.Title.In(lang)), body, bottom))
}

func (s *declare) onSign() {
	tr := s.k.Tr
	name := s.d.name
	if s.name != nil {
		name = tidy(s.name.Text())
	}
	switch {
	case name == "":
		s.message.SetText(tr.T(translations.ReceptionNeedName))
		return
	case s.pad.empty():
		s.message.SetText(tr.T(translations.ReceptionNeedSignature))
		return
	}
	s.typing.close()
	body := s.body()
	atts := []store.Attachment{{Kind: record.AttachSignatoryName, MediaType: "text/plain; charset=utf-8", Data: []byte(name)}}
	if s.d.visit != nil {
		data, _ := json.Marshal(s.d.visit) // two strings: it cannot fail
		atts = append(atts, store.Attachment{Kind: record.AttachVisit, MediaType: "application/json", Data: data})
	}
	atts = append(atts, store.Attachment{Kind: record.AttachSignatorySig, MediaType: "image/png", Data: s.pad.PNG()})
	var err error
	switch {
	case s.d.kind == record.SignatoryVisitor || s.d.kind == record.SignatoryVolunteer:
		err = s.k.Reception.SaveVisit(s.k.ctx, body, s.d.read, atts...)
	default:
		err = s.k.Signer.SaveRecord(s.k.ctx, body, atts...)
	}
	switch {
	case err == nil:
		s.k.nav.Show(newReceptionThanks(s.k, s.d, name))
	case errors.Is(err, store.ErrDiskFull):
		s.message.SetText(tr.T(translations.CountersignDiskFull))
	default:
		s.message.SetText(tr.T(translations.ReceptionSaveFailed))
	}
}

// body is the declaration: every statement of the form agreed, since they
// read it to its end (or, returning this school year, did before).
func (s *declare) body() *record.Body {
	now := s.k.Now()
	var statements []string
	for _, st := range s.d.form.Steps() {
		statements = append(statements, st.ID())
	}
	return signoff.Declaration(
		signoff.Signing{Pack: packRef(s.k.Pack), Adult: s.d.adult, StartedAt: s.d.started, SignedAt: now},
		signoff.Signatory{Kind: s.d.kind, Ref: s.d.ref, Language: policy.DefaultLang},
		signoff.FormRef{ID: s.d.form.ID}, statements)
}

func (s *declare) targets() []*Target {
	return []*Target{s.sign, s.clear, s.previous, s.cancel}
}

// receptionThanks says what was saved and, after the Wi-Fi policy, the
// guest network's name and password (never before acceptance).
type receptionThanks struct {
	k    *Kiosk
	d    *declaring
	name string
	done *Target
}

func newReceptionThanks(k *Kiosk, d *declaring, name string) *receptionThanks {
	return &receptionThanks{k: k, d: d, name: name}
}

func (s *receptionThanks) receptionScreen() {}

func (s *receptionThanks) onIdle() { s.k.leaveReception(s.d.exit) }

func (s *receptionThanks) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.done = NewTarget(tr.T(translations.ReceptionDone), fyne.NewSize(MM(60), MM(20)), AgreeFill, s.d.exit)
	icon := canvas.NewImageFromResource(s.k.uiSymbol(policy.UICelebrate))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(MM(20), MM(20)))
	lines := container.NewVBox(icon, heading(tr.T(translations.ReceptionThanks, map[string]any{"Name": s.name})))
	switch s.d.form.Kind {
	case policy.KindStaff:
		lines.Add(sentence(tr.T(translations.ReceptionStaffDone, map[string]any{"Version": s.k.Pack.Version})))
	case policy.KindVisitor:
		lines.Add(sentence(tr.T(translations.ReceptionVisitDone, map[string]any{"Visiting": s.d.visit.Visiting})))
	case policy.KindWiFi:
		lines.Add(sentence(tr.T(translations.ReceptionWiFiDone)))
		if wifi := s.k.reception().GuestWiFi; wifi.Network != "" {
			for _, l := range []string{tr.T(translations.ReceptionWiFiNetwork, map[string]any{"Network": wifi.Network}),
				tr.T(translations.ReceptionWiFiPassword, map[string]any{"Password": wifi.Password})} {
				h := heading(l)
				h.TextStyle.Monospace = true
				lines.Add(h)
			}
		} else {
			lines.Add(sentence(tr.T(translations.ReceptionWiFiAsk)))
		}
	}
	return page(nil, container.NewCenter(column(widthPupilText, lines)), row(0, s.done))
}

func (s *receptionThanks) targets() []*Target { return []*Target{s.done} }

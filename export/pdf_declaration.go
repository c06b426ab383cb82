package export

import (
	"fmt"
	"time"

	"smartkiosk/policy"
	"smartkiosk/store/record"
)

// An adult's own sign-off (record.Body.Signatory: staff, a visitor or
// volunteer, a Wi-Fi guest) is printed as the paper form reads: the
// form's title, its introduction, each section's heading and statements,
// the declaration, then the name, the signature and the date as DDMMYY.

// DateDDMMYY is t's day in Europe/London as the paper forms write it
// ("071226" for 7 December 2026).
func DateDDMMYY(t time.Time) string {
	loc, err := londonTime()
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format("020106")
}

// aboutOnFirstPage writes About this policy on the first page of a
// document without a cover (the cover has it otherwise).
func (p *pdf) aboutOnFirstPage() {
	if p.doc.Pupils == nil && p.f.PageNo() == 1 {
		p.about()
	}
}

// declaration writes one adult's sign-off from the top of a new page.
func (p *pdf) declaration(e *Entry, pk Pack, held bool) {
	b := e.Body
	school, title, formTitle := p.doc.School, "Acceptable Use of Technology Policy", b.Form
	var form *policy.Form
	if held {
		title = pk.Title.In(b.Language)
		if school == "" {
			school = pk.School.Name
		}
		if f, ok := pk.FormByID(b.Form); ok {
			form, formTitle = f, f.Title.In(b.Language)
		}
	}
	p.recordHead(school, title, b.Pack.Version, formTitle)
	p.details(declarationDetails(e))
	p.supersession(e)
	if form == nil {
		p.notice(fmt.Sprintf("The form %q of policy pack %q version %s is not held here, so its wording cannot be shown. The sections agreed, as recorded:",
			b.Form, b.Pack.ID, b.Pack.Version), true)
		p.answerTable(b.Answers)
	} else {
		p.formText(form, b.Language)
	}
	p.signature(e, form)
}

// declarationDetails are the label/value pairs under the form's title.
func declarationDetails(e *Entry) [][2]string {
	b := e.Body
	out := [][2]string{{"Signed as", SignatoryWords(b.Signatory.Kind)}, {"Record", kindWords(b.Kind)}}
	if v := Visit(e); v.Organisation != "" || v.Visiting != "" {
		out = append(out, [2]string{"From", orDash(v.Organisation)}, [2]string{"Visiting", orDash(v.Visiting)})
	}
	if n := e.AdultName(); n != "" {
		out = append(out, [2]string{"With", n})
	}
	return out
}

// formText writes the form's introduction and every section: its
// heading, then its statements.
func (p *pdf) formText(f *policy.Form, lang string) {
	if intro := f.Intro.In(lang); intro != "" {
		p.para(intro, 10.5, false)
		p.f.SetY(p.f.GetY() + 2)
	}
	fw := formWriter{p: p, lang: lang}
	for _, r := range f.Rules {
		first := 0.0
		if len(r.Statements) > 0 {
			first = float64(len(p.wrap(r.Statements[0].Text.In(lang), contentW-6, 10.5, false))) * lineH(10.5)
		}
		fw.subheading(r.Heading.In(lang), first+2)
		for _, s := range r.Statements {
			p.bullet(s.Text.In(lang))
		}
	}
}

// bullet writes one statement as a bulleted paragraph, on a new page when
// it does not fit.
func (p *pdf) bullet(s string) {
	const size = 10.5
	ls := p.wrap(s, contentW-6, size, false)
	h := float64(len(ls))*lineH(size) + 1.5
	p.room(h)
	y := p.f.GetY() + 0.5
	p.lines([]string{"•"}, marginX+1, y, size, false)
	p.lines(ls, marginX+6, y, size, false)
	p.f.SetY(y + h)
}

// Signature block geometry (mm).
const (
	sigLabelW = 36.0
	sigBoxW   = 90.0
	sigBoxH   = 32.0
)

// signature writes the declaration, then the name, signature and date
// as the paper form lays them out.
func (p *pdf) signature(e *Entry, form *policy.Form) {
	b := e.Body
	decl := ""
	if form != nil {
		decl = form.Declaration.In(b.Language)
	}
	need := sigBoxH + 3*lineH(11) + 14
	if decl != "" {
		need += float64(len(p.wrap(decl, contentW, 11, true)))*lineH(11) + 3
	}
	p.room(need)
	p.f.SetY(p.f.GetY() + 3)
	if decl != "" {
		p.para(decl, 11, true)
		p.f.SetY(p.f.GetY() + 3)
	}
	name := orErased(SignatoryName(e))
	y := p.f.GetY()
	p.lines([]string{"Name"}, marginX, y, 11, true)
	p.lines(p.wrap(name, contentW-sigLabelW, 11, false), marginX+sigLabelW, y, 11, false)
	y += lineH(11) + 3
	p.lines([]string{"Signed"}, marginX, y, 11, true)
	p.attachment(e, record.AttachSignatorySig, "signature", marginX+sigLabelW, y, sigBoxW, sigBoxH)
	y += sigBoxH + 3
	p.lines([]string{"Date (DDMMYY)"}, marginX, y, 11, true)
	p.lines([]string{DateDDMMYY(b.SignedAt)}, marginX+sigLabelW, y, 11, false)
	p.f.SetY(y + lineH(11) + 2)
}

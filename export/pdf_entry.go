package export

import (
	"fmt"
	"strconv"
	"strings"

	"smartkiosk/policy"
	"smartkiosk/store/record"
)

// entry writes one record from a new page: header, what it supersedes, the
// statements and answers, the sign-off and, on every page, the evidence.
func (p *pdf) entry(i int) error {
	e := &p.doc.Entries[i]
	pk, held := p.opt.Packs.For(e.Body)
	p.f.AddPage() // closes the page before with its own footer
	start, alias := p.f.PageNo(), fmt.Sprintf("{e%d}", i)
	p.foot = func() { p.evidence(e, held, start, alias) }
	if e.Body.Signatory != nil {
		p.declaration(e, pk, held)
		p.f.RegisterAlias(alias, strconv.Itoa(p.f.PageNo()-start+1))
		return p.f.Error()
	}
	p.entryHeader(e, pk, held)
	p.supersession(e)
	if e.Body.Kind != record.KindVoid {
		p.followUpSummary(e)
		if err := p.answers(e, pk, held); err != nil {
			return err
		}
	}
	p.signOff(e)
	p.f.RegisterAlias(alias, strconv.Itoa(p.f.PageNo()-start+1))
	return p.f.Error()
}

// entryHeader names the school, policy, form and pupil as the paper form does.
func (p *pdf) entryHeader(e *Entry, pk Pack, held bool) {
	b := e.Body
	school, title := p.doc.School, "Acceptable Use of Technology Policy"
	form, band := b.Form, b.BandAlias
	if held {
		title = pk.Title.In(b.Language)
		if school == "" {
			school = pk.School.Name
		}
		if f, ok := pk.FormByID(b.Form); ok {
			form = f.Title.In(b.Language)
		}
		if bd, ok := pk.Band(b.Band); ok && band != "" {
			band += " (" + bd.Title.In(b.Language) + ")"
		}
	}
	p.recordHead(school, title, b.Pack.Version, form)
	p.details(entryDetails(e, band))
}

// recordHead starts a record's first page: the school, the policy and its
// version, About this policy, and the form's title.
func (p *pdf) recordHead(school, policyTitle, version, formTitle string) {
	p.f.SetY(marginTop)
	p.heading(school, 16)
	p.para(fmt.Sprintf("%s, version %s", policyTitle, version), 11, false)
	p.rule(p.f.GetY()+1.5, 0.4)
	p.f.SetY(p.f.GetY() + 4)
	p.aboutOnFirstPage()
	p.heading(formTitle, 14)
	p.f.SetY(p.f.GetY() + 1)
}

// entryDetails are the label/value pairs under the form title.
func entryDetails(e *Entry, band string) [][2]string {
	b := e.Body
	name, class := e.PupilName(), e.Pupil.Class
	if name == "" {
		name = "(name not held)"
	}
	if class == "" {
		class = "(not on the roster)"
	}
	out := [][2]string{{"Pupil", name}, {"Class", class}, {"UPN", b.PupilRef}}
	if b.Parent == nil {
		out = append(out, [2]string{"Band", orDash(band)})
	} else {
		out = append(out, [2]string{"Signed by", "parent/carer"})
	}
	out = append(out, [2]string{"Signed", timeWords(b.SignedAt)}, [2]string{"Record", kindWords(b.Kind)})
	if left := LeftWords(e.Pupil); left != "" {
		out = append(out, [2]string{"Roster", strings.ToUpper(left[:1]) + left[1:]})
	}
	return out
}

// details lays label/value pairs out two to a row.
func (p *pdf) details(pairs [][2]string) {
	const colW, labelW = contentW / 2, 20.0
	y := p.f.GetY()
	for i := 0; i < len(pairs); i += 2 {
		h := 0.0
		for j := i; j < i+2 && j < len(pairs); j++ {
			x := marginX + float64(j-i)*colW
			p.lines([]string{pairs[j][0]}, x, y, 10, true)
			ls := p.wrap(pairs[j][1], colW-labelW-3, 10.5, false)
			h = max(h, p.lines(ls, x+labelW, y, 10.5, false)-y)
		}
		y += h + 1
	}
	p.f.SetY(y + 2)
}

// supersession says what a correction or void replaces, and whether a
// later record in this document replaces this one.
func (p *pdf) supersession(e *Entry) {
	b := e.Body
	var msgs []string
	switch b.Kind {
	case record.KindCorrection:
		msgs = append(msgs, fmt.Sprintf("Correction: this record replaces record %s (reason: %s). Read this one, not the earlier one.", b.Supersedes, ModeWords(b.Adult.Reason)))
	case record.KindVoid:
		msgs = append(msgs, fmt.Sprintf("Void: this record withdraws record %s (reason: %s). That agreement no longer counts.", b.Supersedes, ModeWords(b.Adult.Reason)))
	}
	for _, o := range p.doc.Entries {
		if o.Body.Supersedes == b.ID {
			msgs = append(msgs, fmt.Sprintf("Superseded: record %s (%s) replaces this record.", o.Body.ID, kindWords(o.Body.Kind)))
		}
	}
	for _, m := range msgs {
		p.notice(m, true)
	}
}

// followUpSummary lists the statements to teach again, or says there are none.
func (p *pdf) followUpSummary(e *Entry) {
	fus := e.FollowUps()
	if len(fus) == 0 {
		if len(e.Body.Answers) > 0 {
			p.notice("Every statement was answered \"agree\": nothing to follow up.", false)
		}
		return
	}
	var parts []string
	for _, fu := range fus {
		parts = append(parts, fmt.Sprintf("%s (%s)", fu.Statement, AnswerWords(fu.Answer)))
	}
	word := "statements"
	if len(fus) == 1 {
		word = "statement"
	}
	p.notice(fmt.Sprintf("Follow up: %d %s to teach again: %s. Each is marked \"follow up\" with a bar in the margin below.",
		len(fus), word, strings.Join(parts, ", ")), true)
}

// notice writes a boxed paragraph; strong boxes have a thick border and a
// bar in the margin, so they stand out without colour.
func (p *pdf) notice(s string, strong bool) { p.noticeAt(s, 10.5, strong) }

// noticeHeight is the height of a notice box.
func (p *pdf) noticeHeight(s string, size float64, strong bool) float64 {
	return float64(len(p.wrap(s, contentW-6, size, strong)))*lineH(size) + 4
}

// noticeAt writes a notice at a font size.
func (p *pdf) noticeAt(s string, size float64, strong bool) {
	ls := p.wrap(s, contentW-6, size, strong)
	h := p.noticeHeight(s, size, strong)
	p.room(h + 2)
	y := p.f.GetY()
	width := 0.25
	if strong {
		width = 0.8
		p.f.SetFillColor(0, 0, 0)
		p.f.Rect(marginX-5, y, 2, h, "F")
	}
	p.f.SetLineWidth(width)
	p.f.SetDrawColor(0, 0, 0)
	p.f.Rect(marginX, y, contentW, h, "D")
	p.lines(ls, marginX+3, y+2, size, strong)
	p.f.SetY(y + h + 3)
}

// answers writes the form's rules and sections with the pupil's answers,
// or, when the pack or form is not held, the answers by statement id.
func (p *pdf) answers(e *Entry, pk Pack, held bool) error {
	if !held {
		p.notice(fmt.Sprintf("The policy pack %q version %s (fingerprint %s) is not held here, so the wording and pictures of the statements cannot be shown. The answers as recorded:",
			e.Body.Pack.ID, e.Body.Pack.Version, e.Body.Pack.Fingerprint), true)
		p.answerTable(e.Body.Answers)
		return nil
	}
	form, ok := pk.FormByID(e.Body.Form)
	if !ok {
		p.notice(fmt.Sprintf("The form %q is not in the policy pack held here. The answers as recorded:", e.Body.Form), true)
		p.answerTable(e.Body.Answers)
		return nil
	}
	byID := map[string]*record.Answer{}
	for i := range e.Body.Answers {
		byID[e.Body.Answers[i].Statement] = &e.Body.Answers[i]
	}
	fw := formWriter{p: p, pk: pk, lang: e.Body.Language, answers: byID, pictures: formHasSymbols(form),
		numbered: form.Kind == policy.KindPupil}
	fw.form(form)
	p.strayAnswers(e.Body.Answers, form)
	return nil
}

// strayAnswers lists answers to statements the form does not have.
func (p *pdf) strayAnswers(answers []record.Answer, form *policy.Form) {
	known := map[string]bool{}
	for _, st := range form.Steps() {
		known[st.ID()] = true
	}
	var stray []record.Answer
	for _, a := range answers {
		if !known[a.Statement] {
			stray = append(stray, a)
		}
	}
	if len(stray) > 0 {
		p.notice("Answers recorded for statements this form does not have:", true)
		p.answerTable(stray)
	}
}

// answerTable lists answers by statement id, for when the wording is not held.
func (p *pdf) answerTable(answers []record.Answer) {
	cols := []float64{50, 60, 70}
	p.tableRow(cols, []string{"Statement", "Answer", "Response mode"}, true)
	for _, a := range answers {
		ans := AnswerWords(a.Answer)
		if a.Answer != record.AnswerAgree {
			ans += " (follow up)"
		}
		p.tableRow(cols, []string{a.Statement, ans, orDash(ModeWords(a.Mode))}, a.Answer != record.AnswerAgree)
	}
	p.f.SetY(p.f.GetY() + 3)
}

// tableRow writes one row of single-line cells with a rule under it.
func (p *pdf) tableRow(cols []float64, cells []string, bold bool) {
	p.room(7)
	y, x := p.f.GetY(), marginX
	for i, c := range cells {
		p.font(10, bold)
		p.f.SetXY(x+1, y+1)
		p.f.CellFormat(cols[i]-2, 5, c, "", 0, "L", false, 0, "")
		x += cols[i]
	}
	p.f.SetLineWidth(0.15)
	p.f.Line(marginX, y+7, marginX+sum(cols), y+7)
	p.f.SetY(y + 7)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// kindWords is how a record kind reads to staff.
func kindWords(kind string) string {
	switch kind {
	case record.KindCorrection:
		return "correction"
	case record.KindVoid:
		return "void"
	}
	return "agreement"
}

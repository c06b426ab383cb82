package export

import (
	"image"

	"smartkiosk/policy"
	"smartkiosk/store/record"
)

// Statement row geometry (mm).
const (
	picSide   = 13.0 // one key picture of a rule statement or section lead
	smallPic  = 10.0 // one key picture of a section's statement
	picGap    = 2.0
	captionH  = 4.0
	answerW   = 34.0 // the answer column at the right
	colGap    = 4.0
	textSize  = 11.0
	maxSymbol = 4
	stripW    = maxSymbol*picSide + (maxSymbol-1)*picGap
)

// formWriter writes one form's statements with the answers given.
type formWriter struct {
	p        *pdf
	pk       Pack
	lang     string
	answers  map[string]*record.Answer
	pictures bool // the form has key pictures: keep a column for them
	numbered bool // unheaded rules are called "Rule 1" (pupil forms)
}

// formHasSymbols reports whether any statement or section shows pictures.
func formHasSymbols(f *policy.Form) bool {
	for _, r := range f.Rules {
		for _, s := range r.Statements {
			if len(s.Symbols) > 0 {
				return true
			}
		}
	}
	return false
}

func (fw formWriter) form(f *policy.Form) {
	if intro := f.Intro.In(fw.lang); intro != "" {
		fw.p.para(intro, 10.5, false)
		fw.p.f.SetY(fw.p.f.GetY() + 2)
	}
	for i := range f.Rules {
		fw.rule(&f.Rules[i])
	}
	fw.section("Consequences", f.Consequences)
	fw.section("Agreement", f.Agreement)
	if d := f.Declaration.In(fw.lang); d != "" {
		fw.p.room(lineH(textSize) * 3)
		fw.p.para(d, textSize, true)
	}
}

// rule writes a rule's heading ("S — Safe") and its statements.
func (fw formWriter) rule(r *policy.Rule) {
	title := ""
	if fw.numbered {
		title = "Rule " + r.ID
	}
	if h := r.Heading.In(fw.lang); h != "" {
		title = r.ID + " — " + h
	}
	next := 0.0
	if len(r.Statements) > 0 {
		next = fw.rowHeight(r.Statements[0].Symbols, picSide, r.Statements[0].Text.In(fw.lang), true)
	}
	fw.subheading(title, next)
	for _, s := range r.Statements {
		fw.row(s.Symbols, picSide, s.Text.In(fw.lang), fw.answers[s.ID], true)
	}
}

// section writes the consequences or agreement: the lead with the one
// answer given to the whole section, then its statements.
func (fw formWriter) section(title string, s *policy.Section) {
	if s == nil {
		return
	}
	fw.subheading(title, fw.rowHeight(s.Symbols, picSide, s.Lead.In(fw.lang), true))
	fw.row(s.Symbols, picSide, s.Lead.In(fw.lang), fw.answers[s.ID], true)
	for _, st := range s.Statements {
		fw.row(st.Symbols, smallPic, "•  "+st.Text.In(fw.lang), nil, false)
	}
}

// subheading writes a bold heading with a rule under it, kept on the page
// with the first row (next mm) under it.
func (fw formWriter) subheading(title string, next float64) {
	p := fw.p
	if title == "" {
		return
	}
	p.room(8 + next)
	y := p.f.GetY() + 1.5
	p.lines([]string{title}, marginX, y, 12, true)
	p.rule(y+lineH(12)+0.6, 0.3)
	p.f.SetY(y + lineH(12) + 1.2)
}

// textW is the width of the statement text column.
func (fw formWriter) textW() float64 {
	w := contentW - answerW - colGap
	if fw.pictures {
		w -= stripW + colGap
	}
	return w
}

// rowHeight is the height of a statement row with pictures side mm square.
func (fw formWriter) rowHeight(symbols []policy.Symbol, side float64, text string, answered bool) float64 {
	h := float64(len(fw.p.wrap(text, fw.textW(), textSize, false))) * lineH(textSize)
	if fw.pictures && len(symbols) > 0 {
		h = max(h, side+captionH+0.5)
	}
	if answered {
		h = max(h, 11)
	}
	return h + 3
}

// row writes one statement: its key pictures with captions, its words and,
// when answered is set, the answer.
func (fw formWriter) row(symbols []policy.Symbol, side float64, text string, a *record.Answer, answered bool) {
	p := fw.p
	h := fw.rowHeight(symbols, side, text, answered)
	p.room(h)
	y := p.f.GetY()
	x := marginX
	if fw.pictures {
		fw.strip(symbols, side, x, y+1.5)
		x += stripW + colGap
	}
	p.lines(p.wrap(text, fw.textW(), textSize, false), x, y+1.5, textSize, false)
	if answered {
		fw.answer(a, pageW-marginX-answerW, y+1.5, h-3)
	}
	p.f.SetLineWidth(0.1)
	p.f.SetDrawColor(150, 150, 150)
	p.f.Line(marginX, y+h, pageW-marginX, y+h)
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetY(y + h)
}

// strip draws key pictures side by side, each with its caption under it.
func (fw formWriter) strip(symbols []policy.Symbol, side, x, y float64) {
	p := fw.p
	for i, s := range symbols {
		if i == maxSymbol {
			break
		}
		px := x + float64(i)*(picSide+picGap) + (picSide-side)/2
		if name, ok := p.packPicture(fw.pk, s.File); ok {
			p.fitImage(name, image.Pt(1, 1), px, y, side, side)
		} else {
			p.f.SetLineWidth(0.2)
			p.f.Rect(px, y, side, side, "D")
		}
		p.font(7.5, true)
		p.f.SetXY(px-(picSide-side)/2-picGap/2, y+side+0.3)
		p.f.CellFormat(picSide+picGap, captionH, s.Caption.In(fw.lang), "", 0, "C", false, 0, "")
	}
}

// answer draws the pupil's answer in the box (x, y, answerW, h): "agree"
// with a tick, or a follow-up in a heavy box, with a bar in the margin.
func (fw formWriter) answer(a *record.Answer, x, y, h float64) {
	p := fw.p
	if a == nil {
		p.lines(p.wrap("no answer recorded", answerW, 10, false), x, y, 10, false)
		return
	}
	if a.Answer == record.AnswerAgree {
		tick(p, x+1, y+1)
		p.lines([]string{"agree"}, x+7, y+0.4, textSize, false)
		return
	}
	ls := append(p.wrap(AnswerWords(a.Answer), answerW-4, textSize, true), "follow up")
	bh := float64(len(ls))*lineH(textSize) + 2.5
	p.f.SetFillColor(235, 235, 235)
	p.f.SetLineWidth(0.8)
	p.f.Rect(x, y-0.5, answerW, bh, "FD")
	p.lines(ls, x+2, y+0.8, textSize, true)
	p.f.SetFillColor(0, 0, 0)
	p.f.Rect(marginX-5, y-1.5, 2, h+3, "F")
}

// tick draws a check mark about 4.5 mm wide at (x, y).
func tick(p *pdf, x, y float64) {
	p.f.SetLineWidth(0.7)
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineCapStyle("round")
	p.f.Line(x, y+2.2, x+1.6, y+3.8)
	p.f.Line(x+1.6, y+3.8, x+4.5, y)
	p.f.SetLineCapStyle("butt")
}

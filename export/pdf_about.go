package export

import (
	"strings"
	"time"

	"smartkiosk/policy"
)

// About this policy: the pack's version, its review dates and who to
// contact, on the cover or first page of every PDF, so a printed page
// says which policy it is and who to ask.

// aboutPack is the pack the document reports on: doc.Policy, else the
// first held pack of an entry.
func (p *pdf) aboutPack() *policy.Pack {
	if p.doc.Policy != nil {
		return p.doc.Policy
	}
	for i := range p.doc.Entries {
		if pk, ok := p.opt.Packs.For(p.doc.Entries[i].Body); ok {
			return pk.Pack
		}
	}
	return nil
}

// AboutLines are what "About this policy" says of a pack, as every PDF
// and the hub's Staff and visitors page show it: a heading, the policy's
// title and version, its review dates, then each key contact.
func AboutLines(pk *policy.Pack) []string {
	title := pk.Title.In(policy.DefaultLang)
	if title == "" {
		title = "Policy"
	}
	out := []string{"About this policy", title + ", version " + pk.Version + "."}
	var review []string
	if d := packDate(pk.Reviewed); d != "" {
		review = append(review, "Reviewed "+d)
	}
	if d := packDate(pk.NextReview); d != "" {
		review = append(review, "next review "+d)
	}
	if len(review) > 0 {
		out = append(out, strings.Join(review, "; ")+".")
	}
	for _, c := range pk.School.Contacts {
		out = append(out, c.Role+": "+c.How)
	}
	return out
}

// packDate is a pack's YYYY-MM-DD date as staff read it, or the text as
// written when it is not one.
func packDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return dateWords(t)
}

// about writes the About box at the current position, if the document
// has a pack to report on.
func (p *pdf) about() {
	pk := p.aboutPack()
	if pk == nil {
		return
	}
	ls := AboutLines(pk)
	const size = 9.5
	var wrapped [][]string
	h := 3.0
	for i, l := range ls {
		w := p.wrap(l, contentW-6, size, i == 0)
		wrapped = append(wrapped, w)
		h += float64(len(w)) * lineH(size)
	}
	p.room(h + 3)
	y := p.f.GetY()
	p.f.SetLineWidth(0.25)
	p.f.SetDrawColor(0, 0, 0)
	p.f.Rect(marginX, y, contentW, h, "D")
	ly := y + 1.5
	for i, w := range wrapped {
		ly = p.lines(w, marginX+3, ly, size, i == 0)
	}
	p.f.SetY(y + h + 3)
}

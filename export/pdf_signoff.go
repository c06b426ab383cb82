package export

import (
	"fmt"
	"strings"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Sign-off geometry (mm).
const (
	signLeftW  = 80.0
	signRightX = marginX + signLeftW + 8
	signRightW = pageW - marginX - signRightX
)

// ackSize is the font size of the parent/carer acknowledgement line.
const ackSize = 10.0

// roleWords are how staff roles read on paper.
var roleWords = map[string]string{"ta": "teaching assistant", "teacher": "teacher", "admin": "administrator"}

// signOff writes who signed: the pupil's mark or the parent/carer, the
// adult's attestation and signature, then the parent/carer acknowledgement.
func (p *pdf) signOff(e *Entry) {
	ack := e.Body.Parent == nil && e.Body.Kind != record.KindVoid
	need := max(46, p.adultHeight(e)) + 4 // the gaps between heading, block and line
	if ack {
		need += p.noticeHeight(parentAckWords(e.ParentAck), ackSize, false) + 3
	}
	sub := formWriter{p: p}
	sub.subheading("Signed on "+dateWords(e.Body.SignedAt), need)
	y := p.f.GetY() + 1
	bottom := y
	switch {
	case e.Body.Kind == record.KindVoid:
	case e.Body.Parent != nil:
		bottom = p.parentSigner(e, y)
	default:
		bottom = p.pupilMark(e, y)
	}
	bottom = max(bottom, p.adultSigner(e, y))
	p.f.SetY(bottom + 2)
	if ack {
		p.noticeAt(parentAckWords(e.ParentAck), ackSize, false)
	}
}

// pupilMark draws the mark the pupil made; it returns the y below it.
func (p *pdf) pupilMark(e *Entry, y float64) float64 {
	p.lines([]string{"Pupil's mark"}, marginX, y, 10.5, true)
	p.attachment(e, record.AttachPupilMark, "mark", marginX, y+6, signLeftW, 34)
	return y + 40
}

// parentSigner names the parent or carer and draws their signature.
func (p *pdf) parentSigner(e *Entry, y float64) float64 {
	p.lines([]string{"Parent/carer"}, marginX, y, 10.5, true)
	name := e.Text(record.AttachParentName)
	if name == "" {
		name = "(name not held)"
	}
	y = p.lines(p.wrap("Name: "+name, signLeftW, 10.5, false), marginX, y+6, 10.5, false)
	y = p.lines([]string{"Relationship: " + ModeWords(e.Body.Parent.Relationship)}, marginX, y, 10.5, false)
	p.lines([]string{"Signature"}, marginX, y+1.5, 9, true)
	p.attachment(e, record.AttachParentSig, "signature", marginX, y+6, signLeftW, 24)
	return y + 30
}

// adultSigner writes the adult's attestation, observations and signature
// in the right-hand column; it returns the y below them.
func (p *pdf) adultSigner(e *Entry, y float64) float64 {
	x, w := signRightX, signRightW
	label := "Supporting adult"
	if e.Body.Parent != nil || e.Body.Kind == record.KindVoid {
		label = "Staff member"
	}
	p.lines([]string{label}, x, y, 10.5, true)
	y += 6
	if att := e.Text(record.AttachAttestation); att != "" {
		y = p.lines(p.wrap("“"+att+"”", w, 10, false), x, y, 10, false) + 1.5
	} else if e.Body.Adult.Attestation != "" {
		y = p.lines(p.wrap("(the attestation sentence is not held)", w, 10, false), x, y, 10, false) + 1.5
	}
	for _, l := range AdultLines(e) {
		y = p.lines(p.wrap(l, w, 9.5, false), x, y, 9.5, false)
	}
	p.lines([]string{"Signature"}, x, y+1.5, 9, true)
	p.attachment(e, record.AttachAdultSignature, "signature", x, y+6, w, 18)
	return y + 24
}

// adultHeight is how tall adultSigner will write its column.
func (p *pdf) adultHeight(e *Entry) float64 {
	h := 6 + 1.5 + 24.0
	if att := e.Text(record.AttachAttestation); att != "" {
		h += float64(len(p.wrap("“"+att+"”", signRightW, 10, false))) * lineH(10)
	} else if e.Body.Adult.Attestation != "" {
		h += lineH(10) * 2
	}
	for _, l := range AdultLines(e) {
		h += float64(len(p.wrap(l, signRightW, 9.5, false))) * lineH(9.5)
	}
	return h
}

// AdultLines are the adult's name, role and what they observed, as the
// PDF prints them and the hub's pupil page shows them.
func AdultLines(e *Entry) []string {
	a := e.Body.Adult
	name := e.AdultName()
	if name == "" {
		name = "(name not held)"
	}
	role := roleWords[a.Role]
	if role == "" {
		role = ModeWords(a.Role)
	}
	out := []string{fmt.Sprintf("Name: %s (%s)", name, role)}
	if a.Prompting != "" {
		out = append(out, "Prompting: "+ModeWords(a.Prompting))
	}
	if a.Understanding != "" {
		out = append(out, "Understanding: "+ModeWords(a.Understanding))
	}
	if modes := e.ResponseModes(); len(modes) > 0 {
		for i := range modes {
			modes[i] = ModeWords(modes[i])
		}
		out = append(out, "Responded by: "+strings.Join(modes, ", "))
	}
	if !e.Body.OwnChoice() {
		out = append(out, "Physically supported: the answers were not the pupil's own choice.")
	}
	if n := e.Text(record.AttachAdultNote); n != "" {
		out = append(out, "Note: "+n)
	}
	return out
}

// parentAckWords is the parent/carer acknowledgement line.
func parentAckWords(a *signoff.ParentAck) string {
	if a == nil {
		return "Parent/carer acknowledgement: not yet recorded."
	}
	who := ModeWords(a.Relationship)
	if a.Name != "" {
		who = a.Name + " (" + who + ")"
	}
	return fmt.Sprintf("Parent/carer acknowledgement: recorded on %s by %s, record %s.", dateWords(a.SignedAt), who, a.RecordID)
}

// attachment draws an image attachment in a framed box, or says why it
// cannot: erased or never made, or not a readable PNG.
func (p *pdf) attachment(e *Entry, kind, what string, x, y, w, h float64) {
	p.f.SetLineWidth(0.25)
	p.f.SetDrawColor(0, 0, 0)
	p.f.Rect(x, y, w, h, "D")
	b, ok := e.Attachments[kind]
	if !ok || len(b) == 0 {
		p.boxText(fmt.Sprintf("no %s held (erased or not made)", what), x, y, w, h)
		return
	}
	name := "att:" + e.ID() + ":" + kind
	img, size, err := flatPNG(b, p.uniqueWidth)
	if err == nil {
		err = p.register(name, img)
	}
	if err != nil {
		p.boxText(what+" could not be shown", x, y, w, h)
		return
	}
	p.fitImage(name, size, x+1, y+1, w-2, h-2)
}

// boxText centres a short message in a box.
func (p *pdf) boxText(s string, x, y, w, h float64) {
	p.font(10, false)
	p.f.SetXY(x, y+h/2-2.5)
	p.f.CellFormat(w, 5, s, "", 0, "C", false, 0, "")
}

// evidence writes the footer that ties a printed page to its record.
func (p *pdf) evidence(e *Entry, held bool, start int, alias string) {
	b := e.Body
	y := pageH - footerSpace + 3
	p.rule(y-1.5, 0.3)
	name := e.PupilName()
	if name == "" {
		name = b.PupilRef
	}
	if b.Signatory != nil {
		name = orErased(SignatoryName(e))
	}
	p.lines([]string{fmt.Sprintf("%s, page %d of %s of this record", name, p.f.PageNo()-start+1, alias)}, marginX, y, 8.5, true)
	p.font(8.5, false)
	p.f.SetXY(marginX, y)
	p.f.CellFormat(contentW, lineH(8.5), fmt.Sprintf("document page %d of {nb}", p.f.PageNo()), "", 0, "R", false, 0, "")
	received := "not yet received by the hub"
	if !e.ReceivedAt.IsZero() {
		received = "received " + stamp(e.ReceivedAt)
	}
	pack := fmt.Sprintf("Pack %s version %s, fingerprint %s", b.Pack.ID, b.Pack.Version, b.Pack.Fingerprint)
	if !held {
		pack += " (not held here)"
	}
	p.lines([]string{
		fmt.Sprintf("Record %s (%s)", b.ID, kindWords(b.Kind)),
		"Body SHA-256 " + e.BodyHash(),
		fmt.Sprintf("Device %s, signed %s, %s", orDash(e.Device), stamp(b.SignedAt), received),
		pack,
	}, marginX, y+lineH(8.5)+0.5, 7.5, false)
}

// orErased is an adult's name, or says it was erased.
func orErased(name string) string {
	if name == "" {
		return "(name erased)"
	}
	return name
}

package export

import (
	"fmt"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// pupilStatus is where one pupil stands for the cover page's version.
type pupilStatus struct {
	SignedAt  time.Time
	FollowUps int
	Parent    *signoff.ParentAck
}

// classStatus finds each pupil's current agreement for version, by UPN:
// the latest pupil record that is neither a void nor superseded by another
// record in entries. Parent forms count only as acknowledgements.
func classStatus(entries []Entry, version string) map[string]pupilStatus {
	superseded := map[string]bool{}
	for _, e := range entries {
		if e.Body.Supersedes != "" {
			superseded[e.Body.Supersedes] = true
		}
	}
	out := map[string]pupilStatus{}
	for i := range entries {
		e := &entries[i]
		b := e.Body
		if b.Pack.Version != version || b.Parent != nil || b.Kind == record.KindVoid || superseded[b.ID] {
			continue
		}
		if cur, ok := out[b.PupilRef]; ok && !b.SignedAt.After(cur.SignedAt) {
			continue
		}
		out[b.PupilRef] = pupilStatus{SignedAt: b.SignedAt, FollowUps: len(e.FollowUps()), Parent: e.ParentAck}
	}
	return out
}

// notSigned is the cover's status for a pupil with no current agreement;
// its row is bold.
const notSigned = "not signed"

// coverCols are the widths of the class table's columns.
var coverCols = []float64{62, 22, 40, 28, 28}

// cover writes the class list with each pupil's status for doc.Version.
func (p *pdf) cover() {
	p.f.AddPage()
	p.foot = p.coverFooter
	status := classStatus(p.doc.Entries, p.doc.Version)
	p.heading(p.doc.Title, 18)
	p.f.SetY(p.f.GetY() + 1)
	p.para(p.coverSchool(), 12, false)
	p.para("Policy version "+p.doc.Version, 12, false)
	if !p.opt.Created.IsZero() {
		p.para("Printed "+dateWords(p.opt.Created), 10.5, false)
	}
	p.f.SetY(p.f.GetY() + 3)
	p.about()
	p.notice(coverSummary(p.doc.Pupils, status, p.doc.Version), false)
	p.coverHeader()
	for _, pu := range p.doc.Pupils {
		if p.f.GetY()+7 > pageH-footerSpace {
			p.f.AddPage()
			p.coverHeader()
		}
		row := coverRow(pu, status)
		p.tableRow(coverCols, row, row[2] == notSigned)
	}
}

// coverSchool is doc.School, else the school's name in the first held pack.
func (p *pdf) coverSchool() string {
	if p.doc.School != "" {
		return p.doc.School
	}
	for i := range p.doc.Entries {
		if pk, ok := p.opt.Packs.For(p.doc.Entries[i].Body); ok {
			return pk.School.Name
		}
	}
	return p.doc.School
}

func (p *pdf) coverHeader() {
	p.tableRow(coverCols, []string{"Pupil", "Class", "Agreement", "Follow-ups", "Parent/carer"}, true)
}

// coverRow is one pupil's line in the class table.
func coverRow(pu signoff.Pupil, status map[string]pupilStatus) []string {
	st, ok := status[pu.UPN]
	if !ok {
		return []string{pu.Name(), orDash(pu.Class), notSigned, "–", "–"}
	}
	fu := "none"
	if st.FollowUps > 0 {
		fu = fmt.Sprintf("%d to follow up", st.FollowUps)
	}
	parent := "not yet"
	if st.Parent != nil {
		parent = st.Parent.SignedAt.Format("2 Jan 2006")
	}
	return []string{pu.Name(), orDash(pu.Class), "signed " + st.SignedAt.Format("2 Jan 2006"), fu, parent}
}

// coverSummary counts signed pupils and follow-ups.
func coverSummary(pupils []signoff.Pupil, status map[string]pupilStatus, version string) string {
	signed, follow := 0, 0
	for _, pu := range pupils {
		if st, ok := status[pu.UPN]; ok {
			signed++
			if st.FollowUps > 0 {
				follow++
			}
		}
	}
	return fmt.Sprintf("%d of %d pupils have signed version %s; %d of them have statements to follow up; %d have not signed yet.",
		signed, len(pupils), version, follow, len(pupils)-signed)
}

func (p *pdf) coverFooter() {
	y := pageH - footerSpace + 3
	p.rule(y-1.5, 0.3)
	p.lines([]string{p.doc.Title}, marginX, y, 8.5, true)
	p.font(8.5, false)
	p.f.SetXY(marginX, y)
	p.f.CellFormat(contentW, lineH(8.5), fmt.Sprintf("document page %d of {nb}", p.f.PageNo()), "", 0, "R", false, 0, "")
}

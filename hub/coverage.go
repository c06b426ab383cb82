package hub

import (
	"slices"
	"sort"
	"time"

	"smartkiosk/hub/proto"
	"smartkiosk/store/record"
)

// Where a pupil is with the current policy version, as tutors see it.
const (
	StateSigned     = "signed"      // a countersigned agreement for this version, this school year
	StateDraft      = "draft"       // a sign-off in progress on a kiosk, not yet countersigned
	StateNotStarted = "not_started" // neither
)

// Coverage is measured against one policy version and school year.
type Coverage struct {
	Version   string    // the current policy version
	YearStart time.Time // 1 September of the current school year
}

// SchoolYearStart is 1 September (in England) of the school year at t.
func SchoolYearStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	year := t.Year()
	if t.Month() < time.September {
		year--
	}
	return time.Date(year, time.September, 1, 0, 0, 0, 0, loc)
}

// PupilState is one pupil's line on a class page.
type PupilState struct {
	Pupil     proto.Pupil
	State     string  // StateSigned, StateDraft or StateNotStarted
	Agreement *Stored // the agreement that counts (StateSigned only)
	Body      *record.Body
	ParentAck *Stored // the parent/carer acknowledgement for this version, if any
	FollowUps int     // statements of the agreement answered "not sure" or with no clear response
	Supported bool    // the agreement's answers were physically supported
	Earlier   int     // records for earlier versions or years, still shown on the pupil's page
}

// ClassCoverage counts a class's pupils by state.
type ClassCoverage struct {
	Class      string
	Pupils     int
	Signed     int
	Draft      int
	NotStarted int
	NotSure    int // signed, with something answered "not sure" or no clear response
	NoParent   int // without the parent/carer acknowledgement for this version
}

// parsed is a stored record and its body.
type parsed struct {
	rec  *Stored
	body *record.Body
}

// States works out every pupil's state from their stored records and the
// UPNs with a draft on some kiosk. A line of records (an agreement, then
// corrections) counts by its newest record; a voided line does not count.
// Records that cannot be parsed are left out (ingest checked them).
func (c Coverage) States(pupils []proto.Pupil, recs []Stored, drafts map[string]bool) []PupilState {
	byPupil := map[string][]parsed{}
	superseded := map[string]bool{}
	for i := range recs {
		b, err := record.Parse(recs[i].Body)
		if err != nil {
			continue
		}
		byPupil[b.PupilRef] = append(byPupil[b.PupilRef], parsed{&recs[i], b})
		if b.Supersedes != "" {
			superseded[b.Supersedes] = true
		}
	}
	out := make([]PupilState, len(pupils))
	for i, p := range pupils {
		out[i] = c.state(p, byPupil[p.UPN], superseded, drafts[p.UPN])
	}
	return out
}

func (c Coverage) state(p proto.Pupil, recs []parsed, superseded map[string]bool, draft bool) PupilState {
	st := PupilState{Pupil: p, State: StateNotStarted}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].body.SignedAt.Before(recs[j].body.SignedAt) })
	for _, r := range recs {
		if !c.counts(r.body) {
			st.Earlier++
			continue
		}
		if superseded[r.body.ID] || r.body.Kind == record.KindVoid {
			continue
		}
		if r.body.Parent != nil {
			st.ParentAck = r.rec
			continue
		}
		st.State, st.Agreement, st.Body = StateSigned, r.rec, r.body // the newest wins
		st.FollowUps, st.Supported = len(r.body.FollowUps()), !r.body.OwnChoice()
	}
	if st.State == StateNotStarted && draft {
		st.State = StateDraft
	}
	return st
}

// counts reports whether a record is for the current version this school year.
func (c Coverage) counts(b *record.Body) bool {
	return b.Pack.Version == c.Version && !b.SignedAt.Before(c.YearStart)
}

// Summarise counts states per class, classes in name order.
func Summarise(states []PupilState) []ClassCoverage {
	byClass := map[string]*ClassCoverage{}
	for _, s := range states {
		cc := byClass[s.Pupil.Class]
		if cc == nil {
			cc = &ClassCoverage{Class: s.Pupil.Class}
			byClass[s.Pupil.Class] = cc
		}
		cc.add(s)
	}
	out := make([]ClassCoverage, 0, len(byClass))
	for _, cc := range byClass {
		out = append(out, *cc)
	}
	slices.SortFunc(out, func(a, b ClassCoverage) int { return compareFold(a.Class, b.Class) })
	return out
}

func (cc *ClassCoverage) add(s PupilState) {
	cc.Pupils++
	switch s.State {
	case StateSigned:
		cc.Signed++
		if s.FollowUps > 0 {
			cc.NotSure++
		}
	case StateDraft:
		cc.Draft++
	default:
		cc.NotStarted++
	}
	if s.ParentAck == nil {
		cc.NoParent++
	}
}

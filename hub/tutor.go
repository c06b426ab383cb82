package hub

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"smartkiosk/export"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// The tutor pages: coverage of the current policy version per class, a
// class's pupils, one pupil's records, and the follow-up list. A tutor sees
// only their own classes (User.Classes); the DSL and admins see every class.

// london is where school days and years are counted.
var london = mustLocation("Europe/London")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in through package export
	}
	return loc
}

// mayView reports whether u may see pupils of class.
func mayView(u User, class string) bool {
	return u.Role != RoleTutor || slices.ContainsFunc(u.Classes, func(c string) bool { return strings.EqualFold(c, class) })
}

// view is what one tutor page needs, loaded for the classes u may see.
type view struct {
	cov      Coverage
	campaign proto.PackManifest // the publication that started re-signing (zero: the built-in pack)
	pupils   []proto.Pupil      // active, visible, in class then name order
	left     []proto.Pupil      // those who left the roster, filed under their last class, same order
	roster   map[string]proto.Pupil
	states   []PupilState // of pupils: coverage counts the current roster only
	recs     []Stored     // of pupils, and of left too when loaded withLeft
}

// What load reads beside the roster and each pupil's standing.
type loadFlags int

const (
	withData loadFlags = 1 << iota // attachments (names, marks) as well as bodies
	withLeft                       // the records of pupils who left: they keep them for good
)

// load reads the roster, records and drafts for the pupils u may see in
// class ("" for every class u may see). A pupil who left is seen under the
// class they were last in.
func (w *web) load(ctx context.Context, u User, class string, what loadFlags) (view, error) {
	var v view
	version, campaign, err := w.s.currentVersion(ctx)
	if err != nil {
		return v, fmt.Errorf("current version: %w", err)
	}
	v.cov = Coverage{Version: version, YearStart: SchoolYearStart(w.s.now(), london)}
	v.campaign = campaign
	page, err := w.s.store.Roster(ctx, 0)
	if err != nil {
		return v, fmt.Errorf("roster: %w", err)
	}
	v.roster = make(map[string]proto.Pupil, len(page.Pupils))
	for _, p := range page.Pupils {
		v.roster[p.UPN] = p
		switch {
		case !mayView(u, p.Class) || (class != "" && !strings.EqualFold(p.Class, class)):
		case p.Active:
			v.pupils = append(v.pupils, p)
		default:
			v.left = append(v.left, p)
		}
	}
	slices.SortFunc(v.pupils, comparePupils)
	slices.SortFunc(v.left, comparePupils)
	upns := make([]string, 0, len(v.pupils)+len(v.left))
	for _, p := range v.pupils {
		upns = append(upns, p.UPN)
	}
	if what&withLeft != 0 {
		for _, p := range v.left {
			upns = append(upns, p.UPN)
		}
	}
	if v.recs, err = w.s.store.PupilRecords(ctx, upns, what&withData != 0); err != nil {
		return v, fmt.Errorf("records: %w", err)
	}
	drafts, err := w.s.store.Drafts(ctx)
	if err != nil {
		return v, fmt.Errorf("drafts: %w", err)
	}
	revoked, err := w.revokedDevices(ctx)
	if err != nil {
		return v, err
	}
	open := map[string]bool{}
	for _, d := range drafts {
		open[d.PupilRef] = open[d.PupilRef] || !revoked[d.DeviceID] // a revoked tablet's last list is stale
	}
	v.states = v.cov.States(v.pupils, v.recs, open)
	return v, nil
}

func comparePupils(a, b proto.Pupil) int {
	if c := compareFold(a.Class, b.Class); c != 0 {
		return c
	}
	if c := compareFold(a.FamilyName, b.FamilyName); c != 0 {
		return c
	}
	return compareFold(a.GivenName, b.GivenName)
}

func compareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

// tutorPage is what every tutor template gets.
type tutorPage struct {
	page
	Version  string
	Campaign string // "published 3 Sep 2026", or "" for the built-in pack
	Year     string // "2026–27"
}

func (w *web) tutorBase(si signedIn, title string, v view) tutorPage {
	p := tutorPage{page: w.base(si, title), Version: v.cov.Version}
	if !v.campaign.PublishedAt.IsZero() {
		p.Campaign = v.campaign.PublishedAt.In(london).Format("2 Jan 2006")
	}
	y := v.cov.YearStart.Year()
	p.Year = fmt.Sprintf("%d–%02d", y, (y+1)%100)
	return p
}

func (w *web) onHome(rw http.ResponseWriter, r *http.Request) {
	http.Redirect(rw, r, "/coverage", http.StatusSeeOther)
}

func (w *web) onCoverage(rw http.ResponseWriter, r *http.Request, si signedIn) {
	v, err := w.load(r.Context(), si.user, "", 0)
	if err != nil {
		w.fail(rw, err)
		return
	}
	classes := Summarise(v.states)
	if si.user.Role == RoleTutor {
		classes = withEmpty(classes, si.user.Classes)
	}
	w.render(rw, http.StatusOK, "coverage.html", struct {
		tutorPage
		Classes []ClassCoverage
		Chart   chart
		Total   ClassCoverage
	}{w.tutorBase(si, "Who has signed", v), classes, newChart(classes), total(classes)})
}

// withEmpty adds a tutor's classes that have no pupils on the roster, so
// a tutor sees their class even before the roster lists it.
func withEmpty(cs []ClassCoverage, mine []string) []ClassCoverage {
	for _, c := range mine {
		if !slices.ContainsFunc(cs, func(cc ClassCoverage) bool { return strings.EqualFold(cc.Class, c) }) {
			cs = append(cs, ClassCoverage{Class: c})
		}
	}
	slices.SortFunc(cs, func(a, b ClassCoverage) int { return compareFold(a.Class, b.Class) })
	return cs
}

func total(cs []ClassCoverage) ClassCoverage {
	t := ClassCoverage{Class: "All classes"}
	for _, c := range cs {
		t.Pupils += c.Pupils
		t.Signed += c.Signed
		t.Draft += c.Draft
		t.NotStarted += c.NotStarted
		t.NotSure += c.NotSure
		t.NoParent += c.NoParent
	}
	return t
}

// pupilRow is one pupil on a class page.
type pupilRow struct {
	UPN, Name, State, StateText, SignedOn, Parent string
	FollowUps, Earlier                            int
	Supported                                     bool
}

var stateText = map[string]string{StateSigned: "Signed", StateDraft: "Started on a kiosk", StateNotStarted: "Not signed for this version"}

func (w *web) onClass(rw http.ResponseWriter, r *http.Request, si signedIn) {
	class := r.PathValue("class")
	if !mayView(si.user, class) {
		w.notYours(rw, si)
		return
	}
	v, err := w.load(r.Context(), si.user, class, 0)
	if err != nil {
		w.fail(rw, err)
		return
	}
	rows := make([]pupilRow, len(v.states))
	for i, s := range v.states {
		rows[i] = pupilRow{UPN: s.Pupil.UPN, Name: s.Pupil.GivenName + " " + s.Pupil.FamilyName, State: s.State,
			StateText: stateText[s.State], FollowUps: s.FollowUps, Earlier: s.Earlier, Supported: s.Supported, Parent: "Not yet"}
		if s.Body != nil {
			rows[i].SignedOn = s.Body.SignedAt.In(london).Format("2 Jan 2006")
		}
		if s.ParentAck != nil {
			rows[i].Parent = s.ParentAck.SignedAt.In(london).Format("2 Jan 2006")
		}
	}
	left := make([]leftRow, len(v.left))
	for i, p := range v.left {
		left[i] = leftRow{UPN: p.UPN, Name: p.GivenName + " " + p.FamilyName, LeftOn: leftOn(p)}
	}
	sum := Summarise(v.states)
	cc := ClassCoverage{Class: class}
	if len(sum) == 1 {
		cc = sum[0]
	}
	w.render(rw, http.StatusOK, "class.html", struct {
		tutorPage
		Class   ClassCoverage
		Pupils  []pupilRow
		Left    []leftRow
		Chart   chart
		Exports []exportChoice
	}{w.tutorBase(si, "Class "+class, v), cc, rows, left, newChart([]ClassCoverage{cc}), exportChoices})
}

// leftRow is a pupil who has left the school, listed under their last
// class so their records can still be found.
type leftRow struct{ UPN, Name, LeftOn string }

// notYours answers a tutor who asks for a class or pupil not theirs. It
// says no more than that: not whether the class or pupil exists.
func (w *web) notYours(rw http.ResponseWriter, si signedIn) {
	w.refuse(rw, si, http.StatusForbidden, "This class is not one of yours. Ask the designated safeguarding lead if you need to see it.")
}

// answerRow is one statement of a record as a tutor reads it.
type answerRow struct {
	ID, Text, Answer string
	FollowUp         bool
}

// recordView is one record on a pupil's page.
type recordView struct {
	ID, Kind, Form, Version, SignedOn, Adult, Device, Supersedes, Parent string
	Counts, Withdrawn                                                    bool
	Answers                                                              []answerRow
	Observed                                                             []string  // the adult's name, role, prompting, understanding, how the pupil responded
	Marks                                                                []imgView // the pupil's mark and the signatures the hub holds
}

// imgView is a mark or signature shown on the pupil page, inline.
type imgView struct {
	Label string
	Src   template.URL // a data: URL of a PNG the record's hash vouched for
}

// markKinds are the pictures a record may hold, as the page labels them.
var markKinds = []struct{ kind, label string }{
	{record.AttachPupilMark, "Pupil's mark"},
	{record.AttachAdultSignature, "Supporting adult's signature"},
	{record.AttachParentSig, "Parent/carer's signature"},
}

// marks are e's pictures that are PNGs (an erased or damaged one is left
// out), as data: URLs: the page needs no second request, and the hub
// serves no picture to anyone who cannot see the page.
func marks(e *signoff.Entry) []imgView {
	var out []imgView
	for _, m := range markKinds {
		if data := e.Attachments[m.kind]; bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			out = append(out, imgView{Label: m.label, Src: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(data))})
		}
	}
	return out
}

func (w *web) onPupil(rw http.ResponseWriter, r *http.Request, si signedIn) {
	ctx := r.Context()
	p, ok := w.visiblePupil(ctx, rw, si, r.PathValue("upn"))
	if !ok {
		return
	}
	v, err := w.load(ctx, si.user, p.Class, withData|withLeft)
	if err != nil {
		w.fail(rw, err)
		return
	}
	var mine []Stored
	for _, rec := range v.recs {
		if rec.PupilRef == p.UPN {
			mine = append(mine, rec)
		}
	}
	views, err := w.recordViews(ctx, mine, v)
	if err != nil {
		w.fail(rw, err)
		return
	}
	st := PupilState{Pupil: p, State: StateNotStarted}
	for _, s := range v.states {
		if s.Pupil.UPN == p.UPN {
			st = s
		}
	}
	w.render(rw, http.StatusOK, "pupil.html", struct {
		tutorPage
		Pupil   proto.Pupil
		State   string
		Left    string // "3 Dec 2026" once the pupil has left the roster
		Records []recordView
	}{w.tutorBase(si, p.GivenName+" "+p.FamilyName, v), p, stateText[st.State], leftOn(p), views})
}

// leftOn is the day a pupil left the roster, as staff read it, or "".
func leftOn(p proto.Pupil) string {
	if p.Active || p.LeftAt.IsZero() {
		return ""
	}
	return p.LeftAt.In(london).Format("2 Jan 2006")
}

// visiblePupil finds an active pupil the user may see, or answers 404: a
// tutor learns nothing about pupils outside their classes.
func (w *web) visiblePupil(ctx context.Context, rw http.ResponseWriter, si signedIn, upn string) (proto.Pupil, bool) {
	page, err := w.s.store.Roster(ctx, 0)
	if err != nil {
		w.fail(rw, err)
		return proto.Pupil{}, false
	}
	for _, p := range page.Pupils {
		if p.UPN == upn && mayView(si.user, p.Class) {
			return p, true
		}
	}
	w.refuse(rw, si, http.StatusNotFound, "No pupil with that reference is in your classes.")
	return proto.Pupil{}, false
}

// recordViews shows a pupil's records newest first, each statement with
// its words from the pack shown (or its id when the hub lacks the pack).
func (w *web) recordViews(ctx context.Context, recs []Stored, v view) ([]recordView, error) {
	entries, err := w.s.entries(ctx, recs, v.roster)
	if err != nil {
		return nil, err
	}
	packs, err := w.s.allPacks(ctx)
	if err != nil {
		return nil, err
	}
	withdrawn := map[string]bool{}
	for _, e := range entries {
		if e.Body.Supersedes != "" {
			withdrawn[e.Body.Supersedes] = true
		}
	}
	out := make([]recordView, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		b := e.Body
		rv := recordView{ID: b.ID, Kind: b.Kind, Form: b.Form, Version: b.Pack.Version,
			SignedOn: b.SignedAt.In(london).Format("2 Jan 2006 15:04"), Adult: e.AdultName(), Device: e.Device,
			Supersedes: b.Supersedes, Counts: v.cov.counts(b), Withdrawn: withdrawn[b.ID],
			Observed: export.AdultLines(&e), Marks: marks(&e)}
		if b.Parent != nil {
			rv.Parent = strings.ReplaceAll(b.Parent.Relationship, "_", " ")
		}
		texts := packs.StatementTexts(b)
		for _, a := range b.Answers {
			rv.Answers = append(rv.Answers, answerRow{ID: a.Statement, Text: texts[a.Statement],
				Answer: export.AnswerWords(a.Answer), FollowUp: a.Answer != record.AnswerAgree})
		}
		out = append(out, rv)
	}
	return out, nil
}

// followUpRow is one pupil's statements to teach again.
type followUpRow struct {
	UPN, Name, Class, SignedOn string
	Statements                 []answerRow
}

func (w *web) onFollowUps(rw http.ResponseWriter, r *http.Request, si signedIn) {
	class := r.URL.Query().Get("class")
	if class != "" && !mayView(si.user, class) {
		w.notYours(rw, si)
		return
	}
	v, err := w.load(r.Context(), si.user, class, 0)
	if err != nil {
		w.fail(rw, err)
		return
	}
	packs, err := w.s.allPacks(r.Context())
	if err != nil {
		w.fail(rw, err)
		return
	}
	var rows []followUpRow
	for _, s := range v.states {
		if s.Body == nil || s.FollowUps == 0 {
			continue
		}
		texts := packs.StatementTexts(s.Body)
		row := followUpRow{UPN: s.Pupil.UPN, Name: s.Pupil.GivenName + " " + s.Pupil.FamilyName, Class: s.Pupil.Class,
			SignedOn: s.Body.SignedAt.In(london).Format("2 Jan 2006")}
		for _, a := range s.Body.Answers {
			if a.Answer != record.AnswerAgree {
				row.Statements = append(row.Statements, answerRow{ID: a.Statement, Text: texts[a.Statement], Answer: export.AnswerWords(a.Answer), FollowUp: true})
			}
		}
		rows = append(rows, row)
	}
	title := "To teach again"
	if class != "" {
		title += ": class " + class
	}
	w.render(rw, http.StatusOK, "followups.html", struct {
		tutorPage
		Class string
		Rows  []followUpRow
	}{w.tutorBase(si, title, v), class, rows})
}

func (w *web) revokedDevices(ctx context.Context) (map[string]bool, error) {
	devs, err := w.s.store.Devices(ctx)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	out := map[string]bool{}
	for _, d := range devs {
		out[d.ID] = d.Revoked()
	}
	return out, nil
}

package screens

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// Reception is what the reception screens read and write: the tablet's
// mode and the hub's reception settings (store settings), the visitor
// book, and whether a member of staff has signed the staff policy.
type Reception interface {
	Setting(ctx context.Context, key string) ([]byte, error)
	SetSetting(ctx context.Context, key string, value []byte) error
	SaveVisit(ctx context.Context, body *record.Body, read bool, atts ...store.Attachment) error
	FindVisitor(ctx context.Context, name, formID, version string, since time.Time) (store.Visitor, bool, error)
	StaffSigned(ctx context.Context, id int64, formID, version string) (time.Time, bool, error)
}

// ReceptionIdle is how long a reception sign-off waits untouched before
// it goes back to the start screen, so a visitor's name and signature do
// not stay on a tablet in the entrance. Longer than IdleLock: reading a
// section of the staff policy takes time.
const ReceptionIdle = 4 * time.Minute

// receptionScreen marks the self-service reception screens: they show no
// pupil data, lead nowhere adult-only, and go back to the start screen
// after ReceptionIdle (onIdle).
type receptionScreen interface {
	receptionScreen()
	onIdle()
}

// tabletMode is what the start screen offers (signoff.TabletModes): a
// classroom tablet unless an admin chose otherwise.
func (k *Kiosk) tabletMode() string {
	if k.Reception == nil {
		return signoff.TabletClassroom
	}
	v, err := k.Reception.Setting(k.ctx, signoff.SettingTabletMode)
	if err != nil || !slices.Contains(signoff.TabletModes, string(v)) {
		return signoff.TabletClassroom
	}
	return string(v)
}

// reception is the hub's last reception settings; zero when there are none.
func (k *Kiosk) reception() signoff.Reception {
	var r signoff.Reception
	if k.Reception == nil {
		return r
	}
	if data, err := k.Reception.Setting(k.ctx, signoff.SettingReception); err == nil && data != nil {
		_ = json.Unmarshal(data, &r)
	}
	return r
}

// tidy is typed text without spaces at either end or doubled inside.
func tidy(s string) string { return strings.Join(strings.Fields(s), " ") }

// leaveReception is a reception screen left alone for ReceptionIdle: back
// to where the sign-off began, or, when an adult began it from the adult
// area, the adult area locked, as any adult screen left alone would be.
func (k *Kiosk) leaveReception(exit func()) {
	if k.adult != nil {
		k.lock("idle")
		return
	}
	exit()
}

// receptionTargets are the start screen's reception choices, one per form
// the pack has.
func (s *start) receptionTargets() []*Target {
	tr, k := s.k.Tr, s.k
	size := fyne.NewSize(MM(150), MM(22))
	var out []*Target
	add := func(kind string, word *translations.Message, open func(*policy.Form)) {
		if f, ok := k.Pack.FormOfKind(kind); ok {
			out = append(out, NewTarget(tr.T(word), size, CardFill, func() { open(f) }))
		}
	}
	add(policy.KindStaff, translations.ReceptionStaff, func(f *policy.Form) { k.nav.Show(newStaffPIN(k, f)) })
	add(policy.KindVisitor, translations.ReceptionVisitor, func(f *policy.Form) { k.nav.Show(newVisitorIn(k, f)) })
	add(policy.KindWiFi, translations.ReceptionWiFi, func(f *policy.Form) {
		k.nav.Show(newFormReader(k, &declaring{kind: record.SignatoryGuest, ref: record.NewID(), form: f,
			read: true, started: k.Now(), exit: k.showStart}))
	})
	return out
}

// staffPIN is a member of staff identifying themselves with their own
// kiosk PIN to sign the staff policy. It opens nothing else.
type staffPIN struct {
	k      *Kiosk
	form   *policy.Form
	pad    *pinPad
	next   *Target
	noPIN  *Target
	cancel *Target
}

func newStaffPIN(k *Kiosk, f *policy.Form) *staffPIN {
	return &staffPIN{k: k, form: f, pad: newPinPad(k)}
}

func (s *staffPIN) receptionScreen() {}
func (s *staffPIN) onIdle()          { s.k.showStart() }

func (s *staffPIN) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = adultAccess
	s.next = NewTarget(tr.T(translations.ReceptionNext), sizeSmall, AgreeFill, s.onNext)
	s.cancel = NewTarget(tr.T(translations.ReceptionCancel), sizeSmall, CardFill, s.k.showStart)
	s.noPIN = newAdultTarget(tr.T(translations.ReceptionNoPIN), sizeAdultAnswer, func() { s.k.nav.Show(newStaffByName(s.k, s.form)) })
	top := container.NewBorder(nil, nil, nil, s.noPIN, heading(tr.T(translations.ReceptionStaff)))
	return s.pad.page(top, tr.T(translations.ReceptionStaffPIN), s.cancel, s.next)
}

func (s *staffPIN) onNext() {
	staff, ok := s.pad.check()
	if !ok {
		return
	}
	s.k.nav.Show(newFormReader(s.k, &declaring{kind: record.SignatoryStaff, ref: record.StaffRef(staff.ID), name: staff.Name,
		form: s.form, read: true, started: s.k.Now(), exit: s.k.showStart}))
}

func (s *staffPIN) typedRune(r rune)        { s.pad.typedRune(r) }
func (s *staffPIN) typedKey(k fyne.KeyName) { s.pad.typedKey(k) }
func (s *staffPIN) targets() []*Target {
	return append([]*Target{s.next}, append(s.pad.targets(), s.noPIN, s.cancel)...)
}

// staffByName is a member of staff without a kiosk account finding their
// name on the school's staff list from the hub (or, with no list, typing
// it in full). The list is only shown as names matching what is typed.
type staffByName struct {
	k       *Kiosk
	form    *policy.Form
	list    []string
	typing  *typing
	name    *textField
	matches *fyne.Container
	found   []*Target
	message *widget.Label
	next    *Target // only when there is no list
	cancel  *Target
}

func newStaffByName(k *Kiosk, f *policy.Form) *staffByName {
	return &staffByName{k: k, form: f, list: k.reception().Staff}
}

func (s *staffByName) receptionScreen() {}
func (s *staffByName) onIdle()          { s.k.showStart() }
func (s *staffByName) typist() *typing  { return s.typing }

func (s *staffByName) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = adultAccess
	s.typing = newTyping(s.k)
	s.cancel = newAdultTarget(tr.T(translations.ReceptionCancel), sizeAdultAnswer, s.k.showStart)
	s.message = note(tr.T(translations.ReceptionStaffFind))
	s.matches = container.NewVBox()
	s.name = s.typing.field(fieldName, tr.T(translations.ReceptionStaffName), "", s.changed)
	right := []fyne.CanvasObject{s.cancel}
	s.next = nil
	if len(s.list) == 0 {
		s.message.SetText(tr.T(translations.ReceptionStaffNoList))
		s.next = NewTarget(tr.T(translations.ReceptionNext), sizeAdultAnswer, AgreeFill, func() { s.choose(tidy(s.name.Text())) })
		s.next.TextSize = s.cancel.TextSize
		right = append(right, s.next)
	}
	body := container.NewVBox(s.message, settingLabel(tr.T(translations.ReceptionStaffName)), s.name, s.matches)
	bottom := container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, right...)...)
	return s.typing.over(page(heading(tr.T(translations.ReceptionStaff)), column(widthPupilText, body), bottom))
}

// changed shows the staff list's names that hold what was typed (at
// least three letters), up to six.
func (s *staffByName) changed(typed string) {
	if len(s.list) == 0 {
		return
	}
	s.matches.RemoveAll()
	s.found = nil
	typed = strings.ToLower(strings.Join(strings.Fields(typed), " "))
	if len([]rune(typed)) < 3 {
		s.message.SetText(s.k.Tr.T(translations.ReceptionStaffFind))
		return
	}
	for _, n := range s.list {
		if strings.Contains(strings.ToLower(n), typed) && len(s.found) < 6 {
			t := newAdultTarget(n, fyne.NewSize(MM(120), MM(14)), func() { s.choose(n) })
			s.found = append(s.found, t)
			s.matches.Add(t)
		}
	}
	if len(s.found) == 0 {
		s.message.SetText(s.k.Tr.T(translations.ReceptionStaffNotListed))
	} else {
		s.message.SetText(s.k.Tr.T(translations.ReceptionStaffFind))
	}
	s.matches.Refresh()
}

func (s *staffByName) choose(name string) {
	if name == "" {
		s.message.SetText(s.k.Tr.T(translations.ReceptionStaffNoList))
		return
	}
	s.typing.close()
	s.k.nav.Show(newFormReader(s.k, &declaring{kind: record.SignatoryStaff, ref: record.NewID(), name: name,
		form: s.form, read: true, started: s.k.Now(), exit: s.k.showStart}))
}

func (s *staffByName) targets() []*Target {
	out := append([]*Target{}, s.found...)
	if s.next != nil {
		out = append(out, s.next)
	}
	return append(out, s.cancel)
}

var visitorKindWords = map[string]*translations.Message{
	record.SignatoryVisitor: translations.ReceptionKindVisitor, record.SignatoryVolunteer: translations.ReceptionKindVolunteer,
}

// visitorIn takes a visitor's or volunteer's name, organisation and who
// they are visiting. One who read this version this school year is
// welcomed back and only signs; everyone else reads the policy first.
type visitorIn struct {
	k                    *Kiosk
	form                 *policy.Form
	kind                 string
	typing               *typing
	name, org, visiting  *textField
	choose               *chooser
	message              *widget.Label
	next, cancel         *Target
	oldName, oldOrg, old string
}

func newVisitorIn(k *Kiosk, f *policy.Form) *visitorIn { return &visitorIn{k: k, form: f} }

func (s *visitorIn) receptionScreen() {}
func (s *visitorIn) onIdle()          { s.k.showStart() }
func (s *visitorIn) typist() *typing  { return s.typing }

func (s *visitorIn) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.k.nav.Access = adultAccess
	s.message = note("")
	s.message.Importance = widget.DangerImportance
	if s.name != nil { // keep what was typed across a rebuild
		s.oldName, s.oldOrg, s.old = s.name.Text(), s.org.Text(), s.visiting.Text()
	}
	s.typing = newTyping(s.k)
	clear := func(string) { s.message.SetText("") }
	s.name = s.typing.field(fieldName, tr.T(translations.ReceptionVisitorName), s.oldName, clear)
	s.org = s.typing.field(fieldText, tr.T(translations.ReceptionOrganisation), s.oldOrg, clear)
	s.visiting = s.typing.field(fieldText, tr.T(translations.ReceptionVisiting), s.old, clear)
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(40), MM(14)), changed: func() { s.message.SetText("") }}
	s.next = NewTarget(tr.T(translations.ReceptionNext), sizeAdultAnswer, AgreeFill, s.onNext)
	s.cancel = newAdultTarget(tr.T(translations.ReceptionCancel), sizeAdultAnswer, s.k.showStart)
	s.next.TextSize = s.cancel.TextSize
	form := container.NewVBox(
		settingLabel(tr.T(translations.ReceptionVisitorName)), s.name,
		settingLabel(tr.T(translations.ReceptionOrganisation)), s.org,
		settingLabel(tr.T(translations.ReceptionVisiting)), s.visiting,
		s.choose.row(tr.T(translations.ReceptionVisitorKind), []string{record.SignatoryVisitor, record.SignatoryVolunteer},
			visitorKindWords, s.kind, 2, func(v string) { s.kind = v }),
	)
	bottom := container.NewBorder(nil, nil, s.cancel, s.next, s.message)
	return s.typing.over(page(heading(tr.T(translations.ReceptionVisitorTitle)), vscroll(container.NewCenter(column(widthPupilText, form))), bottom))
}

func (s *visitorIn) onNext() {
	name, org, visiting := tidy(s.name.Text()), tidy(s.org.Text()), tidy(s.visiting.Text())
	if name == "" || org == "" || visiting == "" || s.kind == "" {
		s.message.SetText(s.k.Tr.T(translations.ReceptionVisitorMissing))
		return
	}
	s.typing.close()
	k := s.k
	d := &declaring{kind: s.kind, ref: record.NewID(), name: name, read: true, form: s.form, started: k.Now(), exit: k.showStart,
		visit: &record.VisitDetails{Organisation: org, Visiting: visiting}}
	v, found, err := k.Reception.FindVisitor(k.ctx, name, s.form.ID, k.Pack.Version, store.SchoolYearStart(k.Now()))
	if err != nil || !found {
		k.nav.Show(newFormReader(k, d))
		return
	}
	d.ref, d.read, d.name = v.Ref, false, v.Name // as the visitor book has it
	k.nav.Show(newWelcomeBack(k, d, v))
}

func (s *visitorIn) targets() []*Target {
	return append(append([]*Target{}, s.choose.all...), s.next, s.cancel)
}

// welcomeBack greets a visitor who read this version this school year:
// they sign for today, or read it again if they want to.
type welcomeBack struct {
	k           *Kiosk
	d           *declaring
	v           store.Visitor
	sign, again *Target
	cancel      *Target
}

func newWelcomeBack(k *Kiosk, d *declaring, v store.Visitor) *welcomeBack {
	return &welcomeBack{k: k, d: d, v: v}
}

func (s *welcomeBack) receptionScreen() {}
func (s *welcomeBack) onIdle()          { s.k.showStart() }

func (s *welcomeBack) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.sign = NewTarget(tr.T(translations.ReceptionSignIn), fyne.NewSize(MM(80), MM(20)), AgreeFill, func() {
		s.d.read = false
		s.k.nav.Show(newDeclare(s.k, s.d, s))
	})
	s.again = newAdultTarget(tr.T(translations.ReceptionReadAgain), sizeAdultAnswer, func() {
		s.d.read = true
		s.k.nav.Show(newFormReader(s.k, s.d))
	})
	s.cancel = newAdultTarget(tr.T(translations.ReceptionCancel), sizeAdultAnswer, s.k.showStart)
	when := s.v.ReadAt.In(s.k.Now().Location()).Format("2 January 2006")
	body := container.NewVBox(heading(tr.T(translations.ReceptionVisitorTitle)),
		sentence(tr.T(translations.ReceptionWelcomeBack, map[string]any{"Name": s.d.name, "Date": when})))
	return page(nil, container.NewCenter(column(widthPupilText, body)),
		container.NewHBox(s.cancel, layout.NewSpacer(), s.again, s.sign))
}

func (s *welcomeBack) targets() []*Target { return []*Target{s.sign, s.again, s.cancel} }

// about is the pack's version, review dates and contacts, and the forms
// signed here: for adults and visitors, from the start screen.
type about struct {
	k    *Kiosk
	back *Target
	exit func()
}

func newAbout(k *Kiosk, exit func()) *about { return &about{k: k, exit: exit} }

func (s *about) receptionScreen() {}
func (s *about) onIdle()          { s.exit() }

func (s *about) buildUI() fyne.CanvasObject {
	tr, p, lang := s.k.Tr, s.k.Pack, policy.DefaultLang
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.exit)
	body := container.NewVBox(
		leading(tr.T(translations.AboutVersion, map[string]any{"Title": p.Title.In(lang), "Version": p.Version})),
		leading(tr.T(translations.AboutReviewed, map[string]any{"Reviewed": longDate(p.Reviewed), "Next": longDate(p.NextReview)})),
	)
	if len(p.School.Contacts) > 0 {
		h := heading(tr.T(translations.AboutContacts))
		h.Alignment = fyne.TextAlignLeading
		body.Add(h)
		for _, c := range p.School.Contacts {
			l := leading(c.Role + ": " + c.How)
			body.Add(l)
		}
	}
	h := heading(tr.T(translations.AboutForms))
	h.Alignment = fyne.TextAlignLeading
	body.Add(h)
	for _, f := range p.Forms {
		body.Add(leading("• " + f.Title.In(lang)))
	}
	top := container.NewVBox(heading(tr.T(translations.AboutTitle)), heading(p.School.Name))
	return page(top, vscroll(column(widthPupilText, body)), container.NewHBox(s.back))
}

func (s *about) targets() []*Target { return []*Target{s.back} }

// longDate writes a pack's YYYY-MM-DD date as "1 September 2025"; a date
// it cannot read is shown as it is.
func longDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

var tabletWords = map[string]*translations.Message{
	signoff.TabletClassroom: translations.TabletClassroom, signoff.TabletReception: translations.TabletReception,
	signoff.TabletBoth: translations.TabletBoth,
}

// tabletSettings is where an admin chooses what the start screen offers.
type tabletSettings struct {
	k       *Kiosk
	mode    string
	choose  *chooser
	message *widget.Label
	back    *Target
}

func newTabletSettings(k *Kiosk) *tabletSettings { return &tabletSettings{k: k, mode: k.tabletMode()} }

func (s *tabletSettings) adultOnly() {}

func (s *tabletSettings) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.message = note("")
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showHome)
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(60), MM(16))}
	row := s.choose.row(tr.T(translations.TabletPrompt), signoff.TabletModes, tabletWords, s.mode, 3, s.set)
	return page(container.NewBorder(nil, nil, s.back, nil, heading(tr.T(translations.TabletTitle))),
		container.NewCenter(column(widthPupilText, container.NewVBox(row, s.message))), nil)
}

func (s *tabletSettings) set(mode string) {
	tr := s.k.Tr
	if err := s.k.Reception.SetSetting(s.k.ctx, signoff.SettingTabletMode, []byte(mode)); err != nil {
		s.message.SetText(tr.T(translations.TabletFailed))
		return
	}
	s.mode = mode
	_ = s.k.Adults.Audit(s.k.ctx, s.k.adultID(), store.AuditTabletMode, mode)
	s.message.SetText(tr.T(translations.TabletSaved))
}

func (s *tabletSettings) targets() []*Target {
	return append(append([]*Target{}, s.choose.all...), s.back)
}

// staffReminder is the adult home's line for a member of staff who has
// not signed the current staff policy, with the way to sign it there; nil
// when they have (or the pack has no staff form).
func (s *home) staffReminder() (fyne.CanvasObject, *Target) {
	k := s.k
	f, ok := k.Pack.FormOfKind(policy.KindStaff)
	if !ok || k.Reception == nil || k.adult == nil {
		return nil, nil
	}
	if _, signed, err := k.Reception.StaffSigned(k.ctx, k.adult.ID, f.ID, k.Pack.Version); err != nil || signed {
		return nil, nil
	}
	line := note(k.Tr.T(translations.StaffReminder, map[string]any{"Version": k.Pack.Version}))
	line.TextStyle.Bold = true
	adult := *k.adult
	t := newAdultTarget(k.Tr.T(translations.StaffReminderSign), sizeAdultAnswer, func() {
		k.nav.Show(newFormReader(k, &declaring{kind: record.SignatoryStaff, ref: record.StaffRef(adult.ID), name: adult.Name,
			form: f, read: true, started: k.Now(), exit: k.showHome}))
	})
	return container.NewBorder(nil, nil, nil, t, line), t
}

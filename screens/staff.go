package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/translations"
)

var roleWords = map[string]*translations.Message{
	store.RoleTA: translations.RoleTA, store.RoleTeacher: translations.RoleTeacher, store.RoleAdmin: translations.RoleAdmin,
}

// staffList shows the kiosk's adults to an admin, who can add one, give
// one a new PIN, or deactivate one.
type staffList struct {
	k       *Kiosk
	all     []*Target
	add     *Target
	back    *Target
	message *widget.Label
}

func newStaffList(k *Kiosk) *staffList { return &staffList{k: k} }

func (s *staffList) adultOnly() {}

func (s *staffList) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	s.all = nil
	s.message = note("")
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, k.showHome)
	s.add = NewTarget(tr.T(translations.StaffAdd), sizeSmall.AddWidthHeight(MM(10), 0), AgreeFill, func() { k.nav.Show(newStaffEditor(k, nil)) })
	list, err := k.Adults.StaffList(k.ctx)
	if err != nil {
		return page(container.NewHBox(s.back), note(tr.T(translations.HomeLoadFailed)), nil)
	}
	box := container.NewVBox()
	for _, st := range list {
		what := map[string]any{"Name": st.Name, "Role": tr.T(roleWords[st.Role])}
		if !st.Active {
			box.Add(widget.NewLabel(tr.T(translations.StaffInactive, what)))
			continue
		}
		pin := newAdultTarget(tr.T(translations.StaffNewPIN), fyne.NewSize(MM(32), MM(12)), func() { k.nav.Show(newStaffEditor(k, &st)) })
		off := newAdultTarget(tr.T(translations.StaffDeactivate), fyne.NewSize(MM(32), MM(12)), func() { s.onDeactivate(st.ID) })
		s.all = append(s.all, pin, off)
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(pin, off), widget.NewLabel(tr.T(translations.StaffLine, what))))
	}
	top := container.NewBorder(nil, nil, s.back, s.add, heading(tr.T(translations.StaffTitle)))
	return page(top, vscroll(box), s.message)
}

func (s *staffList) onDeactivate(id int64) {
	err := s.k.Adults.DeactivateStaff(s.k.ctx, s.k.adultID(), id)
	switch {
	case err == nil:
		s.k.nav.Show(s)
	case errors.Is(err, store.ErrLastAdmin):
		s.message.SetText(s.k.Tr.T(translations.StaffLastAdmin))
	default:
		s.message.SetText(s.k.Tr.T(translations.StaffFailed))
	}
}

func (s *staffList) targets() []*Target { return append(append([]*Target{s.add}, s.all...), s.back) }

// staffEditor adds an adult (who is nil) or gives one a new PIN, typed on
// the on-screen keyboard.
type staffEditor struct {
	k          *Kiosk
	who        *store.Staff
	name, role string
	pin, again string
	choose     *chooser
	typing     *typing
	message    *widget.Label
	save, back *Target
}

func newStaffEditor(k *Kiosk, who *store.Staff) *staffEditor {
	return &staffEditor{k: k, who: who, role: store.RoleTA}
}

func (s *staffEditor) adultOnly() {}

func (s *staffEditor) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(36), MM(11))}
	s.typing = newTyping(s.k)
	s.message = note("")
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { s.k.nav.Show(newStaffList(s.k)) })
	s.save = NewTarget(tr.T(translations.StaffSave), sizeSmall, AgreeFill, s.onSave)
	field := func(kind fieldKind, label string, v *string) fyne.CanvasObject {
		return container.NewVBox(settingLabel(label), s.typing.field(kind, label, *v, func(t string) { *v = t }))
	}
	form := container.NewVBox()
	title := tr.T(translations.StaffAdd)
	if s.who == nil {
		form.Add(field(fieldName, tr.T(translations.StaffName), &s.name))
		form.Add(s.choose.row(tr.T(translations.StaffRole), store.Roles, roleWords, s.role, 3, func(v string) { s.role = v }))
	} else {
		title = tr.T(translations.StaffNewPIN) + ": " + s.who.Name
	}
	form.Add(field(fieldDigits, tr.T(translations.StaffPIN, map[string]any{"Min": store.MinPINDigits}), &s.pin))
	form.Add(field(fieldDigits, tr.T(translations.StaffPINAgain), &s.again))
	return s.typing.over(page(heading(title), vscroll(form), container.NewBorder(nil, nil, s.back, s.save, s.message)))
}

func (s *staffEditor) typist() *typing { return s.typing }

func (s *staffEditor) onSave() {
	tr, k := s.k.Tr, s.k
	s.typing.close()
	if s.pin != s.again {
		s.message.SetText(tr.T(translations.StaffMismatch))
		return
	}
	var err error
	if s.who == nil {
		_, err = k.Adults.AddStaff(k.ctx, k.adultID(), strings.TrimSpace(s.name), s.role, s.pin)
	} else {
		err = k.Adults.SetPIN(k.ctx, k.adultID(), s.who.ID, s.pin)
	}
	switch {
	case err == nil:
		k.nav.Show(newStaffList(k))
	case errors.Is(err, store.ErrBadPIN):
		s.message.SetText(tr.T(translations.StaffBadPIN, map[string]any{"Min": store.MinPINDigits}))
	case errors.Is(err, store.ErrPINInUse):
		s.message.SetText(tr.T(translations.StaffPINInUse))
	case errors.Is(err, store.ErrNameRequired):
		s.message.SetText(tr.T(translations.StaffNeedName))
	default:
		s.message.SetText(tr.T(translations.StaffFailed))
	}
}

func (s *staffEditor) targets() []*Target {
	return append(append([]*Target{}, s.choose.all...), s.save, s.back)
}

// auditView shows the newest audit entries and whether the chain holds.
type auditView struct {
	k    *Kiosk
	back *Target
}

func newAuditView(k *Kiosk) *auditView { return &auditView{k: k} }

func (s *auditView) adultOnly() {}

func (s *auditView) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, k.showHome)
	entries, err := k.Adults.AuditLog(k.ctx, 200)
	if err != nil {
		return page(container.NewHBox(s.back), note(tr.T(translations.HomeLoadFailed)), nil)
	}
	names := map[int64]string{}
	if list, err := k.Adults.StaffList(k.ctx); err == nil {
		for _, st := range list {
			names[st.ID] = st.Name
		}
	}
	var lines []string
	for _, e := range entries {
		who := tr.T(translations.AuditNoOne)
		if e.StaffID != 0 {
			who = names[e.StaffID]
		}
		lines = append(lines, tr.T(translations.AuditLine, map[string]any{
			"When": e.At.Local().Format("2 Jan 15:04:05"), "Who": who, "Action": e.Action, "Detail": e.Detail}))
	}
	log := widget.NewLabel(strings.Join(lines, "\n"))
	top := container.NewBorder(nil, nil, s.back, nil, heading(tr.T(translations.AuditTitle)))
	return page(top, vscroll(log), note(s.chainState()))
}

func (s *auditView) chainState() string {
	bad, err := s.k.Adults.VerifyAuditLog(s.k.ctx)
	if err != nil {
		return s.k.Tr.T(translations.HomeLoadFailed)
	}
	if len(bad) == 0 {
		return s.k.Tr.T(translations.AuditIntact)
	}
	return s.k.Tr.T(translations.AuditBroken, map[string]any{"Problems": strings.Join(bad, "; ")})
}

func (s *auditView) targets() []*Target { return []*Target{s.back} }

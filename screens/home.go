package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/hub/client"
	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// home is the adult area's first screen: the classes with how many have
// signed, the sync queue, and (for admins) the roster, staff and audit log.
type home struct {
	k        *Kiosk
	classes  []*Target
	tools    []*Target
	remind   *Target // sign the staff policy, while the adult has not
	export   *Target // teachers and admins only
	sync     *Target
	syncLine *widget.Label // records waiting, last synced
	syncFail *widget.Label // why the last sync failed, if it did
	syncBox  *fyne.Container
}

func newHome(k *Kiosk) *home { return &home{k: k} }

func (s *home) adultOnly() {}

func (s *home) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	s.classes, s.tools = nil, nil
	lock := newAdultTarget(tr.T(translations.AdultLock), sizeAdultAnswer, func() { k.lock("locked") })
	tool := sizeAdultAnswer
	if k.adult.IsAdmin() {
		s.tools = append(s.tools,
			newAdultTarget(tr.T(translations.AdultRoster), tool, func() { k.nav.Show(newRosterImport(k)) }),
			newAdultTarget(tr.T(translations.AdultStaff), tool, func() { k.nav.Show(newStaffList(k)) }),
			newAdultTarget(tr.T(translations.AdultAudit), tool, func() { k.nav.Show(newAuditView(k)) }))
		if k.Reception != nil {
			s.tools = append(s.tools, newAdultTarget(tr.T(translations.AdultTablet), tool, func() { k.nav.Show(newTabletSettings(k)) }))
		}
	}
	s.tools = append(s.tools, newAdultTarget(tr.T(translations.AdultClose), tool, k.RequestClose), lock)
	if len(s.tools) > 5 { // an admin's five in the row (Lock is in the corner) fit the reference tablet's width
		for _, t := range s.tools[:len(s.tools)-1] {
			t.min = fyne.NewSize(MM(40), tool.Height)
		}
	}
	corner := fyne.CanvasObject(lock)
	s.export = nil
	if mayExport(k.adult) {
		s.export = newAdultTarget(tr.T(translations.AdultExport), sizeAdultAnswer, func() { k.nav.Show(newExportPage(k)) })
		corner = container.NewHBox(s.export, lock)
	}
	lines := container.NewVBox(heading(k.Pack.School.Name), note(tr.T(translations.AdultSignedIn, map[string]any{"Name": k.adult.Name})))
	if k.Notice != "" { // the pack in use is not the one it should be: the adults must know
		n := note(k.Notice)
		n.Importance = widget.DangerImportance
		lines.Add(n)
	}
	top := fyne.CanvasObject(container.NewBorder(nil, nil, nil, corner, lines))
	s.remind = nil
	if line, t := s.staffReminder(); line != nil {
		top = container.NewVBox(top, line)
		s.remind = t
	}
	bottom := container.NewVBox(s.syncArea(), container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, objects(s.tools[:len(s.tools)-1])...)...))
	names, err := k.Roster.Classes(k.ctx)
	switch {
	case err != nil:
		return page(top, note(tr.T(translations.HomeLoadFailed)), bottom)
	case len(names) == 0:
		return page(top, note(tr.T(translations.HomeNoPupils)), bottom)
	}
	for _, name := range names {
		s.classes = append(s.classes, newAdultTarget(s.classLine(name), sizePupilTarget, func() { k.nav.Show(newPupils(k, name)) }))
	}
	body := container.NewVBox(note(tr.T(translations.HomeChooseClass)), grid(3, s.classes...))
	return page(top, vscroll(body), bottom)
}

// classLine is a class's name and how many of its pupils have signed.
func (s *home) classLine(class string) string {
	list, err := s.k.Roster.ClassStatus(s.k.ctx, s.k.statusQuery(class))
	if err != nil {
		return class
	}
	signed := 0
	for _, st := range list {
		if st.State == store.StateSigned {
			signed++
		}
	}
	return s.k.Tr.T(translations.AdultClassLine, map[string]any{"Class": class, "Signed": signed, "Total": len(list)})
}

// syncArea is the sync line, why the last sync failed, and the way to the
// Sync page: always on the adult home, so the waiting records are never
// forgotten.
func (s *home) syncArea() fyne.CanvasObject {
	k := s.k
	s.sync = newAdultTarget(k.Tr.T(translations.AdultSync), sizeAdultAnswer, func() { k.nav.Show(newSyncPage(k)) })
	s.syncLine, s.syncFail, s.syncBox = note(""), note(""), nil
	s.syncLine.Alignment, s.syncFail.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading
	s.syncFail.Importance = widget.DangerImportance
	if k.Sync == nil {
		s.showLines(s.waiting(), k.Tr.T(translations.SyncNotSetUp), false)
	} else {
		s.syncChanged(k.Sync.Snapshot(k.ctx))
	}
	s.syncBox = container.NewVBox(s.syncLine, s.syncFail)
	return container.NewBorder(nil, nil, nil, s.sync, s.syncBox)
}

func (s *home) syncChanged(snap client.Snapshot, err error) {
	if err != nil {
		s.showLines(s.waiting(), s.k.Tr.T(translations.SyncUnreadable), true)
		return
	}
	s.showLines(s.k.syncLine(snap), s.k.failure(snap), true)
}

// showLines sets the sync line and the sentence under it (hidden when empty).
func (s *home) showLines(line, why string, danger bool) {
	s.syncLine.SetText(line)
	s.syncFail.Importance = widget.MediumImportance
	if danger {
		s.syncFail.Importance = widget.DangerImportance
	}
	showText(s.syncFail, why)
	if s.syncBox != nil { // not yet on first build
		s.syncBox.Refresh()
	}
}

// waiting counts the records on the tablet when the sync cannot say.
func (s *home) waiting() string {
	n, err := s.k.Adults.Unsynced(s.k.ctx)
	if err != nil {
		return ""
	}
	return s.k.Tr.T(translations.AdultWaiting, map[string]any{"Count": n})
}

func (s *home) targets() []*Target {
	out := append(append([]*Target{}, s.classes...), s.sync)

	if s.export != nil {
		out = append(out, s.export)
	}
	out = append(out, s.tools...)
	if s.remind != nil { // last, so the classes keep their places in the scan order
		out = append(out, s.remind)
	}
	return out
}

// statusQuery asks about class for the pack now in use.
func (k *Kiosk) statusQuery(class string) store.StatusQuery {
	q := store.StatusQuery{Class: class, Version: k.Pack.Version}
	if f, ok := k.Pack.FormOfKind(policy.KindParent); ok {
		q.ParentForm = f.ID
	}
	return q
}

// objects turns targets into canvas objects for a container.
func objects(ts []*Target) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(ts))
	for i, t := range ts {
		out[i] = t
	}
	return out
}

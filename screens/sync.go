package screens

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/hub/client"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// syncPage shows any adult how the hub sync stands: the sync line, why it
// failed, the records the hub refused, and "Sync now" and the offline
// bundle; an admin can also connect the tablet to a hub from here.
type syncPage struct {
	k        *Kiosk
	message  string // the last action's result, kept across rebuilds
	status   *widget.Label
	why      *widget.Label
	details  *widget.Label
	rejected *widget.Label
	result   *widget.Label
	box      *fyne.Container
	now      *Target
	bundle   *Target
	connect  *Target
	back     *Target
}

func newSyncPage(k *Kiosk) *syncPage { return &syncPage{k: k} }

func (s *syncPage) adultOnly() {}

func (s *syncPage) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, k.showHome)
	s.now, s.bundle, s.connect, s.box = nil, nil, nil, nil
	top := container.NewBorder(nil, nil, s.back, nil, heading(tr.T(translations.SyncTitle)))
	if k.Sync == nil {
		return page(top, note(tr.T(translations.SyncNotSetUp)), nil)
	}
	s.now = newAdultTarget(tr.T(translations.SyncNow), fyne.NewSize(MM(40), MM(20)), s.onSyncNow)
	s.now.Fill = AgreeFill
	s.bundle = newAdultTarget(tr.T(translations.SyncBundle), fyne.NewSize(MM(70), MM(20)), s.onBundle)
	buttons := []fyne.CanvasObject{s.now, s.bundle}
	if k.adult != nil && k.adult.IsAdmin() {
		s.connect = newAdultTarget(tr.T(translations.SyncConnect), fyne.NewSize(MM(60), MM(20)), func() { k.nav.Show(newEnrolForm(k)) })
		buttons = append(buttons, s.connect)
	}
	s.status, s.why, s.details, s.rejected, s.result = leading(""), leading(""), leading(""), leading(""), leading(s.message)
	s.status.TextStyle.Bold = true
	s.why.Importance = widget.DangerImportance
	showText(s.result, s.message)
	s.syncChanged(k.Sync.Snapshot(k.ctx))
	s.box = container.NewVBox(s.status, s.why, s.details, section(tr.T(translations.SyncRejected)), s.rejected, s.result)
	return page(top, vscroll(s.box), container.NewHBox(buttons...))
}

// leading is adult-size text aligned to the left, for lists and details.
func leading(text string) *widget.Label {
	l := note(text)
	l.Alignment = fyne.TextAlignLeading
	return l
}

// showText sets a label's text, hiding the label while it has none so it
// leaves no gap.
func showText(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// section is a small bold heading inside a page.
func section(text string) *widget.Label {
	l := leading(text)
	l.TextStyle.Bold = true
	return l
}

func (s *syncPage) syncChanged(snap client.Snapshot, err error) {
	tr, k := s.k.Tr, s.k
	if err != nil {
		s.status.SetText(tr.T(translations.SyncUnreadable))
		showText(s.why, "")
		showText(s.details, "")
	} else {
		s.status.SetText(k.syncLine(snap))
		showText(s.why, k.failure(snap))
		showText(s.details, strings.Join(s.detailLines(snap), "\n"))
	}
	s.rejected.SetText(s.rejectedList())
	if s.box != nil {
		s.box.Refresh()
	}
}

// detailLines are what the IT manager may ask for: the hub, the last try,
// the tablet's id, and the hub's own words about the failure.
func (s *syncPage) detailLines(snap client.Snapshot) []string {
	tr, k := s.k.Tr, s.k
	var lines []string
	switch l := snap.Link; {
	case l == nil:
		lines = append(lines, tr.T(translations.SyncNotConnected))
	case l.SchoolName != "":
		lines = append(lines, tr.T(translations.SyncConnectedTo, map[string]any{"School": l.SchoolName, "URL": l.URL}))
	default:
		lines = append(lines, tr.T(translations.SyncConnected, map[string]any{"URL": l.URL}))
	}
	if !snap.Status.LastAttempt.IsZero() {
		lines = append(lines, tr.T(translations.SyncLastTried, map[string]any{"When": k.when(snap.Status.LastAttempt)}))
	}
	if snap.Link != nil && snap.Link.DeviceID != "" {
		lines = append(lines, tr.T(translations.SyncDevice, map[string]any{"ID": snap.Link.DeviceID}))
	}
	if f := snap.Status.Failure; snap.Status.Detail != "" && (f == client.FailServer || f == client.FailRejected) {
		lines = append(lines, tr.T(translations.SyncHubSaid, map[string]any{"Detail": snap.Status.Detail}))
	}
	return lines
}

// rejectedList lists the records the hub refused, with the pupil's name
// (this is the adult area) and the hub's reason.
func (s *syncPage) rejectedList() string {
	tr, k := s.k.Tr, s.k
	list, err := k.Adults.Rejected(k.ctx)
	switch {
	case err != nil:
		return tr.T(translations.HomeLoadFailed)
	case len(list) == 0:
		return tr.T(translations.SyncNoRejected)
	}
	lines := []string{tr.T(translations.SyncRejectedHelp)}
	for _, r := range list {
		lines = append(lines, s.rejectedLine(r))
	}
	return strings.Join(lines, "\n")
}

func (s *syncPage) rejectedLine(r store.RejectedRecord) string {
	tr, k := s.k.Tr, s.k
	name, class := tr.T(translations.SyncUnknownPupil, map[string]any{"ID": r.PupilID}), ""
	if p, err := k.Roster.Pupil(k.ctx, r.PupilID); err == nil {
		name, class = p.Name(), p.Class
	}
	form := r.Form
	if f, ok := k.Pack.FormByID(r.Form); ok {
		form = f.Title.In(tr.Lang)
	}
	state := tr.T(translations.SyncInvalid)
	if r.State == signoff.OutboxConflict {
		state = tr.T(translations.SyncConflict)
	}
	return tr.T(translations.SyncRejectedLine, map[string]any{"Date": r.SignedAt.In(k.Now().Location()).Format("2 Jan 2006"),
		"Name": name, "Class": class, "Form": form, "State": state, "Reason": r.Reason})
}

func (s *syncPage) onSyncNow() {
	s.k.Sync.SyncNow()
	s.say(s.k.Tr.T(translations.SyncStarted))
}

// onBundle asks for a folder and writes the waiting records there, off the
// UI goroutine (a USB stick can be slow).
func (s *syncPage) onBundle() {
	k := s.k
	k.pickFolder(s, func(dir string, err error) {
		if err != nil {
			s.say(k.Tr.T(translations.SyncBundleFailed))
			return
		}
		s.say(k.Tr.T(translations.SyncBundleSaving))
		k.spawn(func() {
			res, err := k.Sync.ExportBundle(k.ctx, dir)
			fyne.Do(func() { s.bundleSaved(res, err) })
		})
	})
}

func (s *syncPage) bundleSaved(res client.BundleResult, err error) {
	tr, k := s.k.Tr, s.k
	switch {
	case err != nil:
		s.say(tr.T(translations.SyncBundleFailed))
	case res.Records == 0:
		s.say(tr.T(translations.SyncBundleEmpty))
	default:
		_ = k.Adults.Audit(k.ctx, k.adultID(), store.AuditExported, fmt.Sprintf("offline bundle of %d records", res.Records))
		s.say(tr.T(translations.SyncBundleDone, map[string]any{"Count": res.Records, "File": filepath.Base(res.Path)}))
	}
}

// say shows the result of the last action under the list.
func (s *syncPage) say(text string) {
	s.message = text
	if s.result != nil {
		showText(s.result, text)
	}
	if s.box != nil {
		s.box.Refresh()
	}
}

func (s *syncPage) targets() []*Target {
	var out []*Target
	for _, t := range []*Target{s.now, s.bundle, s.connect, s.back} {
		if t != nil {
			out = append(out, t)
		}
	}
	return out
}

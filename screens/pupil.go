package screens

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// pupilPage is one pupil in the adult area: status, the sign-off to start
// or continue, the parent/carer form, band and access settings, and the
// records with their corrections and voids.
type pupilPage struct {
	k       *Kiosk
	id      int64
	st      store.PupilStatus
	all     []*Target
	back    *Target
	message *widget.Label
}

func newPupilPage(k *Kiosk, id int64) *pupilPage { return &pupilPage{k: k, id: id} }

func (s *pupilPage) adultOnly() {}

func (s *pupilPage) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	k.nav.Access = adultAccess
	s.all = nil
	s.message = note("")
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, k.showHome)
	var err error
	if s.st, err = k.Roster.PupilStatus(k.ctx, s.id, k.statusQuery("")); err != nil {
		return page(container.NewHBox(s.back), note(tr.T(translations.HomeLoadFailed)), nil)
	}
	p := s.st.Pupil
	s.back.OnSelect = func() { k.nav.Show(newPupils(k, p.Class)) }
	bandLine := tr.T(translations.PupilNoForm)
	if band, ok := k.Pack.Band(p.Band); ok {
		bandLine = tr.T(translations.PupilBand, map[string]any{"Title": band.Title.In(p.Language), "Alias": band.Alias})
	} else if len(k.Pack.Bands) > 0 {
		bandLine = tr.T(translations.PupilNoBand)
	}
	info := container.NewVBox(
		heading(tr.T(translations.PupilTitle, map[string]any{"Name": p.Name(), "Class": p.Class})),
		note(bandLine+" · "+k.statusLine(s.st)),
	)
	body := container.NewVBox(s.actions(), s.bands(), widget.NewSeparator(), settingLabel(tr.T(translations.PupilHistory)), s.history(), s.message)
	return page(container.NewBorder(nil, nil, s.back, nil, info), vscroll(body), nil)
}

func (s *pupilPage) add(text string, fn func()) *Target {
	t := newAdultTarget(text, sizeAdultAnswer, fn)
	s.all = append(s.all, t)
	return t
}

func (s *pupilPage) actions() fyne.CanvasObject {
	tr := s.k.Tr
	var row []*Target
	if s.st.DraftID != "" {
		row = append(row, s.add(tr.T(translations.PupilContinue), s.onContinue), s.add(tr.T(translations.PupilDiscard), s.onDiscard))
	} else {
		row = append(row, s.add(tr.T(translations.PupilStart), s.onStart))
	}
	row[0].Fill = AgreeFill
	if _, ok := s.k.Pack.FormOfKind(policy.KindParent); ok {
		row = append(row, s.add(tr.T(translations.PupilParent), func() { s.k.nav.Show(newParentForm(s.k, s.st.Pupil)) }))
	}
	row = append(row, s.add(tr.T(translations.PupilSettings), s.onSettings))
	return container.NewGridWithColumns(4, objects(row)...)
}

// bands offers the pack's bands by their neutral titles and the school's
// aliases, up to three a row; nothing when the pack has none.
func (s *pupilPage) bands() fyne.CanvasObject {
	if len(s.k.Pack.Bands) == 0 {
		return container.NewVBox()
	}
	g := container.NewGridWithColumns(min(len(s.k.Pack.Bands), 3))
	for _, b := range s.k.Pack.Bands {
		t := s.add(b.Title.In(s.st.Pupil.Language)+" ("+b.Alias+")", func() { s.onBand(b.ID) })
		if b.ID == s.st.Pupil.Band {
			t.Fill = AgreeFill
		}
		g.Add(t)
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(2), settingLabel(s.k.Tr.T(translations.PupilSetBand)), g)
}

// history lists the pupil's records newest first; the newest of each line
// (not a void) can be corrected or voided.
func (s *pupilPage) history() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	recs, err := k.Signer.RecordsForPupil(k.ctx, s.id)
	if err != nil {
		return note(tr.T(translations.HomeLoadFailed))
	}
	if len(recs) == 0 {
		return note(tr.T(translations.PupilNoRecords))
	}
	superseded := map[string]bool{}
	for _, r := range recs {
		superseded[r.Body.Supersedes] = true
	}
	box := container.NewVBox()
	for _, r := range slices.Backward(recs) {
		line := widget.NewLabel(k.recordLine(r, superseded[r.Body.ID]))
		line.Wrapping = fyne.TextWrapWord
		if superseded[r.Body.ID] || r.Body.Kind == record.KindVoid {
			box.Add(line)
			continue
		}
		fix := newAdultTarget(tr.T(translations.PupilCorrect), fyne.NewSize(MM(24), MM(11)), func() { k.nav.Show(newCorrection(k, r, false)) })
		void := newAdultTarget(tr.T(translations.PupilVoid), fyne.NewSize(MM(24), MM(11)), func() { k.nav.Show(newCorrection(k, r, true)) })
		s.all = append(s.all, fix, void)
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(fix, void), line))
	}
	return box
}

// recordLine describes one record for an adult.
func (k *Kiosk) recordLine(r store.SavedRecord, superseded bool) string {
	tr, b := k.Tr, r.Body
	kind := map[string]*translations.Message{record.KindAgreement: translations.KindAgreement,
		record.KindCorrection: translations.KindCorrection, record.KindVoid: translations.KindVoid}[b.Kind]
	if b.Parent != nil && b.Kind == record.KindAgreement {
		kind = translations.KindParentAck
	}
	form := b.Form
	if f, ok := k.Pack.FormByID(b.Form); ok {
		form = f.Title.In(r.Pupil.Language)
	}
	extra := ""
	if n := len(b.FollowUps()); n > 0 && b.Kind != record.KindVoid {
		extra = ", " + tr.T(translations.StatusFollowUp, map[string]any{"Count": n})
	}
	if superseded {
		extra += tr.T(translations.PupilSuperseded)
	}
	return tr.T(translations.PupilRecordLine, map[string]any{
		"Date": b.SignedAt.Local().Format("2 Jan 2006 15:04"), "Form": form, "Version": b.Pack.Version,
		"Kind": tr.T(kind), "Adult": r.Adult.Name, "Extra": extra,
	})
}

func (s *pupilPage) onStart() {
	if _, ok := s.k.Pack.PupilForm(s.st.Pupil.Band); !ok {
		msg := translations.PupilNoBand
		if len(s.k.Pack.Bands) == 0 {
			msg = translations.PupilNoForm
		}
		s.message.SetText(s.k.Tr.T(msg))
		return
	}
	so, err := newSignOff(s.k, s.st.Pupil)
	if err != nil {
		s.message.SetText(s.k.Tr.T(translations.HomeLoadFailed))
		return
	}
	s.k.beginSignOff(newWelcome(s.k, so))
}

func (s *pupilPage) onContinue() {
	drafts, err := s.k.Signer.PupilDrafts(s.k.ctx, s.id)
	if err != nil || len(drafts) == 0 {
		s.message.SetText(s.k.Tr.T(translations.HomeLoadFailed))
		return
	}
	so, err := resumeSignOff(s.k, s.st.Pupil, drafts[0])
	if err != nil {
		s.message.SetText(s.k.Tr.T(translations.PupilCantResume))
		return
	}
	s.k.beginSignOff(so.resumeAt(s.k))
}

func (s *pupilPage) onDiscard() {
	if err := s.k.Signer.DeleteDraft(s.k.ctx, s.st.DraftID); err != nil {
		s.message.SetText(s.k.Tr.T(translations.PupilFailed))
		return
	}
	_ = s.k.Adults.Audit(s.k.ctx, s.k.adultID(), store.AuditDraftDiscarded, fmt.Sprintf("draft %s, pupil %d", s.st.DraftID, s.id))
	s.k.nav.Show(s)
}

func (s *pupilPage) onBand(band string) {
	if err := s.k.Roster.SetBand(s.k.ctx, s.k.adultID(), s.id, band); err != nil {
		s.message.SetText(s.k.Tr.T(translations.PupilFailed))
		return
	}
	s.k.nav.Show(s)
}

func (s *pupilPage) onSettings() {
	so, err := newSignOff(s.k, s.st.Pupil)
	if err != nil {
		return
	}
	s.k.nav.Show(newProfileEditor(s.k, so, s.k.adultID(), func() { s.k.nav.Show(s) }))
}

func (s *pupilPage) targets() []*Target { return append(append([]*Target{}, s.all...), s.back) }

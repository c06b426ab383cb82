package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

var relationshipWords = map[string]*translations.Message{
	"parent": translations.RelParent, "step_parent": translations.RelStepParent, "carer": translations.RelCarer,
	"foster_carer": translations.RelFosterCarer, "guardian": translations.RelGuardian,
	"grandparent": translations.RelGrandparent, "other": translations.RelOther,
}

// parentForm is the parent/carer acknowledgement, its statements verbatim
// from the pack, with the parent's name, relationship and signature. The
// signed-in adult is recorded as the witness. The statements scroll on the
// left; the parent's part stays whole on the right, and choosing in it
// changes nothing else, so nothing moves under the adult's finger.
type parentForm struct {
	k            *Kiosk
	pupil        store.Pupil
	form         *policy.Form
	relationship string
	name         *textField
	choose       *chooser
	typing       *typing
	pad          *signaturePad
	message      *widget.Label
	save, back   *Target
}

func newParentForm(k *Kiosk, p store.Pupil) *parentForm { return &parentForm{k: k, pupil: p} }

func (s *parentForm) adultOnly() {}

func (s *parentForm) buildUI() fyne.CanvasObject {
	tr, lang := s.k.Tr, s.pupil.Language
	s.k.nav.Access = adultAccess
	s.message = note("")
	s.message.Importance = widget.DangerImportance
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { s.k.nav.Show(newPupilPage(s.k, s.pupil.ID)) })
	var ok bool
	if s.form, ok = s.k.Pack.FormOfKind(policy.KindParent); !ok {
		return page(container.NewHBox(s.back), note(tr.T(translations.ParentNoForm)), nil)
	}
	s.choose = &chooser{k: s.k, size: fyne.NewSize(MM(23), MM(10)), changed: func() { s.message.SetText("") }}
	s.typing = newTyping(s.k)
	s.save = NewTarget(tr.T(translations.ParentSave), sizeSmall.AddWidthHeight(MM(35), 0), AgreeFill, s.onSave)
	text := container.NewVBox(leading(s.form.Intro.In(lang)))
	for _, st := range s.form.Steps() {
		l := widget.NewLabel("• " + statementText(s.form, st.ID(), lang))
		l.Wrapping = fyne.TextWrapWord
		text.Add(l)
	}
	old := ""
	if s.name != nil {
		old = s.name.Text()
	}
	s.name = s.typing.field(fieldName, tr.T(translations.ParentName), old, func(string) { s.message.SetText("") })
	if s.pad == nil { // kept across rebuilds, with what the parent drew
		s.pad = newSignaturePad(fyne.NewSize(MM(95), MM(25)))
	}
	s.pad.min = fyne.NewSize(MM(95), MM(25)) // at the window's scale
	s.pad.onChange = func() { s.message.SetText("") }
	who := map[string]any{"Name": s.pupil.Name()}
	signer := container.NewVBox( // the relationship's label names the child, as the paper form's "Child's name"
		s.choose.row(tr.T(translations.ParentRelationship, who), record.Relationships, relationshipWords, s.relationship, 4, func(v string) { s.relationship = v }),
		settingLabel(tr.T(translations.ParentName)), s.name,
		settingLabel(tr.T(translations.ParentSignature)), container.NewCenter(s.pad),
	)
	// The parent's part does not scroll: the whole pad is always in sight.
	body := container.NewGridWithColumns(2, vscroll(text), signer)
	bottom := container.NewBorder(nil, nil, s.back, s.save, s.message)
	return s.typing.over(page(heading(s.form.Title.In(lang)), body, bottom))
}

func (s *parentForm) onSave() {
	tr := s.k.Tr
	name := strings.TrimSpace(s.name.Text())
	if s.relationship == "" || name == "" || s.pad.empty() {
		s.message.SetText(tr.T(translations.ParentIncomplete))
		return
	}
	s.typing.close()
	body := s.body()
	err := s.k.Signer.SaveRecord(s.k.ctx, body, store.Attachment{Kind: record.AttachParentName, MediaType: "text/plain; charset=utf-8", Data: []byte(name)},
		store.Attachment{Kind: record.AttachParentSig, MediaType: "image/png", Data: s.pad.PNG()})
	switch {
	case err == nil:
		s.k.nav.Show(newParentSaved(s.k, s.pupil, tr.T(translations.ParentSavedWhat, map[string]any{
			"Parent": name, "Relationship": strings.ToLower(tr.T(relationshipWords[s.relationship])),
			"Name": s.pupil.Name(), "When": body.SignedAt.In(s.k.Now().Location()).Format("2 January 2006, 15:04"),
			"Witness": s.k.adult.Name})))
	case errors.Is(err, store.ErrDiskFull):
		s.message.SetText(tr.T(translations.CountersignDiskFull))
	default:
		s.message.SetText(tr.T(translations.CountersignSaveFailed))
	}
}

func (s *parentForm) typist() *typing { return s.typing }

func (s *parentForm) body() *record.Body {
	now := s.k.Now()
	band, _ := s.k.Pack.Band(s.pupil.Band)
	var statements []string
	for _, st := range s.form.Steps() {
		statements = append(statements, st.ID())
	}
	return signoff.Acknowledgement(
		signoff.Signing{Pack: packRef(s.k.Pack), Adult: record.AdultRef{StaffID: s.k.adultID(), Role: s.k.adult.Role},
			StartedAt: now, SignedAt: now},
		signoff.Signatory{Ref: s.pupil.UPN, Class: s.pupil.Class, Language: s.pupil.Language},
		signoff.FormRef{ID: s.form.ID, Band: band.ID, BandAlias: band.Alias},
		statements, s.relationship)
}

func (s *parentForm) targets() []*Target {
	if s.choose == nil {
		return []*Target{s.back}
	}
	return append(append([]*Target{}, s.choose.all...), s.save, s.back)
}

// parentSaved confirms what was saved, so the adult can tell the parent.
type parentSaved struct {
	k     *Kiosk
	pupil store.Pupil
	what  string
	done  *Target
}

func newParentSaved(k *Kiosk, p store.Pupil, what string) *parentSaved {
	return &parentSaved{k: k, pupil: p, what: what}
}

func (s *parentSaved) adultOnly() {}

func (s *parentSaved) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.done = newAdultTarget(tr.T(translations.ParentSavedDone, map[string]any{"Name": s.pupil.GivenName}), fyne.NewSize(MM(70), MM(18)),
		func() { s.k.nav.Show(newPupilPage(s.k, s.pupil.ID)) })
	s.done.Fill = AgreeFill
	icon := canvas.NewImageFromResource(s.k.uiSymbol(policy.UICelebrate))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(MM(20), MM(20)))
	body := container.NewVBox(icon, heading(tr.T(translations.ParentSaved)), column(widthPupilText, note(s.what)))
	return page(nil, container.NewCenter(body), row(0, s.done))
}

func (s *parentSaved) targets() []*Target { return []*Target{s.done} }

package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/hub/client"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// enrolForm lets an admin connect the tablet to the school hub with the
// address, the one-time code and (optionally) the certificate fingerprint
// shown on the hub page.
type enrolForm struct {
	k                 *Kiosk
	url, code, finger string
	busy              bool
	typing            *typing
	message           *widget.Label
	connect, back     *Target
}

func newEnrolForm(k *Kiosk) *enrolForm { return &enrolForm{k: k} }

func (s *enrolForm) adultOnly() {}

func (s *enrolForm) buildUI() fyne.CanvasObject {
	tr, k := s.k.Tr, s.k
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, func() { k.nav.Show(newSyncPage(k)) })
	s.connect = nil
	top := container.NewBorder(nil, nil, s.back, nil, heading(tr.T(translations.EnrolTitle)))
	if k.Sync == nil || k.adult == nil || !k.adult.IsAdmin() {
		return page(top, note(tr.T(translations.EnrolAdminOnly)), nil)
	}
	s.connect = NewTarget(tr.T(translations.EnrolConnect), sizeSmall, AgreeFill, s.onConnect)
	s.message = leading("")
	s.typing = newTyping(k)
	field := func(label string, v *string, placeholder string) fyne.CanvasObject {
		f := s.typing.field(fieldText, label, *v, func(t string) { *v = t })
		if placeholder != "" {
			f.placeholder = placeholder
		}
		return container.NewVBox(settingLabel(label), f)
	}
	if s.url == "" {
		s.url = "https://"
	}
	help := leading(tr.T(translations.EnrolFPHelp))
	form := container.NewVBox(leading(tr.T(translations.EnrolIntro)),
		field(tr.T(translations.EnrolURL), &s.url, ""),
		field(tr.T(translations.EnrolCode), &s.code, ""),
		field(tr.T(translations.EnrolFingerprint), &s.finger, ""), help)
	// Padded: the fields' borders would otherwise sit under the scroll's edge.
	return s.typing.over(page(top, vscroll(container.NewPadded(form)), container.NewBorder(nil, nil, nil, s.connect, s.message)))
}

// onConnect enrols off the UI goroutine: the hub may take a while to answer.
func (s *enrolForm) onConnect() {
	tr, k := s.k.Tr, s.k
	url, code, finger := strings.TrimSpace(s.url), strings.TrimSpace(s.code), strings.TrimSpace(s.finger)
	if url == "https://" || url == "http://" {
		url = ""
	}
	s.typing.close()
	switch {
	case s.busy:
		return
	case url == "" || code == "":
		s.say(tr.T(translations.EnrolNeedFields), true)
		return
	}
	s.busy = true
	s.say(tr.T(translations.EnrolConnecting), false)
	k.spawn(func() {
		err := k.Sync.Enrol(k.ctx, url, code, finger)
		fyne.Do(func() { s.enrolled(url, err) })
	})
}

func (s *enrolForm) enrolled(url string, err error) {
	k := s.k
	s.busy = false
	if err != nil {
		s.say(s.enrolError(url, err), true)
		return
	}
	_ = k.Adults.Audit(k.ctx, k.adultID(), store.AuditHubEnrolled, "")
	k.Sync.SyncNow()
	if _, ok := k.nav.Current().(*enrolForm); ok {
		p := newSyncPage(k)
		p.message = k.Tr.T(translations.EnrolDone)
		k.nav.Show(p)
	}
}

// enrolError turns an enrolment failure into a sentence an admin can act on.
func (s *enrolForm) enrolError(url string, err error) string {
	tr := s.k.Tr
	var fail *client.FailureError
	switch {
	case errors.Is(err, signoff.ErrCodeUnknown):
		return tr.T(translations.EnrolCodeUnknown)
	case errors.Is(err, signoff.ErrCodeUsed):
		return tr.T(translations.EnrolCodeUsed)
	case errors.Is(err, signoff.ErrCodeExpired):
		return tr.T(translations.EnrolCodeExpired)
	case errors.As(err, &fail) && fail.Code == client.FailCertificate:
		return tr.T(translations.EnrolCertificate)
	case errors.As(err, &fail) && fail.Code != client.FailNotEnrolled && fail.Code != client.FailRejected:
		return s.k.failureSentence(fail.Code, fail.Detail, url, 0)
	}
	return tr.T(translations.EnrolFailed)
}

// say shows text beside Connect; a problem in the error colour.
func (s *enrolForm) say(text string, problem bool) {
	if s.message == nil {
		return
	}
	s.message.Importance = widget.MediumImportance
	if problem {
		s.message.Importance = widget.DangerImportance
	}
	s.message.SetText(text)
}

func (s *enrolForm) typist() *typing { return s.typing }

func (s *enrolForm) targets() []*Target {
	if s.connect == nil {
		return []*Target{s.back}
	}
	return []*Target{s.connect, s.back}
}

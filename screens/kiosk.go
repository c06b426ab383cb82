// Package screens is the kiosk's Fyne user interface: one file per screen,
// a navigator that shows them, the theme, and switch scanning. It reaches the
// store, the pack and the speaker only through the interfaces declared here.
package screens

import (
	"context"
	"io/fs"
	"time"

	"fyne.io/fyne/v2"

	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// Roster is what the screens read about pupils.
type Roster interface {
	Classes(ctx context.Context) ([]string, error)
	PupilsInClass(ctx context.Context, class string) ([]store.Pupil, error)
	SetProfile(ctx context.Context, pupilID int64, p store.Profile) error
}

// Signer identifies the countersigning adult, keeps sign-offs in progress
// as drafts, and saves finished ones with their attachments (the store adds
// the pupil's and adult's names itself).
type Signer interface {
	CheckPIN(ctx context.Context, pin string) (store.Staff, error)
	SaveRecord(ctx context.Context, body *record.Body, atts ...store.Attachment) error
	SaveDraft(ctx context.Context, d store.Draft) error
}

// Narrator plays narration clips; audio.Player is the real one.
type Narrator interface {
	Play(clip []byte, done func()) error
	Stop()
}

// Deps is everything the screens need, passed in by main.
type Deps struct {
	Pack     *policy.Pack
	PackFS   fs.FS
	Roster   Roster
	Signer   Signer
	Narrator Narrator
	Tr       *translations.Translator
	Now      func() time.Time // defaults to time.Now
}

// Kiosk is the running user interface.
type Kiosk struct {
	Deps
	nav      *Navigator
	ctx      context.Context
	pictures *resources
}

// New builds the kiosk into canvas c and shows the class list.
func New(ctx context.Context, c fyne.Canvas, d Deps) *Kiosk {
	if d.Now == nil {
		d.Now = time.Now
	}
	k := &Kiosk{Deps: d, ctx: ctx, nav: newNavigator(d.Now), pictures: &resources{cache: map[string]fyne.Resource{}}}
	k.nav.speak = func(clip []byte) { k.say(clip) }
	k.nav.attach(c)
	k.showHome()
	return k
}

func (k *Kiosk) showHome() {
	k.nav.Access = adultAccess
	k.nav.Show(newHome(k))
}

// adultAccess is how adults use the kiosk: plain taps and two-switch keys.
var adultAccess = Access{ScanStep: 1500 * time.Millisecond}

// pupilAccess turns a pupil's profile into the navigator's access rules.
func pupilAccess(p store.Profile) Access {
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	return Access{
		TapGuard: ms(p.TapGuardMS), Hold: ms(p.HoldMS), RepeatFilter: ms(p.RepeatFilterMS),
		AutoScan: p.ScanMode == store.ScanAuto, ScanStep: ms(p.ScanStepMS), SpeakHighlight: p.SpeakHighlight,
	}
}

// say plays clips one after another without waiting for them: each next
// clip starts when the one before ends. Stopping or replacing narration
// drops the rest; a silent machine simply stays quiet.
func (k *Kiosk) say(clips ...[]byte) {
	for len(clips) > 0 && clips[0] == nil {
		clips = clips[1:]
	}
	if k.Narrator == nil || len(clips) == 0 {
		return
	}
	var next func()
	if rest := clips[1:]; len(rest) > 0 {
		next = func() { fyne.Do(func() { k.say(rest...) }) }
	}
	_ = k.Narrator.Play(clips[0], next)
}

// stopTarget is the always-visible control that silences narration.
func (k *Kiosk) stopTarget() *Target {
	return NewTarget(k.Tr.T(translations.RuleStop), sizeReplay, CardFill, k.hush).WithIcon(k.uiSymbol(policy.UIStop))
}

// hush stops any narration.
func (k *Kiosk) hush() {
	if k.Narrator != nil {
		k.Narrator.Stop()
	}
}

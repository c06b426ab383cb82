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

// Roster is what the screens read and change about pupils.
type Roster interface {
	Classes(ctx context.Context) ([]string, error)
	PupilsInClass(ctx context.Context, class string) ([]store.Pupil, error)
	Pupil(ctx context.Context, id int64) (store.Pupil, error)
	ClassStatus(ctx context.Context, q store.StatusQuery) ([]store.PupilStatus, error)
	PupilStatus(ctx context.Context, pupilID int64, q store.StatusQuery) (store.PupilStatus, error)
	SetProfile(ctx context.Context, actor, pupilID int64, p store.Profile) error
	SetBand(ctx context.Context, actor, pupilID int64, band string) error
}

// Signer keeps sign-offs in progress as drafts and saves finished ones
// with their attachments (the store adds the pupil's and adult's names
// itself); it also reads them back for the adult area.
type Signer interface {
	SaveRecord(ctx context.Context, body *record.Body, atts ...store.Attachment) error
	SaveDraft(ctx context.Context, d store.Draft) error
	PupilDrafts(ctx context.Context, pupilID int64) ([]store.Draft, error)
	DeleteDraft(ctx context.Context, id string) error
	RecordsForPupil(ctx context.Context, pupilID int64) ([]store.SavedRecord, error)
	RecordAttachments(ctx context.Context, recordID string) ([]store.Attachment, error)
	Exporter
}

// Adults is how adults identify themselves, and what the adult area
// manages: staff, the audit log, the sync queue's size and the records the
// hub refused.
type Adults interface {
	CheckPIN(ctx context.Context, pin string) (store.Staff, error)
	Lockout(ctx context.Context) (time.Duration, error)
	HasStaff(ctx context.Context) (bool, error)
	StaffList(ctx context.Context) ([]store.Staff, error)
	AddStaff(ctx context.Context, actor int64, name, role, pin string) (int64, error)
	SetPIN(ctx context.Context, actor, id int64, pin string) error
	DeactivateStaff(ctx context.Context, actor, id int64) error
	Audit(ctx context.Context, staffID int64, action, detail string) error
	AuditLog(ctx context.Context, limit int) ([]store.AuditEntry, error)
	VerifyAuditLog(ctx context.Context) ([]string, error)
	Unsynced(ctx context.Context) (int, error)
	Rejected(ctx context.Context) ([]store.RejectedRecord, error)
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
	Adults   Adults
	Importer Importer
	Media    []string     // folders where USB sticks and shared drives appear; nil: the system's
	PickFile FilePicker   // the desktop file dialog, for files the kiosk's own page cannot reach; may be nil
	PickDir  FolderPicker // the desktop folder dialog, likewise; may be nil
	Sync     Sync         // the hub sync; nil when no hub is set up
	// Reception is the tablet's mode, the visitor book and the staff
	// policy's signatures; nil makes a classroom-only tablet.
	Reception Reception
	Narrator  Narrator
	Tr        *translations.Translator
	Now       func() time.Time // defaults to time.Now
	Quit      func()           // closes the app; called only after an adult's PIN
	// Notice is a sentence for the adult home about the pack in use (the
	// hub's could not be loaded, say), or "".
	Notice string
}

// IdleLock is how long the adult area stays open with no one touching it.
const IdleLock = 90 * time.Second

// Kiosk is the running user interface.
type Kiosk struct {
	Deps
	nav      *Navigator
	ctx      context.Context
	pictures *resources
	adult    *store.Staff // signed in to the adult area; nil when locked
	spawn    func(func()) // runs slow work (network, USB) off the UI goroutine; tests run it inline
}

// adultArea marks the screens that need a signed-in adult; they lock after IdleLock.
type adultArea interface{ adultOnly() }

// New builds the kiosk into canvas c and shows the start screen.
func New(ctx context.Context, c fyne.Canvas, d Deps) *Kiosk {
	if d.Now == nil {
		d.Now = time.Now
	}
	k := &Kiosk{Deps: d, ctx: ctx, nav: newNavigator(d.Now), pictures: &resources{cache: map[string]fyne.Resource{}},
		spawn: func(f func()) { go f() }}
	k.nav.speak = func(clip []byte) { k.say(clip) }
	k.nav.attach(c)
	k.watchSync()
	k.showStart()
	return k
}

// showStart shows the locked start screen: no pupil data on it.
func (k *Kiosk) showStart() {
	k.nav.Access = adultAccess
	k.nav.Show(newStart(k))
}

// signIn opens the adult area for adult.
func (k *Kiosk) signIn(adult store.Staff) {
	k.adult = &adult
	_ = k.Adults.Audit(k.ctx, adult.ID, store.AuditSignedIn, "")
}

// lock closes the adult area and goes back to the start screen.
func (k *Kiosk) lock(why string) {
	if k.adult != nil {
		_ = k.Adults.Audit(k.ctx, k.adult.ID, store.AuditAreaLocked, why)
	}
	k.adult = nil
	k.showStart()
}

// adultID is the signed-in adult's id, 0 when none is (for the audit log).
func (k *Kiosk) adultID() int64 {
	if k.adult == nil {
		return 0
	}
	return k.adult.ID
}

// WatchIdle starts locking the adult area after IdleLock without a touch
// or key (main starts it; tests call checkIdle with their own clock).
// Pupil screens never time out.
func (k *Kiosk) WatchIdle() {
	k.nav.after(5*time.Second, func() {
		k.checkIdle()
		k.WatchIdle()
	})
}

func (k *Kiosk) checkIdle() {
	idle := k.Now().Sub(k.nav.lastInput)
	if s, ok := k.nav.Current().(receptionScreen); ok {
		if idle >= ReceptionIdle {
			s.onIdle()
		}
		return
	}
	if idle < IdleLock {
		return
	}
	switch s := k.nav.Current().(type) {
	case idleReturn: // an adult screen inside a pupil's sign-off
		s.onIdle()
	case adultArea:
		if k.adult != nil {
			k.lock("idle")
		}
	}
}

// RequestClose is the window's close button: closing needs an adult's PIN.
func (k *Kiosk) RequestClose() {
	if _, ok := k.nav.Current().(*closeKiosk); ok {
		return
	}
	k.nav.Show(newCloseKiosk(k, k.nav.Current(), k.nav.Access))
}

func (k *Kiosk) showHome() {
	if k.adult == nil {
		k.showStart()
		return
	}
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

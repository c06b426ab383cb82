package screens

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store"
	"smartkiosk/translations"
)

const maxPIN = 12

// pinPad is the number pad an adult types their own PIN on, part of every
// screen that needs one (sign in, countersign, closing the kiosk). Digits
// also come from a keyboard, through the screen's typedRune.
type pinPad struct {
	k       *Kiosk
	pin     string
	dots    *widget.Label
	message *widget.Label
	clear   *Target
	keys    []*Target
}

func newPinPad(k *Kiosk) *pinPad { return &pinPad{k: k} }

// build makes the pad; prompt is the sentence shown until something goes wrong.
func (p *pinPad) build(prompt string) (info []fyne.CanvasObject, pad fyne.CanvasObject) {
	p.pin = ""
	p.clear = NewTarget(p.k.Tr.T(translations.CountersignClear), sizeKey, CardFill, p.onClear)
	p.keys = nil
	for _, d := range "1234567890" {
		p.keys = append(p.keys, NewTarget(string(d), sizeKey, CardFill, func() { p.typedRune(d) }))
	}
	p.dots = heading("")
	p.message = note(prompt)
	if d, err := p.k.Adults.Lockout(p.k.ctx); err == nil && d > 0 {
		p.warn(p.lockedText(d))
	}
	return []fyne.CanvasObject{p.message, p.dots}, grid(3, append(p.keys[:9:9], p.clear, p.keys[9])...)
}

// page lays out a screen around the pad: top, the prompt and the dots on
// the left, the keys on the right, back and next along the bottom.
func (p *pinPad) page(top fyne.CanvasObject, prompt string, back, next *Target) fyne.CanvasObject {
	info, keys := p.build(prompt)
	body := container.NewGridWithColumns(2, container.NewCenter(column(widthHalf, container.NewVBox(info...))), container.NewCenter(keys))
	return page(top, body, container.NewHBox(back, layout.NewSpacer(), next))
}

// targets are the pad's keys in scanning order.
func (p *pinPad) targets() []*Target { return append(append([]*Target{}, p.keys...), p.clear) }

func (p *pinPad) typedRune(r rune) {
	if r < '0' || r > '9' || len(p.pin) >= maxPIN {
		return
	}
	p.pin += string(r)
	p.show()
}

func (p *pinPad) typedKey(k fyne.KeyName) {
	if k == fyne.KeyBackspace && p.pin != "" {
		p.pin = p.pin[:len(p.pin)-1]
		p.show()
	}
}

func (p *pinPad) show() { p.dots.SetText(strings.TrimSpace(strings.Repeat("● ", len(p.pin)))) }

func (p *pinPad) onClear() {
	p.pin = ""
	p.show()
}

// warn shows a sentence in the danger colour.
func (p *pinPad) warn(m string) {
	p.message.SetText(m)
	p.message.Importance = widget.DangerImportance
	p.message.Refresh()
}

// check identifies the adult from the PIN typed, clearing it either way.
// It returns false, having said why, for no PIN, a wrong one or a lockout.
func (p *pinPad) check() (store.Staff, bool) {
	tr := p.k.Tr
	if p.pin == "" {
		p.warn(tr.T(translations.CountersignNeedPIN))
		return store.Staff{}, false
	}
	adult, err := p.k.Adults.CheckPIN(p.k.ctx, p.pin)
	p.onClear()
	var locked *store.LockedOutError
	switch {
	case err == nil:
		return adult, true
	case errors.As(err, &locked):
		p.warn(p.lockedText(locked.Remaining))
	case errors.Is(err, store.ErrWrongPIN):
		p.warn(tr.T(translations.CountersignWrongPIN))
	default:
		p.warn(tr.T(translations.PINCheckFailed))
	}
	return store.Staff{}, false
}

func (p *pinPad) lockedText(d time.Duration) string {
	return p.k.Tr.T(translations.PINLocked, map[string]any{"Wait": waitText(d)})
}

// waitText is a lockout's remaining time, rounded up, in words an adult reads at a glance.
func waitText(d time.Duration) string {
	if d <= time.Minute {
		return fmt.Sprintf("%d s", int((d+time.Second-1)/time.Second))
	}
	return fmt.Sprintf("%d min", int((d+time.Minute-1)/time.Minute))
}

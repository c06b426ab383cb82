package store

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Profile holds a pupil's access settings, used by every pupil screen.
// Times are in milliseconds. A zero value for a field the stored JSON lacks
// takes the default, so older profiles keep working as fields are added.
type Profile struct {
	AutoPlay       bool   `json:"auto_play"`        // narration starts by itself
	TapGuardMS     int    `json:"tap_guard_ms"`     // taps ignored after a screen change (0–2000)
	HoldMS         int    `json:"hold_ms"`          // hold-to-select: 0, 250, 500 or 1000
	RepeatFilterMS int    `json:"repeat_filter_ms"` // a second tap this soon after one is ignored (0–2000)
	AnswerMode     string `json:"answer_mode"`      // AnswerStandard or AnswerTwoChoice
	MarkType       string `json:"mark_type"`        // MarkDraw or MarkTick
	ScanMode       string `json:"scan_mode"`        // ScanTwoSwitch or ScanAuto
	ScanStepMS     int    `json:"scan_step_ms"`     // auto-scan step (500–5000)
	SpeakHighlight bool   `json:"speak_highlight"`  // say the highlighted choice aloud
}

// Profile choices.
const (
	AnswerStandard  = "standard"   // "Yes, I agree", "Not sure", and the adult's "no clear response"
	AnswerTwoChoice = "two_choice" // only "Yes, I agree" and "Not sure"
	MarkDraw        = "draw"       // the pupil draws on a signature pad
	MarkTick        = "tick"       // one big tick, for pupils who cannot draw
	ScanTwoSwitch   = "two_switch" // Space moves, Enter selects
	ScanAuto        = "auto"       // the highlight moves by itself; Space selects
)

// Bounds of the timed settings.
const (
	minTapGuardMS = 0
	maxTapGuardMS = 2000
	minScanStepMS = 500
	maxScanStepMS = 5000
)

// HoldChoices are the hold-to-select times an adult can pick.
var HoldChoices = []int{0, 250, 500, 1000}

// DefaultProfile is the profile of a pupil nobody has adjusted.
func DefaultProfile() Profile {
	return Profile{
		AutoPlay: true, TapGuardMS: 500, AnswerMode: AnswerStandard, MarkType: MarkDraw,
		ScanMode: ScanTwoSwitch, ScanStepMS: 1500,
	}
}

func (p Profile) validate() error {
	var errs []error
	if p.TapGuardMS < minTapGuardMS || p.TapGuardMS > maxTapGuardMS {
		errs = append(errs, fmt.Errorf("tap guard %d ms is outside %d–%d ms", p.TapGuardMS, minTapGuardMS, maxTapGuardMS))
	}
	if p.RepeatFilterMS < 0 || p.RepeatFilterMS > maxTapGuardMS {
		errs = append(errs, fmt.Errorf("repeated-tap filter %d ms is outside 0–%d ms", p.RepeatFilterMS, maxTapGuardMS))
	}
	if !oneOfInt(p.HoldMS, HoldChoices) {
		errs = append(errs, fmt.Errorf("hold time %d ms is not one of %v ms", p.HoldMS, HoldChoices))
	}
	if p.ScanStepMS < minScanStepMS || p.ScanStepMS > maxScanStepMS {
		errs = append(errs, fmt.Errorf("scan step %d ms is outside %d–%d ms", p.ScanStepMS, minScanStepMS, maxScanStepMS))
	}
	if p.AnswerMode != AnswerStandard && p.AnswerMode != AnswerTwoChoice {
		errs = append(errs, fmt.Errorf("unknown answer mode %q", p.AnswerMode))
	}
	if p.MarkType != MarkDraw && p.MarkType != MarkTick {
		errs = append(errs, fmt.Errorf("unknown mark type %q", p.MarkType))
	}
	if p.ScanMode != ScanTwoSwitch && p.ScanMode != ScanAuto {
		errs = append(errs, fmt.Errorf("unknown scan mode %q", p.ScanMode))
	}
	return errors.Join(errs...)
}

func oneOfInt(v int, list []int) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// decodeProfile reads a stored profile; fields it lacks keep their defaults.
func decodeProfile(data string) (Profile, error) {
	p := DefaultProfile()
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return Profile{}, fmt.Errorf("decode profile: %w", err)
	}
	return p, nil
}

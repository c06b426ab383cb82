package screens

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// Words for the codes a record keeps.
var (
	modeWords = map[string]*translations.Message{
		record.ModeTouch: translations.ModeTouch, record.ModeSwitch: translations.ModeSwitch,
		"eye_gaze": translations.ModeEyeGaze, "speech": translations.ModeSpeech, "sign": translations.ModeSign,
		"symbol_pointing": translations.ModeSymbols, "aac_device": translations.ModeAAC,
		record.ModePhysical: translations.ModePhysical,
	}
	modeSays = map[string]*translations.Message{
		record.ModeTouch: translations.SaysTouch, record.ModeSwitch: translations.SaysSwitch,
		"eye_gaze": translations.SaysEyeGaze, "speech": translations.SaysSpeech, "sign": translations.SaysSign,
		"symbol_pointing": translations.SaysSymbols, "aac_device": translations.SaysAAC,
		record.ModePhysical: translations.SaysPhysical,
	}
	promptingWords = map[string]*translations.Message{
		"independent": translations.PromptIndependent, "verbal": translations.PromptVerbal,
		"gestural": translations.PromptGestural, record.PromptingPhysical: translations.PromptPhysical,
	}
	promptingSays = map[string]*translations.Message{
		"independent": translations.SaysIndependent, "verbal": translations.SaysVerbal,
		"gestural": translations.SaysGestural, record.PromptingPhysical: translations.SaysPhysicalPrompt,
	}
	understandingWords = map[string]*translations.Message{
		"fully": translations.UnderstoodFully, "partly": translations.UnderstoodPartly,
		"not_clearly": translations.UnderstoodNot,
	}
	answerWords = map[string]*translations.Message{
		record.AnswerAgree: translations.AnswerAgree, record.AnswerNotSure: translations.AnswerNotSure,
		record.AnswerNoClear: translations.AnswerNoClear,
	}
	reasonWords = map[string]*translations.Message{
		"answer_recorded_wrongly": translations.ReasonAnswer, "observation_recorded_wrongly": translations.ReasonObservation,
		"wrong_pupil": translations.ReasonWrongPupil, "pupil_changed_mind": translations.ReasonChangedMind,
		"other": translations.ReasonOther,
	}
)

// observation is what the countersigning (or correcting) adult records.
type observation struct {
	Mode          string `json:"mode,omitempty"`
	Prompting     string `json:"prompting,omitempty"`
	Understanding string `json:"understanding,omitempty"`
	Note          string `json:"note,omitempty"`
}

func (o observation) complete() bool {
	return o.Mode != "" && o.Prompting != "" && o.Understanding != ""
}

// setMode records the response mode; physical support always means
// physical prompting, so it can never read as the pupil's own choice.
func (o *observation) setMode(m string) {
	o.Mode = m
	if m == record.ModePhysical {
		o.Prompting = record.PromptingPhysical
	}
}

// chooser builds rows of adult choices that change in place: choosing an
// option fills it green and the others white, without building the screen
// again, so a scrolled form stays where the adult left it.
type chooser struct {
	k       *Kiosk
	all     []*Target
	size    fyne.Size
	changed func() // after any choice: for a screen whose other rows depend on it
}

// choiceRow is one labelled row (or rows) of options.
type choiceRow struct {
	box  *fyne.Container
	opts map[string]*Target
}

// row is a labelled row (or rows, cols wide) of options; codes are shown
// with their words, and choosing one calls set.
func (c *chooser) row(label string, codes []string, words map[string]*translations.Message, chosen string, cols int, set func(string)) fyne.CanvasObject {
	return c.rowOf(label, codes, words, chosen, cols, set).box
}

func (c *chooser) rowOf(label string, codes []string, words map[string]*translations.Message, chosen string, cols int, set func(string)) *choiceRow {
	r := &choiceRow{opts: map[string]*Target{}}
	g := container.NewGridWithColumns(min(cols, len(codes)))
	for _, code := range codes {
		t := newAdultTarget(c.k.Tr.T(words[code]), c.size, func() {
			set(code)
			r.mark(code)
			if c.changed != nil {
				c.changed()
			}
		})
		r.opts[code] = t
		c.all = append(c.all, t)
		g.Add(t)
	}
	r.mark(chosen)
	l := widget.NewLabel(label)
	l.Wrapping = fyne.TextWrapWord
	r.box = container.New(layout.NewCustomPaddedVBoxLayout(0), l, g)
	return r
}

// mark fills the chosen option green and the rest white.
func (r *choiceRow) mark(chosen string) {
	for code, t := range r.opts {
		fill := color.Color(CardFill)
		if code == chosen {
			fill = AgreeFill
		}
		if t.Fill != fill {
			t.Fill = fill
			t.Refresh()
		}
	}
}

// only shows just the options in codes (the others are hidden, and out
// of the scan order once the navigator reads the targets again).
func (r *choiceRow) only(codes []string) {
	for code, t := range r.opts {
		if slices.Contains(codes, code) {
			t.Show()
		} else {
			t.Hide()
		}
	}
}

package screens

import (
	"image/color"

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

// chooser builds rows of adult choices for a screen that rebuilds itself
// after each choice (the chosen option is filled green).
type chooser struct {
	k       *Kiosk
	all     []*Target
	size    fyne.Size
	refresh func()
}

// row is a labelled row (or rows, cols wide) of options; codes are shown
// with their words, and choosing one calls set and rebuilds the screen.
func (c *chooser) row(label string, codes []string, words map[string]*translations.Message, chosen string, cols int, set func(string)) fyne.CanvasObject {
	g := container.NewGridWithColumns(min(cols, len(codes)))
	for _, code := range codes {
		fill := color.Color(CardFill)
		if code == chosen {
			fill = AgreeFill
		}
		t := newAdultTarget(c.k.Tr.T(words[code]), c.size, func() { set(code); c.refresh() })
		t.Fill = fill
		c.all = append(c.all, t)
		g.Add(t)
	}
	l := widget.NewLabel(label)
	l.Wrapping = fyne.TextWrapWord
	return container.New(layout.NewCustomPaddedVBoxLayout(0), l, g)
}

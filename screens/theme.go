package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"smartkiosk/assets"
)

// Colours: dark text on cream, well above the 4.5:1 contrast minimum
// (Ink on Cream is about 16:1). Never colour alone: answers also differ by
// symbol and words.
var (
	Cream     = color.NRGBA{R: 0xFF, G: 0xF8, B: 0xE7, A: 0xFF}
	Ink       = color.NRGBA{R: 0x1C, G: 0x1C, B: 0x1C, A: 0xFF}
	CardFill  = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	CardLine  = color.NRGBA{R: 0x5A, G: 0x50, B: 0x40, A: 0xFF}
	AgreeFill = color.NRGBA{R: 0xD8, G: 0xF0, B: 0xD8, A: 0xFF}
	UnsureFil = color.NRGBA{R: 0xFF, G: 0xE8, B: 0xC8, A: 0xFF}
	RingOuter = color.NRGBA{R: 0x00, G: 0x2D, B: 0x72, A: 0xFF} // deep blue
	RingInner = color.NRGBA{R: 0xFF, G: 0xD4, B: 0x00, A: 0xFF} // yellow
	ErrorInk  = color.NRGBA{R: 0x9A, G: 0x1B, B: 0x1B, A: 0xFF}
	HoldFill  = color.NRGBA{R: 0x00, G: 0x2D, B: 0x72, A: 0x40} // hold-to-select progress
)

// Custom text sizes, in Fyne units (1 unit = 1 px at scale 1 on the
// 1280×800 reference tablet, where 1 mm ≈ 5.9 px).
const (
	SizeStatement fyne.ThemeSizeName = "kioskStatement"
	SizeHeading   fyne.ThemeSizeName = "kioskHeading"
	SizeTarget    fyne.ThemeSizeName = "kioskTarget"
	SizeSection   fyne.ThemeSizeName = "kioskSection"
)

// MM converts millimetres on the reference tablet to Fyne units, at the
// window's scale (see scale.go).
func MM(mm float32) float32 { return mm * 5.9 * uiScale }

type kioskTheme struct {
	regular, bold fyne.Resource
}

// NewTheme returns the kiosk theme with the bundled pupil font, Andika.
func NewTheme() fyne.Theme {
	t := &kioskTheme{}
	if b, err := assets.Font("Andika-Regular.ttf"); err == nil {
		t.regular = fyne.NewStaticResource("Andika-Regular.ttf", b)
	}
	if b, err := assets.Font("Andika-Bold.ttf"); err == nil {
		t.bold = fyne.NewStaticResource("Andika-Bold.ttf", b)
	}
	return t
}

func (t *kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground:
		return Cream
	case theme.ColorNameForeground:
		return Ink
	case theme.ColorNameError:
		return ErrorInk
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (t *kioskTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || t.regular == nil {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold && t.bold != nil {
		return t.bold
	}
	return t.regular // never italic: pupil text has no italics
}

func (t *kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

// Size is the theme's size at the window's scale, so text, padding and
// targets all shrink together on a small screen.
func (t *kioskTheme) Size(n fyne.ThemeSizeName) float32 { return t.baseSize(n) * uiScale }

func (t *kioskTheme) baseSize(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 24
	case theme.SizeNameHeadingText:
		return 36
	case SizeStatement:
		return 40
	case SizeHeading:
		return 40
	case SizeTarget:
		return 32
	case SizeSection:
		return 23
	case theme.SizeNamePadding:
		return 8
	}
	return theme.DefaultTheme().Size(n)
}

package screens

import (
	"math"

	"fyne.io/fyne/v2"
)

// The screens are designed for the 1280×800 reference tablet. In another
// window everything (targets, pictures, text, padding) is drawn larger or
// smaller by one factor, so the whole screen fits and nothing leaves the
// window: smaller on a 7" 1024×600 tablet, larger on a reception desk's
// monitor, where the reference sizes would be small in millimetres. One
// kiosk window runs in a process, so the factor is the package's, like
// Fyne's theme.
const (
	designWidth  = 1280
	designHeight = 800
	smallestUI   = 0.5  // below this a screen would be unreadable: it is clipped instead
	largestUI    = 1.5  // above this the screens would only look coarse
	scaleStep    = 0.05 // the factor moves in steps, so a pixel's resize rebuilds nothing
)

// uiScale is the factor in use; MM and the theme's sizes follow it.
var uiScale float32 = 1

// scaleFor is the factor for a window of size s.
func scaleFor(s fyne.Size) float32 {
	f := min(s.Width/designWidth, s.Height/designHeight)
	if f > 1 {
		f -= 0.02 // wrapped text does not grow quite in proportion: leave it room
	}
	f = float32(math.Floor(float64(f)/scaleStep+1e-6) * scaleStep)
	return min(max(f, smallestUI), largestUI)
}

// setScale changes the factor and works the sizes out again; the screens
// built after it use the new sizes.
func setScale(f float32) {
	uiScale = f
	setSizes()
}

// fit is called whenever the window's content is laid out: when the window
// size asks for another factor, the theme is applied again and the screen
// on show is built afresh at the new size.
func (n *Navigator) fit(size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	f := scaleFor(size)
	if f == uiScale {
		return
	}
	setScale(f)
	fyne.Do(func() { // not while Fyne is laying out
		if a := fyne.CurrentApp(); a != nil {
			a.Settings().SetTheme(a.Settings().Theme())
		}
		if n.current != nil {
			n.Show(n.current)
		}
	})
}

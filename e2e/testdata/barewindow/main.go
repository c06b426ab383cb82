// Command barewindow is the benchmarks' baseline: a bare Fyne window, 1280×800,
// filled with the kiosk's cream and nothing else.
package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
)

func main() {
	w := app.NewWithID("io.smartkiosk.barewindow").NewWindow("bare window")
	w.SetPadded(false)
	w.SetContent(canvas.NewRectangle(color.NRGBA{R: 0xFF, G: 0xF8, B: 0xE7, A: 0xFF}))
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}

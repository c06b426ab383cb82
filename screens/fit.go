package screens

import (
	"strings"

	"fyne.io/fyne/v2"
)

// smallestText is how far a target's words may shrink to fit its card, as
// a share of their theme size. Below it the card is too small for its words,
// which the layout tests report.
const smallestText = 0.6

// fitted is a target's words wrapped to its card.
type fitted struct {
	lines      []string
	size       float32 // text size
	lineHeight float32
	ok         bool // every line fits the width, and all of them the height
}

func (f fitted) height() float32 { return float32(len(f.lines)) * f.lineHeight }

// fitText wraps text to width w at the largest size, from base down to
// smallestText of it, whose lines fit in w × h. A word is never broken
// while a smaller size can hold it whole. When even the smallest size does
// not fit, the lines come back at that size with ok false (and words wider
// than w broken), so nothing is drawn outside the card by more than it must.
func fitText(text string, base, w, h float32) fitted {
	if text == "" {
		return fitted{size: base, ok: true}
	}
	floor := base * smallestText
	for size := base; size >= floor; size-- {
		if f, whole := wrapAt(text, size, w); whole && f.height() <= h {
			f.ok = true
			return f
		}
	}
	f, _ := wrapAt(text, floor, w)
	f.lines = breakLongWords(f.lines, floor, w)
	return f
}

// wrapAt wraps text at size into lines no wider than w, keeping the line
// breaks it already has; whole is false when a single word is wider than w.
func wrapAt(text string, size, w float32) (f fitted, whole bool) {
	f = fitted{size: size, lineHeight: fyne.MeasureText("Ag", size, targetStyle).Height}
	whole = true
	width := func(s string) float32 { return fyne.MeasureText(s, size, targetStyle).Width }
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if width(word) > w {
				whole = false
			}
			switch next := line + " " + word; {
			case line == "":
				line = word
			case width(next) <= w:
				line = next
			default:
				f.lines = append(f.lines, line)
				line = word
			}
		}
		f.lines = append(f.lines, line)
	}
	return f, whole
}

// breakLongWords splits any line still wider than w between letters.
func breakLongWords(lines []string, size, w float32) []string {
	var out []string
	for _, line := range lines {
		cur := ""
		for _, r := range line {
			if next := cur + string(r); cur != "" && fyne.MeasureText(next, size, targetStyle).Width > w {
				out = append(out, cur)
				cur = string(r)
				continue
			}
			cur += string(r)
		}
		out = append(out, cur)
	}
	return out
}

package hub

import "fmt"

// chart is the coverage bar chart, drawn as inline SVG by the template:
// one bar per class, split into signed, started and not signed. Each part
// carries its count as text and a pattern as well as a colour, so nothing
// depends on telling colours apart.
type chart struct {
	Width, Height int
	Bars          []chartBar
}

type chartBar struct {
	Class, Label string
	Y            int
	Parts        []chartPart
}

type chartPart struct {
	X, W        int
	Fill, Title string
	Count       int
	Text        string // the count, shown when the part is wide enough
	TextX       int
	Dark        bool // light text on a dark fill
}

// Chart geometry, in SVG user units (the SVG scales to its box).
const (
	chartLabelW = 170
	chartBarW   = 560
	chartBarH   = 34
	chartGap    = 14
	chartTop    = 8
	chartLegend = 40
)

// The parts, in order, with their fills (patterns are defined in the template).
var chartParts = []struct {
	name, fill string
	dark       bool
}{
	{"signed", "url(#p-signed)", true},
	{"started on a kiosk", "url(#p-draft)", false},
	{"not signed", "url(#p-none)", false},
}

func newChart(classes []ClassCoverage) chart {
	c := chart{Width: chartLabelW + chartBarW + 60}
	for i, cc := range classes {
		bar := chartBar{Class: cc.Class, Y: chartTop + i*(chartBarH+chartGap),
			Label: fmt.Sprintf("%s: %d of %d signed", cc.Class, cc.Signed, cc.Pupils)}
		x := chartLabelW
		for j, n := range []int{cc.Signed, cc.Draft, cc.NotStarted} {
			w := 0
			if cc.Pupils > 0 {
				w = n * chartBarW / cc.Pupils
			}
			if j == 2 { // the last part takes the rounding
				w = chartLabelW + chartBarW - x
				if cc.Pupils == 0 {
					w = 0
				}
			}
			part := chartPart{X: x, W: w, Fill: chartParts[j].fill, Count: n, Dark: chartParts[j].dark,
				Title: fmt.Sprintf("%s: %d %s", cc.Class, n, chartParts[j].name), TextX: x + w/2}
			if n > 0 && w >= 28 {
				part.Text = fmt.Sprint(n)
			}
			bar.Parts = append(bar.Parts, part)
			x += w
		}
		c.Bars = append(c.Bars, bar)
	}
	c.Height = chartTop + len(classes)*(chartBarH+chartGap) + chartLegend
	return c
}

// LegendY is where the legend sits, under the bars.
func (c chart) LegendY() int { return c.Height - chartLegend + 12 }

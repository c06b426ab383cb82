// Package imgdiff measures how far two images of the same size differ, for
// the picture pipeline (tools/packtool) and its render test
// (assets/picturetest), which must agree on the measure.
package imgdiff

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

// ReadPNG decodes the PNG file name.
func ReadPNG(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// Diff returns the mean absolute difference per colour channel (0–255) and
// the share of pixels where some channel differs by more than threshold.
func Diff(a, b image.Image, threshold int) (mean, off float64, err error) {
	ab, bb := a.Bounds(), b.Bounds()
	if ab.Dx() != bb.Dx() || ab.Dy() != bb.Dy() {
		return 0, 0, fmt.Errorf("sizes differ: %v and %v", ab.Size(), bb.Size())
	}
	var sum, over int
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			p := color.NRGBAModel.Convert(a.At(ab.Min.X+x, ab.Min.Y+y)).(color.NRGBA)
			q := color.NRGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.NRGBA)
			worst := 0
			for _, d := range []int{absDiff(p.R, q.R), absDiff(p.G, q.G), absDiff(p.B, q.B)} {
				sum += d
				worst = max(worst, d)
			}
			if worst > threshold {
				over++
			}
		}
	}
	n := ab.Dx() * ab.Dy()
	return float64(sum) / float64(3*n), float64(over) / float64(n), nil
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

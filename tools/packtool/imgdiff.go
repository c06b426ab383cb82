package main

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

// runImgDiff prints how far apart two same-sized PNGs are, with the metric
// assets/picturetest uses: the mean absolute difference per colour channel
// (0–255) and the share of pixels where some channel differs by more than 64.
func runImgDiff(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: imgdiff A.png B.png")
	}
	a, err := readPNG(args[0])
	if err != nil {
		return err
	}
	b, err := readPNG(args[1])
	if err != nil {
		return err
	}
	mean, off, err := imageDiff(a, b, 64)
	if err != nil {
		return err
	}
	fmt.Printf("mean %.2f off %.3f%%\n", mean, 100*off)
	return nil
}

func readPNG(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

func imageDiff(a, b image.Image, threshold int) (mean, off float64, err error) {
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

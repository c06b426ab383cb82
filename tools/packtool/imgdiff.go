package main

import (
	"errors"
	"fmt"
	"smartkiosk/tools/imgdiff"
)

// runImgDiff prints how far apart two same-sized PNGs are, with the metric
// assets/picturetest uses: the mean absolute difference per colour channel
// (0–255) and the share of pixels where some channel differs by more than 64.
func runImgDiff(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: imgdiff A.png B.png")
	}
	a, err := imgdiff.ReadPNG(args[0])
	if err != nil {
		return err
	}
	b, err := imgdiff.ReadPNG(args[1])
	if err != nil {
		return err
	}
	mean, off, err := imgdiff.Diff(a, b, 64)
	if err != nil {
		return err
	}
	fmt.Printf("mean %.2f off %.3f%%\n", mean, 100*off)
	return nil
}

// Package picturetest checks that Fyne draws every picture of the bundled
// policy packs as librsvg (rsvg-convert) does. It has only tests: the
// references under testdata/ are made by tools/pictures.sh, so the test
// itself needs no rsvg-convert. It lives apart from package assets because
// it needs Fyne, and assets must not import Fyne.
package picturetest

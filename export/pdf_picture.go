package export

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io/fs"
	"sync"

	"github.com/fyne-io/oksvg"
	"github.com/go-pdf/fpdf"
	"github.com/srwiley/rasterx"
)

// picturePx is the side in pixels a pack picture is rasterised at: about
// 270 dpi at the 15 mm it is printed.
const picturePx = 160

// maxCachedPictures bounds the rasterised pictures kept between exports.
const maxCachedPictures = 512

// pictureCache keeps pack pictures rasterised as PNG (opaque, on white), by
// pack fingerprint and file, across entries and exports: a class PDF shows
// the same few pictures thirty times.
type pictureCache struct {
	mu   sync.Mutex
	pngs map[string][]byte
}

var pictures = &pictureCache{pngs: map[string][]byte{}}

// get returns the picture file of pack fp at px pixels square, rasterising
// it on first use.
func (c *pictureCache) get(fp string, files fs.FS, file string, px int) ([]byte, error) {
	key := fmt.Sprintf("%s\x00%s\x00%d", fp, file, px)
	c.mu.Lock()
	b, ok := c.pngs[key]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := rasterise(files, file, px)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.pngs) >= maxCachedPictures {
		clear(c.pngs)
	}
	c.pngs[key] = b
	c.mu.Unlock()
	return b, nil
}

// rasterise draws an SVG as the kiosk does (Fyne's renderer: oksvg with
// currentColor as black, scaled to fit, centred) onto white, as PNG.
func rasterise(files fs.FS, file string, px int) ([]byte, error) {
	src, err := files.Open(file)
	if err != nil {
		return nil, fmt.Errorf("picture %s: %w", file, err)
	}
	defer src.Close()
	icon, err := oksvg.ReadReplacingCurrentColor(src, "#000000")
	if err != nil {
		return nil, fmt.Errorf("picture %s: %w", file, err)
	}
	img := image.NewRGBA(image.Rect(0, 0, px, px))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	if err := drawIcon(icon, img); err != nil {
		return nil, fmt.Errorf("picture %s: %w", file, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("picture %s: %w", file, err)
	}
	return buf.Bytes(), nil
}

// drawIcon fits icon into img keeping its aspect, centred, and turns a
// panic in the SVG renderer into an error.
func drawIcon(icon *oksvg.SvgIcon, img *image.RGBA) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the SVG renderer failed: %v", r)
		}
	}()
	vw, vh := icon.ViewBox.W, icon.ViewBox.H
	if vw <= 0 || vh <= 0 {
		return fmt.Errorf("no view box")
	}
	side := float64(img.Bounds().Dx())
	w, h := side, side
	if vw > vh {
		h = side * vh / vw
	} else {
		w = side * vw / vh
	}
	icon.SetTarget((side-w)/2, (side-h)/2, w, h)
	scanner := rasterx.NewScannerGV(int(side), int(side), img, img.Bounds())
	icon.Draw(rasterx.NewDasher(int(side), int(side), scanner), 1)
	return nil
}

// uniqueWidth returns the narrowest pixel width from w up that no image in
// this PDF has yet, and takes it. fpdf orders images by width alone when it
// sorts its catalog, so images of equal width would come out in map order
// and the same input would not give the same bytes.
func (p *pdf) uniqueWidth(w int) int {
	for p.widths[w] {
		w++
	}
	p.widths[w] = true
	return w
}

// flatPNG decodes an attachment image and encodes it again as an opaque
// 8-bit PNG on white, at least w pixels wide (padded evenly with white), which
// every PDF reader shows the same; it reports an error for bytes that are
// not a PNG. It returns the size of the drawing without the padding.
func flatPNG(b []byte, widthFor func(int) int) ([]byte, image.Point, error) {
	src, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, image.Point{}, err
	}
	r := src.Bounds()
	if r.Dx() == 0 || r.Dy() == 0 || r.Dx()*r.Dy() > 16<<20 {
		return nil, image.Point{}, fmt.Errorf("image is %d×%d pixels", r.Dx(), r.Dy())
	}
	w := widthFor(r.Dx())
	img := image.NewRGBA(image.Rect(0, 0, w, r.Dy()))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	pad := (w - r.Dx()) / 2
	draw.Draw(img, image.Rect(pad, 0, pad+r.Dx(), r.Dy()), src, r.Min, draw.Over)
	var buf bytes.Buffer
	if err := fastPNG.Encode(&buf, img); err != nil {
		return nil, image.Point{}, err
	}
	return buf.Bytes(), img.Bounds().Size(), nil
}

// fastPNG encodes attachments, which are drawn once a PDF: in a class PDF
// their encoding was half the time at the default level.
var fastPNG = png.Encoder{CompressionLevel: png.BestSpeed}

// register adds a PNG to the PDF once under name.
func (p *pdf) register(name string, b []byte) error {
	if p.images[name] {
		return nil
	}
	p.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(b))
	if err := p.f.Error(); err != nil {
		return fmt.Errorf("image %s: %w", name, err)
	}
	p.images[name] = true
	return nil
}

// packPicture registers a pack picture and returns its image name; ok is
// false when the picture cannot be shown (missing or broken file).
func (p *pdf) packPicture(pk Pack, file string) (string, bool) {
	name := "pic:" + pk.Fingerprint + ":" + file
	if p.images[name] {
		return name, true
	}
	if pk.Files == nil {
		return "", false
	}
	b, err := pictures.get(pk.Fingerprint, pk.Files, file, p.uniqueWidth(picturePx))
	if err != nil {
		return "", false
	}
	return name, p.register(name, b) == nil
}

// fitImage draws a registered image inside the box (x, y, w, h), keeping
// its aspect and centring it.
func (p *pdf) fitImage(name string, size image.Point, x, y, w, h float64) {
	iw, ih := w, h
	if float64(size.X)*h > float64(size.Y)*w {
		ih = w * float64(size.Y) / float64(size.X)
	} else {
		iw = h * float64(size.X) / float64(size.Y)
	}
	p.f.ImageOptions(name, x+(w-iw)/2, y+(h-ih)/2, iw, ih, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
}

package policy

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/jfreymuth/oggvorbis"
)

// The checks that a picture is a picture and a clip a clip, so that a text
// file named .svg, a photo saved as .png.txt or an MP3 renamed .ogg is
// refused when the pack is loaded, not found blank or silent in front of
// a pupil. Each returns "" or the rest of a sentence that starts with the
// file's name ("pictures/ask.svg" is not an SVG picture: …).

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pictureProblem checks a picture by its name's extension, as Fyne picks
// its renderer: .svg must parse as SVG, .png as PNG.
func pictureProblem(name string, data []byte) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".svg":
		if bytes.HasPrefix(data, pngSignature) {
			return "is a PNG picture named .svg: rename it to .png (and change pack.toml to match)"
		}
		if why := svgProblem(data); why != "" {
			return "is not an SVG picture: " + why + ". Save it again as SVG from the drawing program"
		}
	case ".png":
		if why := pngProblem(data); why != "" {
			return "is not a PNG picture that can be shown: " + why + ". Save it again as PNG"
		}
	default:
		return "is not an SVG or PNG picture: its name must end in .svg or .png"
	}
	return ""
}

// svgProblem checks that data is well-formed XML whose first element is
// <svg> with a size (a viewBox, or a width and a height).
func svgProblem(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	// The structure is what is checked; the characters of another encoding
	// read as bytes are enough for that.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	seenRoot := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "it is not well-formed XML (" + strings.TrimPrefix(err.Error(), "XML syntax error ") + ")"
		}
		start, ok := tok.(xml.StartElement)
		if !ok || seenRoot {
			continue
		}
		seenRoot = true
		if start.Name.Local != "svg" {
			return fmt.Sprintf("its first element is <%s>, not <svg>", clipText(start.Name.Local, 20))
		}
		if !svgHasSize(start.Attr) {
			return `the <svg> element has no size: give it a viewBox (such as viewBox="0 0 72 72") or a width and a height`
		}
	}
	if !seenRoot {
		return "it has no <svg> element (it may be a text file with a picture's name)"
	}
	return ""
}

// svgHasSize reports whether the <svg> attributes give a positive size:
// a viewBox's width and height, or else width and height.
func svgHasSize(attrs []xml.Attr) bool {
	var width, height float64
	for _, a := range attrs {
		switch a.Name.Local {
		case "viewBox":
			f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
			if len(f) == 4 && positive(f[2]) > 0 && positive(f[3]) > 0 {
				return true
			}
		case "width":
			width = positive(a.Value)
		case "height":
			height = positive(a.Value)
		}
	}
	return width > 0 && height > 0
}

// positive reads a length such as "72", "72px" or "20mm" (not "100%"),
// or gives 0.
func positive(s string) float64 {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return 0
	}
	return f
}

// pngProblem decodes a PNG, once its header says it is small enough.
func pngProblem(data []byte) string {
	if !bytes.HasPrefix(data, pngSignature) {
		return "it does not start as a PNG file does"
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "its header cannot be read (" + strings.TrimPrefix(err.Error(), "png: ") + ")"
	}
	if cfg.Width > MaxPictureSide || cfg.Height > MaxPictureSide {
		return fmt.Sprintf("it is %d×%d pixels, and a PNG picture may be at most %d pixels a side", cfg.Width, cfg.Height, MaxPictureSide)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		return "it is damaged (" + strings.TrimPrefix(err.Error(), "png: ") + ")"
	}
	return ""
}

// clipProblem decodes a clip's Vorbis headers and its first sound, as the
// kiosk's player (beep, over the same decoder) will. The decoder panics
// on some damaged files; that is a damaged clip too.
func clipProblem(data []byte) (problem string) {
	const fix = ": export the recording again as Ogg Vorbis (.ogg), for example with oggenc"
	if !bytes.HasPrefix(data, []byte("OggS")) {
		return "is not an Ogg Vorbis clip: it does not start as an Ogg file does (an MP3 or WAV file renamed .ogg?)" + fix
	}
	defer func() {
		if r := recover(); r != nil {
			problem = "is not an Ogg Vorbis clip that plays: it is damaged" + fix
		}
	}()
	// Not seekable, so the decoder reads from the start and no further
	// than it must.
	r, err := oggvorbis.NewReader(struct{ io.Reader }{bytes.NewReader(data)})
	if err != nil {
		return fmt.Sprintf("is not an Ogg Vorbis clip that plays (%v)%s", err, fix)
	}
	if r.Channels() < 1 || r.SampleRate() < 1 {
		return "is not an Ogg Vorbis clip that plays: it has no channels or no sample rate" + fix
	}
	buf := make([]float32, 4096*min(r.Channels(), 8))
	for range 64 { // the first frames; a clip may start with silence frames of 0 samples
		n, err := r.Read(buf)
		if n > 0 {
			return ""
		}
		if errors.Is(err, io.EOF) {
			return "holds no sound" + fix
		}
		if err != nil {
			return fmt.Sprintf("is not an Ogg Vorbis clip that plays (%v)%s", err, fix)
		}
	}
	return "holds no sound in its first frames" + fix
}

// clipText shortens s to n characters for a message.
func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// runCompose writes one 72×72 SVG made of OpenMoji layers, each given as
// HEX[@x,y,scale][!nowhite]: the OpenMoji picture HEX.svg from -src, moved
// by (x, y) and scaled; !nowhite drops its white-filled shapes (so a
// "prohibited" sign overlays what is under it instead of hiding it).
func runCompose(args []string) error {
	fl := flag.NewFlagSet("compose", flag.ContinueOnError)
	src := fl.String("src", "tools/openmoji", "folder of OpenMoji color SVGs named HEX.svg")
	out := fl.String("o", "", "output SVG")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" || fl.NArg() == 0 {
		return errors.New("need -o and at least one layer")
	}
	svg, err := compose(*src, fl.Args())
	if err != nil {
		return err
	}
	return os.WriteFile(*out, []byte(svg), 0o644)
}

// layer is one OpenMoji picture placed in a composite.
type layer struct {
	hex         string
	x, y, scale float64
	noWhite     bool
}

func parseLayer(spec string) (layer, error) {
	l := layer{scale: 1}
	spec, l.noWhite = strings.CutSuffix(spec, "!nowhite")
	hex, place, placed := strings.Cut(spec, "@")
	l.hex = hex
	if !placed {
		return l, nil
	}
	parts := strings.Split(place, ",")
	if len(parts) != 3 {
		return l, fmt.Errorf("layer %q: want HEX@x,y,scale", spec)
	}
	nums := make([]float64, 3)
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return l, fmt.Errorf("layer %q: %w", spec, err)
		}
		nums[i] = f
	}
	l.x, l.y, l.scale = nums[0], nums[1], nums[2]
	return l, nil
}

var (
	svgOpen    = regexp.MustCompile(`(?s)^.*?<svg\b[^>]*>`)
	svgClose   = regexp.MustCompile(`(?s)</svg>\s*$`)
	idAttr     = regexp.MustCompile(`\bid="([^"]*)"`)
	whiteShape = regexp.MustCompile(`(?i)<(?:path|circle|ellipse|rect|polygon)\b[^>]*\bfill="#(?:fff|ffffff)"[^>]*/>\s*`)
)

// compose returns the SVG text of the composite. A single layer with no
// placement is the OpenMoji file unchanged.
func compose(src string, specs []string) (string, error) {
	var b strings.Builder
	b.WriteString(`<svg id="emoji" viewBox="0 0 72 72" version="1.1" xmlns="http://www.w3.org/2000/svg">` + "\n")
	for i, spec := range specs {
		l, err := parseLayer(spec)
		if err != nil {
			return "", err
		}
		data, err := os.ReadFile(filepath.Join(src, l.hex+".svg"))
		if err != nil {
			return "", err
		}
		if len(specs) == 1 && l.scale == 1 && l.x == 0 && l.y == 0 && !l.noWhite {
			return string(data), nil
		}
		inner := svgClose.ReplaceAllString(svgOpen.ReplaceAllString(string(data), ""), "")
		if l.noWhite {
			inner = whiteShape.ReplaceAllString(inner, "")
		}
		// Ids must stay unique in the composite.
		inner = idAttr.ReplaceAllString(inner, fmt.Sprintf(`id="l%d-$1"`, i+1))
		// scale with both factors: oksvg reads "scale(s)" as scale(s, 0).
		fmt.Fprintf(&b, `<g id="layer%d" transform="translate(%g %g) scale(%g %g)">`+"\n%s\n</g>\n",
			i+1, l.x, l.y, l.scale, l.scale, strings.TrimSpace(inner))
	}
	b.WriteString("</svg>\n")
	return b.String(), nil
}

// runSVGPaths rewrites every path's d attribute with each command letter
// spelled out (see explicitPath).
func runSVGPaths(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: svgpaths IN.svg OUT.svg")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	out, err := explicitPaths(string(data))
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return os.WriteFile(args[1], []byte(out), 0o644)
}

var dAttr = regexp.MustCompile(`(\sd=")([^"]*)(")`)

func explicitPaths(svg string) (string, error) {
	var firstErr error
	out := dAttr.ReplaceAllStringFunc(svg, func(m string) string {
		parts := dAttr.FindStringSubmatch(m)
		d, err := explicitPath(parts[2])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return parts[1] + d + parts[3]
	})
	return out, firstErr
}

// argCount is the number of numbers each path command takes.
var argCount = map[byte]int{'m': 2, 'l': 2, 'h': 1, 'v': 1, 'c': 6, 's': 4, 'q': 4, 't': 2, 'a': 7, 'z': 0}

// explicitPath returns SVG path data with the command letter repeated
// before every set of arguments: "a 1,1 0 0 0 -1,1 1,1 0 0 0 1,1" becomes
// "a 1 1 0 0 0 -1 1 a 1 1 0 0 0 1 1". Fyne's SVG renderer (oksvg) draws
// every implicit repeat of an arc with the first arc's numbers, so Inkscape's
// round line caps come out as wedges without this. A moveto's extra pairs
// become linetos, as the SVG spec says.
func explicitPath(d string) (string, error) {
	var out []string
	i := 0
	skip := func() {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
			i++
		}
	}
	var cmd byte
	for {
		skip()
		if i >= len(d) {
			break
		}
		c := d[i]
		if _, ok := argCount[lower(c)]; ok {
			cmd = c
			i++
		} else if cmd == 0 {
			return "", fmt.Errorf("path data starts with %q, not a command", c)
		}
		n := argCount[lower(cmd)]
		if n == 0 {
			out = append(out, string(cmd))
			cmd = 0
			continue
		}
		args := make([]string, n)
		for k := 0; k < n; k++ {
			skip()
			var num string
			var err error
			if lower(cmd) == 'a' && (k == 3 || k == 4) {
				num, err = flagAt(d, &i)
			} else {
				num, err = numberAt(d, &i)
			}
			if err != nil {
				return "", fmt.Errorf("command %c: %w", cmd, err)
			}
			args[k] = num
		}
		out = append(out, string(cmd)+" "+strings.Join(args, " "))
		switch cmd { // further pairs after a moveto are linetos
		case 'm':
			cmd = 'l'
		case 'M':
			cmd = 'L'
		}
	}
	return strings.Join(out, " "), nil
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

var number = regexp.MustCompile(`^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`)

func numberAt(d string, i *int) (string, error) {
	m := number.FindString(d[*i:])
	if m == "" {
		return "", fmt.Errorf("want a number at %q", clip(d[*i:]))
	}
	*i += len(m)
	return strings.TrimPrefix(m, "+"), nil
}

// flagAt reads an arc flag, which may be written with no separator ("a1 1 0 011 1").
func flagAt(d string, i *int) (string, error) {
	if *i < len(d) && (d[*i] == '0' || d[*i] == '1') {
		*i++
		return d[*i-1 : *i], nil
	}
	return "", fmt.Errorf("want an arc flag at %q", clip(d[*i:]))
}

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// Command packtool is the Go half of the asset pipeline in tools/: it
// composes and cleans the OpenMoji pictures, writes their credits, and lists
// what each narration clip of a pack must say. The bash scripts
// tools/pictures.sh and tools/narration.sh drive it; nothing at build or
// test time runs it.
//
// Usage:
//
//	packtool compose -src DIR -o OUT.svg LAYER...   one SVG from OpenMoji layers
//	packtool svgpaths IN.svg OUT.svg                 spell out repeated path commands
//	packtool imgdiff A.png B.png                     mean difference and % of pixels off
//	packtool openmoji-index -csv openmoji.csv HEX... hexcode, annotation, author (TSV)
//	packtool credits -manifest pictures.tsv -index index.tsv -md CREDITS.md -txt credits.txt
//	packtool narration-script -pack DIR -lang en-GB  clip path and sentence (TSV)
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmds := map[string]func([]string) error{
		"compose":          runCompose,
		"svgpaths":         runSVGPaths,
		"imgdiff":          runImgDiff,
		"openmoji-index":   runOpenMojiIndex,
		"credits":          runCredits,
		"narration-script": runNarrationScript,
	}
	run, ok := cmds[os.Args[1]]
	if !ok {
		usage()
	}
	if err := run(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "packtool %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: packtool compose|svgpaths|imgdiff|openmoji-index|credits|narration-script ... (see the package comment)")
	os.Exit(2)
}

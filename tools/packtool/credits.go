package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// runOpenMojiIndex prints hexcode, annotation and designer of each named
// OpenMoji, read from the package's data/openmoji.csv, as TSV.
func runOpenMojiIndex(args []string) error {
	fl := flag.NewFlagSet("openmoji-index", flag.ContinueOnError)
	csvPath := fl.String("csv", "", "data/openmoji.csv from the openmoji npm package")
	if err := fl.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	want := map[string]bool{}
	for _, h := range fl.Args() {
		want[h] = true
	}
	found := map[string][]string{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if hex := rec[col["hexcode"]]; want[hex] {
			found[hex] = []string{hex, rec[col["annotation"]], rec[col["openmoji_author"]]}
		}
	}
	for _, h := range fl.Args() {
		row, ok := found[h]
		if !ok {
			return fmt.Errorf("hexcode %s is not in %s", h, *csvPath)
		}
		fmt.Println(strings.Join(row, "\t"))
	}
	return nil
}

// picture is one row of tools/pictures.tsv.
type picture struct {
	name   string   // file name without .svg
	layers []string // layer specs, see runCompose
	shows  string   // what it stands for
}

// readTSV returns the non-comment rows of a tab-separated file.
func readTSV(name string) ([][]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows, sc.Err()
}

func readManifest(name string) ([]picture, error) {
	rows, err := readTSV(name)
	if err != nil {
		return nil, err
	}
	pics := make([]picture, 0, len(rows))
	for _, row := range rows {
		if len(row) != 3 {
			return nil, fmt.Errorf("%s: want name, layers, shows: %q", name, row)
		}
		pics = append(pics, picture{name: row[0], layers: strings.Fields(row[1]), shows: row[2]})
	}
	return pics, nil
}

// emoji is one OpenMoji's credit line.
type emoji struct{ hex, annotation, author string }

func readIndex(name string) (map[string]emoji, error) {
	rows, err := readTSV(name)
	if err != nil {
		return nil, err
	}
	idx := map[string]emoji{}
	for _, row := range rows {
		if len(row) != 3 {
			return nil, fmt.Errorf("%s: want hexcode, annotation, author: %q", name, row)
		}
		idx[row[0]] = emoji{row[0], row[1], row[2]}
	}
	return idx, nil
}

const (
	openMojiAttribution = "All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"
	openMojiURL         = "https://openmoji.org/"
	ccBySAURL           = "https://creativecommons.org/licenses/by-sa/4.0/"
	adaptedNote         = "The pictures are adapted for SMART Kiosk: their lines are turned into filled shapes so that every renderer draws them alike, and some are combined. The adapted pictures are shared under the same licence, CC BY-SA 4.0."
	andikaCredit        = "Andika font: Copyright (c) 2004-2022 SIL International (https://www.sil.org/), licensed under the SIL Open Font License 1.1."
	narrationCredit     = "Narration: generated with the RHVoice speech synthesizer by Olga Yakovleva (https://rhvoice.org/), English voice \"Alan\" (LGPL-2.1 or later)."
)

// runCredits writes the credits of the bundled pictures (and the font and
// voice) as Markdown for people and as plain text for the app's credits screen.
func runCredits(args []string) error {
	fl := flag.NewFlagSet("credits", flag.ContinueOnError)
	manifest := fl.String("manifest", "tools/pictures.tsv", "picture manifest")
	index := fl.String("index", "tools/openmoji/index.tsv", "OpenMoji hexcode, annotation, author")
	dir := fl.String("dir", "pictures", "folder of the pictures inside the pack, for the listing")
	md := fl.String("md", "assets/LICENSES/CREDITS.md", "Markdown output")
	txt := fl.String("txt", "assets/LICENSES/credits.txt", "plain-text output")
	if err := fl.Parse(args); err != nil {
		return err
	}
	pics, err := readManifest(*manifest)
	if err != nil {
		return err
	}
	idx, err := readIndex(*index)
	if err != nil {
		return err
	}
	lines := make([]string, len(pics))
	for i, p := range pics {
		var parts []string
		for _, spec := range p.layers {
			l, err := parseLayer(spec)
			if err != nil {
				return err
			}
			e, ok := idx[l.hex]
			if !ok {
				return fmt.Errorf("hexcode %s (picture %s) is not in %s", l.hex, p.name, *index)
			}
			parts = append(parts, fmt.Sprintf("%s %q by %s", e.hex, e.annotation, e.author))
		}
		lines[i] = fmt.Sprintf("%s/%s.svg (%s): OpenMoji %s", *dir, p.name, p.shows, strings.Join(parts, " + "))
	}
	if err := os.WriteFile(*txt, []byte(creditsText(lines)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(*md, []byte(creditsMarkdown(lines)), 0o644)
}

func creditsText(lines []string) string {
	var b strings.Builder
	b.WriteString("Pictures\n")
	fmt.Fprintf(&b, "%s (%s, %s)\n", openMojiAttribution, openMojiURL, ccBySAURL)
	b.WriteString(adaptedNote + "\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	b.WriteString("\nFont\n" + andikaCredit + "\n")
	b.WriteString("\nNarration\n" + narrationCredit + "\n")
	return b.String()
}

func creditsMarkdown(lines []string) string {
	var b strings.Builder
	b.WriteString("# Credits\n\n")
	b.WriteString("Generated by `tools/pictures.sh` from `tools/pictures.tsv`; do not edit by hand.\n\n")
	b.WriteString("## Pictures\n\n")
	fmt.Fprintf(&b, "All emojis designed by [OpenMoji](%s) – the open-source emoji and icon project. License: [CC BY-SA 4.0](%s#)\n\n", openMojiURL, ccBySAURL)
	b.WriteString(adaptedNote + " The licence text is in `OpenMoji-CC-BY-SA-4.0.txt`; the unmodified sources are in `tools/openmoji/`.\n\n")
	b.WriteString("Pictures in `assets/packs/<pack>/` (each built-in pack ships those it uses):\n\n")
	for _, l := range lines {
		b.WriteString("- " + l + "\n")
	}
	b.WriteString("\n## Font\n\n" + andikaCredit + " See `Andika-OFL.txt`.\n")
	b.WriteString("\n## Narration\n\n" + narrationCredit + " The clips are generated by `tools/narration.sh`.\n")
	return b.String()
}

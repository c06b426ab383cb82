package policy

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
)

// Fingerprint hashes what a pupil or adult is shown: the bytes of pack.toml
// and of every picture and narration clip the pack references. Files are
// taken in path order, each framed by its path and length, so renaming a
// file or changing any byte changes the fingerprint. The result is
// "sha256:" followed by the hex digest.
func Fingerprint(fsys fs.FS, p *Pack) (string, error) {
	data, err := fs.ReadFile(fsys, PackFile)
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	return fingerprint(fsys, data, p)
}

func fingerprint(fsys fs.FS, packTOML []byte, p *Pack) (string, error) {
	h := sha256.New()
	writeFramed(h, PackFile, packTOML)
	for _, name := range p.Files() {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("fingerprint: %w", err)
		}
		writeFramed(h, name, data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// writeFramed writes one file to the hash: "<len(name)> <name> <len(data)>\n"
// then the bytes, so no two different file sets can hash the same stream.
func writeFramed(h io.Writer, name string, data []byte) {
	fmt.Fprintf(h, "%d %s %d\n", len(name), name, len(data))
	h.Write(data)
}

// Files returns the paths of every picture and narration clip the pack
// references (forms, rule headings, UI prompts and symbols), sorted and
// without duplicates.
func (p *Pack) Files() []string {
	set := map[string]bool{}
	addSymbols := func(syms []Symbol) {
		for _, s := range syms {
			if s.File != "" {
				set[s.File] = true
			}
		}
	}
	addClip := func(c Clip) {
		for _, name := range c {
			if name != "" {
				set[name] = true
			}
		}
	}
	addStatements := func(stmts []Statement) {
		for _, s := range stmts {
			addSymbols(s.Symbols)
			addClip(s.Narration)
		}
	}
	for _, f := range p.Forms {
		for _, r := range f.Rules {
			addSymbols(r.Symbols)
			addClip(r.Narration)
			addStatements(r.Statements)
		}
		for _, s := range []*Section{f.Consequences, f.Agreement} {
			if s != nil {
				addSymbols(s.Symbols)
				addClip(s.Narration)
				addStatements(s.Statements)
			}
		}
	}
	for _, c := range p.UINarration {
		addClip(c)
	}
	for _, s := range p.UISymbols {
		addSymbols([]Symbol{s})
	}
	return slices.Sorted(maps.Keys(set))
}

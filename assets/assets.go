// Package assets embeds the kiosk's bundled data: the built-in policy
// packs, the pupil font and the licences of bundled content.
package assets

import (
	"embed"
	"io/fs"
	"slices"
)

//go:embed packs fonts LICENSES icon.png
var files embed.FS

// DefaultPackID names the pack a fresh kiosk uses.
const DefaultPackID = "example"

// Pack returns the embedded pack folder with the given id.
func Pack(id string) (fs.FS, error) { return fs.Sub(files, "packs/"+id) }

// PackIDs returns the ids of the built-in packs (their folders under
// packs/), sorted.
func PackIDs() []string {
	entries, _ := files.ReadDir("packs") // embedded: it is there
	var ids []string
	for _, e := range entries {
		if e.IsDir() {
			ids = append(ids, e.Name())
		}
	}
	slices.Sort(ids)
	return ids
}

// HasPack reports whether id names a built-in pack.
func HasPack(id string) bool { return slices.Contains(PackIDs(), id) }

// Font returns a bundled font file, e.g. "Andika-Regular.ttf".
func Font(name string) ([]byte, error) { return files.ReadFile("fonts/" + name) }

// Icon returns the application icon (PNG).
func Icon() []byte {
	b, _ := files.ReadFile("icon.png")
	return b
}

// Licences returns the LICENSES folder.
func Licences() fs.FS {
	sub, _ := fs.Sub(files, "LICENSES")
	return sub
}

// Andika returns the regular and bold pupil font files, which PDFs embed.
func Andika() (regular, bold []byte, err error) {
	if regular, err = Font("Andika-Regular.ttf"); err != nil {
		return nil, nil, err
	}
	bold, err = Font("Andika-Bold.ttf")
	return regular, bold, err
}

package kioskcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"smartkiosk/assets"
	"smartkiosk/command"
	"smartkiosk/hub/client"
	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// PackNotice says the kiosk is not running quite the pack it should, and
// why: the pack the hub sent failed to load, or the school's recordings
// for the pack in use did.
type PackNotice struct {
	// Failed names the pack that failed to load ("acme" version 2026.2),
	// or is "" when its pack.toml could not even be read.
	Failed string
	// Recordings is set when only the school's recordings failed: the
	// pack is used with its own narration.
	Recordings bool
	// Using names the pack in use instead.
	Using string
	Err   error // what is wrong, for the log
}

// LoadPack loads the pack the kiosk runs in dataDir — the window, export
// --format pdf and roster import alike: the pack the hub sent last, if one
// was installed and still loads, else the default pack, with the school's
// own recordings, if any, laid over its narration. When the hub's pack or
// the recordings cannot be used, notice says so and which pack is used
// instead: the pack without the recordings, or the default pack.
func LoadPack(dataDir string) (packFS fs.FS, pack *policy.Pack, notice *PackNotice, err error) {
	return LoadPackOr(dataDir, assets.DefaultPackID)
}

// LoadPackOr is LoadPack with the built-in pack builtIn (one of
// assets.PackIDs, the window's --pack) in place of the default pack: the
// hub's pack, once it has sent one, still comes first, as the school's
// choice.
func LoadPackOr(dataDir, builtIn string) (packFS fs.FS, pack *policy.Pack, notice *PackNotice, err error) {
	if dir := client.CurrentPackDir(filepath.Join(dataDir, "packs")); dir != "" {
		hubFS := os.DirFS(dir)
		p, loadErr := policy.Load(hubFS)
		if loadErr == nil {
			return withRecordings(hubFS, p, dataDir)
		}
		// What the hub's pack lacks matters more than a recording of the
		// built-in pack's: that notice, if any, gives way.
		packFS, pack, _, err = builtInPack(dataDir, builtIn)
		if err != nil {
			return nil, nil, nil, err
		}
		notice = &PackNotice{Failed: failedName(loadErr), Using: packName(pack), Err: loadErr}
		return packFS, pack, notice, nil
	}
	return builtInPack(dataDir, builtIn)
}

func builtInPack(dataDir, id string) (fs.FS, *policy.Pack, *PackNotice, error) {
	if !assets.HasPack(id) {
		return nil, nil, nil, fmt.Errorf("there is no built-in pack %q; the built-in packs are %s", id, quoted(assets.PackIDs()))
	}
	fsys, err := assets.Pack(id)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := policy.Load(fsys)
	if err != nil {
		return nil, nil, nil, err
	}
	return withRecordings(fsys, p, dataDir)
}

// packFlag adds --pack to a command that reads the pack: the built-in pack
// the window runs with the same flag. checkPack checks its value.
func packFlag(flags *flag.FlagSet) *string {
	return flags.String("pack", assets.DefaultPackID, "the built-in policy pack (`PACK`) the kiosk runs until the hub sends one, "+
		"as the window's --pack (built in: "+quoted(assets.PackIDs())+")")
}

// checkPack fails, in a sentence naming the packs there are, when id is not
// a built-in pack's.
func checkPack(id string) error {
	if assets.HasPack(id) {
		return nil
	}
	return command.Usagef("--pack %s: there is no built-in pack %q; the built-in packs are %s", id, id, quoted(assets.PackIDs()))
}

// OpenStore opens the kiosk's database in dataDir for the bands of pack,
// the pack the window runs, and with demo fills an empty one with the
// pack's demo school (DemoSchool).
func OpenStore(ctx context.Context, dataDir string, pack *policy.Pack, demo bool) (*store.Store, error) {
	st, err := store.Open(filepath.Join(dataDir, store.DatabaseFile))
	if err != nil {
		return nil, err
	}
	st.SetBands(pack.BandIDs())
	if demo {
		if _, err := st.SeedDemoFor(ctx, DemoSchool(pack.ID)); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// DemoSchool names the demo school --demo fills an empty kiosk with when
// it runs the pack packID (store.DemoPacks): the pack's own, or the
// Example School for a pack that has none, as before packs had their own.
func DemoSchool(packID string) string {
	if slices.Contains(store.DemoPacks(), packID) {
		return packID
	}
	return assets.DefaultPackID
}

// withRecordings lays the school's recordings over pack p, or, when the
// pack does not load with them, leaves them out and says so.
func withRecordings(fsys fs.FS, p *policy.Pack, dataDir string) (fs.FS, *policy.Pack, *PackNotice, error) {
	recorded := policy.Recordings(fsys, dataDir, p.ID)
	withRec, err := policy.Load(recorded)
	if err == nil {
		return recorded, withRec, nil, nil
	}
	return fsys, p, &PackNotice{Failed: packName(p), Recordings: true, Using: packName(p), Err: err}, nil
}

// packName names a pack for a sentence: "example" version 2026.1 (Example School).
func packName(p *policy.Pack) string {
	return fmt.Sprintf("%q version %s (%s)", p.ID, p.Version, p.School.Name)
}

// failedName names a pack that did not load, from what its pack.toml said.
func failedName(err error) string {
	var verr *policy.ValidationError
	if !errors.As(err, &verr) || verr.ID == "" {
		return ""
	}
	if verr.Version == "" {
		return fmt.Sprintf("%q", verr.ID)
	}
	return fmt.Sprintf("%q version %s", verr.ID, verr.Version)
}

// PackNoticeSentence is the notice as the adult home shows it, or "" for
// none.
func PackNoticeSentence(tr *translations.Translator, n *PackNotice) string {
	switch {
	case n == nil:
		return ""
	case n.Recordings:
		return tr.T(translations.HomeRecordingsFailed, map[string]any{"Pack": n.Using})
	case n.Failed == "":
		return tr.T(translations.HomePackUnreadable, map[string]any{"Using": n.Using})
	}
	return tr.T(translations.HomePackFailed, map[string]any{"Failed": n.Failed, "Using": n.Using})
}

// ReportPackNotice prints the notice, if any, with what is wrong, for the
// IT manager: the window and the commands that load the pack do.
func ReportPackNotice(w io.Writer, n *PackNotice) {
	if n == nil {
		return
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		fmt.Fprintf(w, "smartkiosk: the policy pack could not be used as it is: %v\n", n.Err)
		return
	}
	fmt.Fprintf(w, "smartkiosk: %s\nWhat is wrong:\n%v\n", PackNoticeSentence(tr, n), n.Err)
}

package kioskcli

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"smartkiosk/assets"
	"smartkiosk/hub/client"
	"smartkiosk/policy"
	"smartkiosk/store"
)

// What main.go shares with the commands: the window runs the same pack as
// export --format pdf and roster import, and reports a repaired database
// the same way.

// LoadPack is the pack the kiosk runs in dataDir (see loadPack).
func LoadPack(dataDir string) (fs.FS, *policy.Pack, error) { return loadPack(dataDir) }

// ReportRecovery prints a recovery report (if any) for the IT manager,
// as the commands do when they open a repaired database.
func ReportRecovery(w io.Writer, rec *store.Recovery) { reportRecovery(w, rec) }

// loadPack loads the pack the hub sent last, if one was installed and
// still loads, else the default pack, with the school's own recordings,
// if any, laid over its narration.
func loadPack(dataDir string) (packFS fs.FS, pack *policy.Pack, err error) {
	packFS, err = assets.Pack(assets.DefaultPackID)
	if err != nil {
		return nil, nil, err
	}
	if dir := client.CurrentPackDir(filepath.Join(dataDir, "packs")); dir != "" {
		if p, err := policy.Load(os.DirFS(dir)); err == nil {
			fromHub := policy.Recordings(os.DirFS(dir), dataDir, p.ID)
			if p, err = policy.Load(fromHub); err == nil {
				return fromHub, p, nil
			}
		}
	}
	packFS = policy.Recordings(packFS, dataDir, assets.DefaultPackID)
	pack, err = policy.Load(packFS)
	return packFS, pack, err
}

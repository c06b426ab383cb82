package kioskcli

import (
	"io/fs"
	"os"
	"path/filepath"

	"smartkiosk/assets"
	"smartkiosk/hub/client"
	"smartkiosk/policy"
)

// LoadPack loads the pack the kiosk runs in dataDir — the window, export
// --format pdf and roster import alike: the pack the hub sent last, if one
// was installed and still loads, else the default pack, with the school's
// own recordings, if any, laid over its narration.
func LoadPack(dataDir string) (packFS fs.FS, pack *policy.Pack, err error) {
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

// Command smartkiosk is the SMART Kiosk: pupils agree to their school's
// Acceptable Use Policy on a touchscreen, and an adult countersigns.
// main.go is the composition root only; the work is in the packages.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"smartkiosk/assets"
	"smartkiosk/audio"
	"smartkiosk/policy"
	"smartkiosk/screens"
	"smartkiosk/store"
	"smartkiosk/translations"
)

var _ screens.Narrator = (*audio.Player)(nil)
var _ screens.Roster = (*store.Store)(nil)
var _ screens.Signer = (*store.Store)(nil)

func main() {
	if len(os.Args) > 1 && isCommand(os.Args[1]) {
		os.Exit(runCommand(os.Args[1:], os.Stdout, os.Stderr))
	}
	flags := flag.NewFlagSet("smartkiosk", flag.ExitOnError)
	dataDir := flags.String("data", defaultDataDir(), "folder for the kiosk's database and keys")
	demo := flags.Bool("demo", false, "fill an empty kiosk with the fictional Example School")
	windowed := flags.Bool("windowed", false, "run in a window instead of full screen")
	_ = flags.Parse(os.Args[1:])
	if err := run(*dataDir, *demo, *windowed); err != nil {
		fmt.Fprintln(os.Stderr, "smartkiosk:", err)
		os.Exit(1)
	}
}

func run(dataDir string, demo, windowed bool) error {
	ctx := context.Background()
	st, err := openStore(ctx, dataDir, demo)
	if err != nil {
		return err
	}
	defer st.Close()
	packFS, pack, err := loadPack()
	if err != nil {
		return err
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		return err
	}
	player := audio.NewPlayer(nil)
	audio.StartSpeaker(ctx, player, 3*time.Second)

	a := app.NewWithID("io.smartkiosk.kiosk")
	a.Settings().SetTheme(screens.NewTheme())
	w := a.NewWindow(tr.T(translations.AppTitle))
	w.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(!windowed)
	screens.New(ctx, w.Canvas(), screens.Deps{
		Pack: pack, PackFS: packFS, Roster: st, Signer: st, Narrator: player, Tr: tr,
	})
	w.ShowAndRun()
	return nil
}

func openStore(ctx context.Context, dataDir string, demo bool) (*store.Store, error) {
	st, err := store.Open(filepath.Join(dataDir, "kiosk.db"))
	if err != nil {
		return nil, err
	}
	if demo {
		if _, err := st.SeedDemo(ctx); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

func loadPack() (packFS fs.FS, pack *policy.Pack, err error) {
	packFS, err = assets.Pack(assets.DefaultPackID)
	if err != nil {
		return nil, nil, err
	}
	pack, err = policy.Load(packFS)
	return packFS, pack, err
}

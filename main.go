// Command smartkiosk is the SMART Kiosk: pupils agree to their school's
// Acceptable Use Policy on a touchscreen, and an adult countersigns.
// main.go is the composition root only; the work is in the packages.
package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/assets"
	"smartkiosk/audio"
	"smartkiosk/hub"
	"smartkiosk/policy"
	"smartkiosk/screens"
	"smartkiosk/store"
	"smartkiosk/translations"
)

var _ screens.Narrator = (*audio.Player)(nil)
var _ screens.Roster = (*store.Store)(nil)
var _ screens.Signer = (*store.Store)(nil)
var _ screens.Adults = (*store.Store)(nil)
var _ screens.Importer = (*store.Store)(nil)
var _ screens.Sync = (*hub.Syncer)(nil)
var _ hub.Kiosk = (*store.Store)(nil)

func main() {
	opts, code := parseArgs(os.Args[1:], os.Stdout, os.Stderr)
	if opts == nil {
		os.Exit(code)
	}
	if err := run(opts); err != nil {
		fmt.Fprintln(os.Stderr, "smartkiosk:", err)
		os.Exit(1)
	}
}

func run(opts *guiOptions) error {
	dataDir, demo, windowed := opts.Data, opts.Demo, opts.Windowed
	ctx := context.Background()
	st, err := openStore(ctx, dataDir, demo)
	if err != nil {
		return err
	}
	defer st.Close()
	packFS, pack, err := loadPack(dataDir)
	if err != nil {
		return err
	}
	tr, err := translations.New(translations.Default)
	if err != nil {
		return err
	}
	player := audio.NewPlayer(nil)
	audio.StartSpeaker(ctx, player, 3*time.Second)

	syncer := startSync(ctx, st, dataDir)

	a := app.NewWithID("io.smartkiosk.kiosk")
	a.Settings().SetTheme(screens.NewTheme())
	w := a.NewWindow(tr.T(translations.AppTitle))
	w.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w.SetPadded(false) // the screens pad themselves, and scale to the window
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(!windowed) // kiosk mode
	k := screens.New(ctx, w.Canvas(), screens.Deps{
		Pack: pack, PackFS: packFS, Roster: st, Signer: st, Adults: st, Importer: st, Narrator: player, Tr: tr,
		Quit: a.Quit, PickFile: screens.FileDialog(w), Sync: syncer, PickDir: screens.FolderDialog(w), Media: opts.Media,
	})
	w.SetCloseIntercept(k.RequestClose) // leaving needs an adult's PIN
	k.WatchIdle()
	if rec := st.Recovery(); rec != nil {
		showRecovery(w, tr, rec)
	}
	w.ShowAndRun()
	return nil
}

func openStore(ctx context.Context, dataDir string, demo bool) (*store.Store, error) {
	st, err := store.Open(filepath.Join(dataDir, store.DatabaseFile))
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

// startSync starts the background sync with the school's hub (it waits
// quietly until an admin enrols the tablet).
func startSync(ctx context.Context, st *store.Store, dataDir string) *hub.Syncer {
	label, _ := os.Hostname()
	syncer := hub.NewSyncer(st, hub.SyncerOptions{PublicKey: st.Device().PublicKey, Label: label,
		PackDir: filepath.Join(dataDir, "packs")})
	st.SetOnCommit(syncer.Committed)
	go syncer.Run(ctx)
	return syncer
}

// loadPack loads the pack the hub sent last, if one was installed and
// still loads, else the default pack, with the school's own recordings,
// if any, laid over its narration.
func loadPack(dataDir string) (packFS fs.FS, pack *policy.Pack, err error) {
	packFS, err = assets.Pack(assets.DefaultPackID)
	if err != nil {
		return nil, nil, err
	}
	if dir := hub.CurrentPackDir(filepath.Join(dataDir, "packs")); dir != "" {
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

// showRecovery tells the adult, over the first screen, that Open repaired
// a damaged database from a backup and what could not be recovered.
func showRecovery(w fyne.Window, tr *translations.Translator, rec *store.Recovery) {
	reportRecovery(os.Stderr, rec)
	text := widget.NewLabel(strings.Join(recoverySentences(tr, rec), "\n\n"))
	text.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(tr.T(translations.RecoveryTitle), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var pop *widget.PopUp
	ok := widget.NewButton(tr.T(translations.RecoveryOK), func() { pop.Hide() })
	pop = widget.NewModalPopUp(container.NewBorder(title, ok, nil, nil, text), w.Canvas())
	pop.Resize(fyne.NewSize(760, 460))
	pop.Show()
}

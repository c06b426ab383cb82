// Command smartkiosk is the SMART Kiosk: pupils agree to their school's
// Acceptable Use Policy on a touchscreen, and an adult countersigns.
// main.go only wires; the command line and its commands are in kioskcli.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"smartkiosk/assets"
	"smartkiosk/audio"
	"smartkiosk/hub/client"
	"smartkiosk/kioskcli"
	"smartkiosk/screens"
	"smartkiosk/signoff"
	"smartkiosk/store"
	"smartkiosk/translations"
)

var _ screens.Narrator = (*audio.Player)(nil)
var _ screens.Roster = (*store.Store)(nil)
var _ screens.Signer = (*store.Store)(nil)
var _ screens.Adults = (*store.Store)(nil)
var _ screens.Importer = (*store.Store)(nil)
var _ screens.Sync = (*client.Syncer)(nil)
var _ client.Kiosk = (*store.Store)(nil)

func main() {
	opts, code := kioskcli.Parse(os.Args[1:], os.Stdout, os.Stderr)
	if opts == nil {
		os.Exit(code)
	}
	if err := run(opts); err != nil {
		fmt.Fprintln(os.Stderr, "smartkiosk:", err)
		os.Exit(1)
	}
}

func run(opts *kioskcli.Options) error {
	ctx, dataDir := context.Background(), opts.Data
	packFS, pack, notice, err := kioskcli.LoadPackOr(dataDir, opts.Pack)
	if err != nil {
		return err
	}
	st, err := kioskcli.OpenStore(ctx, dataDir, pack, opts.Demo)
	if err != nil {
		return err
	}
	defer st.Close()
	tr, err := translations.New(translations.Default)
	if err != nil {
		return err
	}
	player := audio.NewPlayer(nil)
	audio.StartSpeaker(ctx, player, 3*time.Second)
	syncer := startSync(ctx, st, dataDir)
	go eraseLapsedVisitors(ctx, st)

	a := app.NewWithID("io.smartkiosk.kiosk")
	a.Settings().SetTheme(screens.NewTheme())
	w := a.NewWindow(tr.T(translations.AppTitle))
	w.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	w.SetPadded(false) // the screens pad themselves, and scale to the window
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(!opts.Windowed) // kiosk mode
	k := screens.New(ctx, w.Canvas(), screens.Deps{
		Pack: pack, PackFS: packFS, Roster: st, Signer: st, Adults: st, Importer: st, Narrator: player, Tr: tr,
		Quit: a.Quit, PickFile: screens.FileDialog(w), Sync: syncer, PickDir: screens.FolderDialog(w), Media: opts.Media,
		Notice: packNotice(tr, notice), Reception: st,
	})
	w.SetCloseIntercept(k.RequestClose) // leaving needs an adult's PIN
	k.WatchIdle()
	showRecovery(w, tr, st.Recovery()) // if Open repaired the database
	w.ShowAndRun()
	return nil
}

// eraseLapsedVisitors erases, now and every day the kiosk runs, the
// visitors and volunteers whose last visit is older than the school keeps
// them for (the hub's setting, a year when none came). Failing, it says
// so in the log and tries again the next day; the count is no one's name.
func eraseLapsedVisitors(ctx context.Context, st *store.Store) {
	for {
		var r signoff.Reception
		if data, err := st.Setting(ctx, signoff.SettingReception); err == nil && data != nil {
			_ = json.Unmarshal(data, &r)
		}
		if n, err := st.EraseLapsedVisitors(ctx, r); err != nil {
			log.Printf("erasing lapsed visitors: %v", err)
		} else if n > 0 {
			log.Printf("erased %d visitors whose last visit was over %d days ago", n, r.RetentionDays())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}

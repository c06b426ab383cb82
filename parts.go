package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/assets"
	"smartkiosk/hub/client"
	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// The parts main.go puts together.

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
func startSync(ctx context.Context, st *store.Store, dataDir string) *client.Syncer {
	label, _ := os.Hostname()
	syncer := client.NewSyncer(st, client.SyncerOptions{PublicKey: st.Device().PublicKey, Label: label,
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

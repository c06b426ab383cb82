package main

import (
	"context"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/hub/client"
	"smartkiosk/kioskcli"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// The parts main.go puts together that need the window or run only with
// it; the command line and what the commands share are in kioskcli.

// startSync starts the background sync with the school's hub (it waits
// quietly until an admin enrols the tablet).
func startSync(ctx context.Context, st *store.Store, dataDir string) *client.Syncer {
	syncer := kioskcli.NewSyncer(st, dataDir)
	st.SetOnCommit(syncer.Committed)
	go syncer.Run(ctx)
	return syncer
}

// showRecovery tells the adult, over the first screen, that Open repaired
// a damaged database from a backup and what could not be recovered; with
// no recovery (rec is nil) it shows nothing.
func showRecovery(w fyne.Window, tr *translations.Translator, rec *store.Recovery) {
	if rec == nil {
		return
	}
	kioskcli.ReportRecovery(os.Stderr, rec)
	text := widget.NewLabel(strings.Join(kioskcli.RecoverySentences(tr, rec), "\n\n"))
	text.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(tr.T(translations.RecoveryTitle), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var pop *widget.PopUp
	ok := widget.NewButton(tr.T(translations.RecoveryOK), func() { pop.Hide() })
	pop = widget.NewModalPopUp(container.NewBorder(title, ok, nil, nil, text), w.Canvas())
	pop.Resize(fyne.NewSize(760, 460))
	pop.Show()
}

// packNotice logs why the kiosk is not running the pack it should, if it
// is not, and gives the sentence the adult home shows ("" for none).
func packNotice(tr *translations.Translator, n *kioskcli.PackNotice) string {
	kioskcli.ReportPackNotice(os.Stderr, n)
	return kioskcli.PackNoticeSentence(tr, n)
}

package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"smartkiosk/hub/client"
	"smartkiosk/translations"
)

// Sync is the hub sync as the adult area sees it; client.Syncer is the real
// one. Deps.Sync may be nil: no hub is set up, and the adult area says so.
type Sync interface {
	Snapshot(ctx context.Context) (client.Snapshot, error)
	SyncNow()
	Enrol(ctx context.Context, hubURL, code, certFingerprint string) error
	ExportBundle(ctx context.Context, dir string) (client.BundleResult, error)
	// OnChange sets the function called, from another goroutine, when the
	// snapshot may have changed.
	OnChange(func())
}

// syncWatcher is a screen that shows the sync's state and keeps it current.
// Only adult-area screens are syncWatchers: a pupil never sees sync.
type syncWatcher interface {
	adultArea
	syncChanged(snap client.Snapshot, err error)
}

// watchSync hands each change of the sync's state to the screen on show.
// The snapshot is read on the sync's goroutine; widgets change only in fyne.Do.
func (k *Kiosk) watchSync() {
	if k.Sync == nil {
		return
	}
	k.Sync.OnChange(func() {
		snap, err := k.Sync.Snapshot(k.ctx)
		fyne.Do(func() {
			if w, ok := k.nav.Current().(syncWatcher); ok && k.adult != nil {
				w.syncChanged(snap, err)
			}
		})
	})
}

// syncLine is "N records waiting for the hub · last synced 14:05 today".
func (k *Kiosk) syncLine(snap client.Snapshot) string {
	line := k.Tr.T(translations.SyncLine, map[string]any{"Count": snap.Waiting, "When": k.when(snap.Status.LastSuccess)})
	if snap.Syncing {
		line += " · " + k.Tr.T(translations.SyncRunning)
	}
	return line
}

// when says a time the way an adult would: "14:05 today", "yesterday at
// 09:10", "3 Nov at 16:40", or "never".
func (k *Kiosk) when(t time.Time) string {
	if t.IsZero() {
		return k.Tr.T(translations.SyncNever)
	}
	now := k.Now()
	t = t.In(now.Location())
	clock := t.Format("15:04")
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	switch {
	case !t.Before(today):
		return k.Tr.T(translations.SyncToday, map[string]any{"Time": clock})
	case !t.Before(today.AddDate(0, 0, -1)):
		return k.Tr.T(translations.SyncYesterday, map[string]any{"Time": clock})
	}
	return k.Tr.T(translations.SyncOnDate, map[string]any{"Date": t.Format("2 Jan"), "Time": clock})
}

// failureWords is each Fail code's sentence.
var failureWords = map[string]*translations.Message{
	client.FailNotEnrolled: translations.SyncFailNotEnrolled,
	client.FailUnreachable: translations.SyncFailUnreachable,
	client.FailPortal:      translations.SyncFailPortal,
	client.FailFiltered:    translations.SyncFailFiltered,
	client.FailCertificate: translations.SyncFailCertificate,
	client.FailRevoked:     translations.SyncFailRevoked,
	client.FailClock:       translations.SyncFailClock,
	client.FailRejected:    translations.SyncFailRejected,
	client.FailServer:      translations.SyncFailServer,
	client.FailDisk:        translations.SyncFailDisk,
}

// failure is the sentence for the snapshot's failure, "" when there is none.
func (k *Kiosk) failure(snap client.Snapshot) string {
	st := snap.Status
	if st.Failure == client.FailNone {
		return ""
	}
	url := ""
	if snap.Link != nil {
		url = snap.Link.URL
	}
	return k.failureSentence(st.Failure, st.Detail, url, st.Rejected)
}

// failureSentence turns a Fail code into its sentence. detail is the
// address to allow (falling back to the hub's own address, url); rejected
// counts the records the hub refused.
func (k *Kiosk) failureSentence(code, detail, url string, rejected int) string {
	m, ok := failureWords[code]
	if !ok {
		return k.Tr.T(translations.SyncFailOther)
	}
	where := detail
	if code == client.FailServer || code == client.FailRejected || where == "" {
		where = url // the hub's reason is shown on the Sync page, not here
	}
	if where == "" {
		where = k.Tr.T(translations.SyncTheHub)
	}
	data := map[string]any{"Detail": where}
	if code == client.FailRejected {
		data["Count"] = rejected // the one plural message: Count picks its form
	}
	return k.Tr.T(m, data)
}

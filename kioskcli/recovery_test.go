package kioskcli

import (
	"strings"
	"testing"
	"time"

	"smartkiosk/store"
	"smartkiosk/translations"
)

// The recovery message is one consistent account: how many sign-offs
// were lost (all of them, even those whose ids could not be read), never
// "none were lost" beside "may not be complete", and what else the
// restore took back.
func TestRecoverySentences(t *testing.T) {
	t.Parallel()
	tr, err := translations.New(translations.Default)
	if err != nil {
		t.Fatal(err)
	}
	base := store.Recovery{MovedAside: []string{"damaged/kiosk-x.db"}, BackupDay: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), ChangesKnown: true}
	ids := make([]string, 17)
	for i := range ids {
		ids[i] = "id" + string(rune('a'+i))
	}
	for _, c := range []struct {
		name      string
		change    func(*store.Recovery)
		want, not []string
	}{
		{"some ids unreadable", func(r *store.Recovery) { r.Lost, r.LostCount, r.Incomplete = ids, 81, true },
			[]string{"81 sign-offs", "17 of them", "ida, idb"}, []string{"none were lost", "may not be complete"}},
		{"no ids readable", func(r *store.Recovery) { r.LostCount, r.Incomplete = 3, true },
			[]string{"3 sign-offs", "could not be read"}, []string{"none were lost"}},
		{"none found, file partly unreadable", func(r *store.Recovery) { r.Incomplete = true },
			[]string{"No sign-off saved after that backup was found", "some may be missing"}, []string{"none were lost"}},
		{"none lost", func(r *store.Recovery) {}, []string{"none were lost"}, []string{"may be missing"}},
		{"exact", func(r *store.Recovery) { r.Lost, r.LostCount = ids[:2], 2 }, []string{"2 sign-offs", "ida, idb"}, []string{"of them"}},
		{"changes", func(r *store.Recovery) {
			r.Changes = []store.Change{{Action: store.AuditRosterImported, Count: 2}, {Action: store.AuditStaffAdded, Count: 1}}
		}, []string{"since 30 November 2026", "class lists imported 2 times; an adult added"}, nil},
		{"changes unknown", func(r *store.Recovery) { r.ChangesKnown = false },
			[]string{"as they were on 30 November 2026"}, nil},
	} {
		r := base
		c.change(&r)
		got := strings.Join(RecoverySentences(tr, &r), " ")
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q says %q", c.name, got, n)
			}
		}
	}
}

package hub_test

import (
	"math"
	"strings"
	"testing"

	"smartkiosk/hub"
	"smartkiosk/signoff"
)

// TestJudge covers every rule of hub.Outcome, each where it applies, where
// it nearly applies but must not, and against the rule after it (the
// earlier rule wins).
func TestJudge(t *testing.T) {
	const (
		stored, duplicate = signoff.SyncStored, signoff.SyncDuplicate
		conflict, invalid = signoff.SyncConflict, signoff.SyncInvalid
	)
	// r is record "r" at sequence 5 of device "d", following body "h4".
	r := hub.Incoming{ID: "r", DeviceID: "d", Seq: 5, Prev: "h4", BodyHash: "h5"}
	at := func(seq uint64) hub.Incoming { x := r; x.Seq = seq; return x }
	prev := &hub.Held{ID: "p", Seq: 4, BodyHash: "h4", Prev: "h3"}
	next := &hub.Held{ID: "n", Seq: 6, BodyHash: "h6", Prev: "h5"}
	held := func(h hub.Held) *hub.Held { return &h }
	tests := []struct {
		name   string
		r      hub.Incoming
		n      hub.Neighbours
		want   string
		reason string // a word the reason must hold ("" for none)
	}{
		{name: "new, nothing around", r: r, want: stored},
		{name: "new, follows previous and next", r: r, n: hub.Neighbours{Previous: prev, Next: next}, want: stored},
		{name: "gap before is allowed", r: at(9), want: stored},

		// 1. sequence out of range
		{name: "sequence 0", r: at(0), want: invalid, reason: "out of range"},
		{name: "sequence MaxInt64", r: at(math.MaxInt64), want: invalid, reason: "out of range"},
		{name: "sequence above MaxInt64", r: at(math.MaxUint64), want: invalid, reason: "out of range"},
		{name: "sequence 1 is in range", r: at(1), want: stored},
		{name: "sequence MaxInt64-1 is in range", r: at(math.MaxInt64 - 1), want: stored},
		{name: "out of range beats erased id", r: at(0),
			n: hub.Neighbours{SameID: held(hub.Held{ID: "r", Erased: true})}, want: invalid},

		// 2. erased id
		{name: "erased id", r: r, n: hub.Neighbours{SameID: held(hub.Held{ID: "r", Seq: 5, BodyHash: "h5", Erased: true})},
			want: duplicate},
		{name: "erased id, other bytes", r: r, n: hub.Neighbours{SameID: held(hub.Held{ID: "r", Seq: 5, BodyHash: "hx", Erased: true})},
			want: duplicate},
		{name: "erased id beats a broken chain", r: r, n: hub.Neighbours{
			SameID:   held(hub.Held{ID: "r", Seq: 5, BodyHash: "hx", Erased: true}),
			Previous: held(hub.Held{ID: "p", Seq: 4, BodyHash: "hy"})}, want: duplicate},

		// 3. same id, same bytes
		{name: "same id, same bytes", r: r, n: hub.Neighbours{SameID: held(hub.Held{ID: "r", Seq: 5, BodyHash: "h5", Prev: "h4"})},
			want: duplicate},
		{name: "same bytes beats its own place and a broken chain", r: r, n: hub.Neighbours{
			SameID:    held(hub.Held{ID: "r", Seq: 5, BodyHash: "h5", Prev: "h4"}),
			SamePlace: held(hub.Held{ID: "r", Seq: 5, BodyHash: "h5", Prev: "h4"}),
			Next:      held(hub.Held{ID: "n", Seq: 6, Prev: "hz"})}, want: duplicate},

		// 4. same id, other bytes
		{name: "same id, other bytes", r: r, n: hub.Neighbours{SameID: held(hub.Held{ID: "r", Seq: 5, BodyHash: "hx"})},
			want: conflict, reason: "r"},
		{name: "same id elsewhere in the chain", r: r, n: hub.Neighbours{SameID: held(hub.Held{ID: "r", Seq: 8, BodyHash: "hx"})},
			want: conflict, reason: "different contents"},
		{name: "same id conflict beats a broken chain", r: r, n: hub.Neighbours{
			SameID:   held(hub.Held{ID: "r", Seq: 5, BodyHash: "hx"}),
			Previous: held(hub.Held{ID: "p", Seq: 4, BodyHash: "hy"})}, want: conflict, reason: "different contents"},

		// 5. place held
		{name: "place held by another record", r: r, n: hub.Neighbours{SamePlace: held(hub.Held{ID: "o", Seq: 5, BodyHash: "ho"})},
			want: conflict, reason: "record o"},
		{name: "place held by another record with the same bytes", r: r, n: hub.Neighbours{SamePlace: held(hub.Held{ID: "o", Seq: 5, BodyHash: "h5"})},
			want: conflict, reason: "record o"},
		{name: "place held by an erased record", r: r, n: hub.Neighbours{SamePlace: held(hub.Held{ID: "o", Seq: 5, BodyHash: "ho", Erased: true})},
			want: conflict, reason: "since erased"},
		{name: "place conflict beats a broken chain", r: r, n: hub.Neighbours{
			SamePlace: held(hub.Held{ID: "o", Seq: 5}),
			Previous:  held(hub.Held{ID: "p", Seq: 4, BodyHash: "hy"}),
			Next:      held(hub.Held{ID: "n", Seq: 6, Prev: "hz"})}, want: conflict, reason: "record o"},

		// 6. previous
		{name: "does not follow the previous record", r: r, n: hub.Neighbours{Previous: held(hub.Held{ID: "p", Seq: 4, BodyHash: "hy"})},
			want: invalid, reason: "record p (sequence 4)"},
		{name: "does not follow an erased previous record", r: r, n: hub.Neighbours{Previous: held(hub.Held{ID: "p", Seq: 4, BodyHash: "hy", Erased: true})},
			want: invalid, reason: "record p"},
		{name: "follows an erased previous record", r: r, n: hub.Neighbours{Previous: held(hub.Held{ID: "p", Seq: 4, BodyHash: "h4", Erased: true})},
			want: stored},
		{name: "previous beats next", r: r, n: hub.Neighbours{
			Previous: held(hub.Held{ID: "p", Seq: 4, BodyHash: "hy"}),
			Next:     held(hub.Held{ID: "n", Seq: 6, Prev: "hz"})}, want: invalid, reason: "record p"},

		// 7. next
		{name: "the next record does not follow it", r: r, n: hub.Neighbours{Previous: prev, Next: held(hub.Held{ID: "n", Seq: 6, Prev: "hz"})},
			want: invalid, reason: "record n (sequence 6)"},
		{name: "the next record follows it", r: r, n: hub.Neighbours{Next: next}, want: stored},
		{name: "an erased next record does not follow it", r: r, n: hub.Neighbours{Next: held(hub.Held{ID: "n", Seq: 6, Prev: "hz", Erased: true})},
			want: invalid, reason: "record n"},
		{name: "an erased next record follows it", r: r, n: hub.Neighbours{Next: held(hub.Held{ID: "n", Seq: 6, Prev: "h5", Erased: true})},
			want: stored},
		{name: "an erased next record that keeps no Prev is not checked", r: r, n: hub.Neighbours{Next: held(hub.Held{ID: "n", Seq: 6, Erased: true})},
			want: stored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hub.Judge(tt.r, tt.n)
			if got.Status != tt.want {
				t.Fatalf("Judge = %s (%q), want %s", got.Status, got.Reason, tt.want)
			}
			switch {
			case (got.Status == conflict || got.Status == invalid) && got.Reason == "":
				t.Errorf("%s without a reason", got.Status)
			case (got.Status == stored || got.Status == duplicate) && got.Reason != "":
				t.Errorf("%s with a reason %q", got.Status, got.Reason)
			case !strings.Contains(got.Reason, tt.reason):
				t.Errorf("reason %q does not say %q", got.Reason, tt.reason)
			}
		})
	}
}

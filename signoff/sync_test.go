package signoff

import "testing"

// TestSyncStatuses: the statuses are on the wire, in signed receipts and
// in every kiosk's outbox, so their spelling never changes; each answer
// puts the outbox entry in one state, and an unknown answer in none.
func TestSyncStatuses(t *testing.T) {
	for _, tc := range []struct {
		status, wire, state string
		acked, known        bool
	}{
		{SyncStored, "stored", OutboxAcked, true, true},
		{SyncDuplicate, "duplicate", OutboxAcked, true, true},
		{SyncConflict, "conflict", "conflict", false, true},
		{SyncInvalid, "invalid", "invalid", false, true},
		{"", "", "", false, false},
		{"Stored", "Stored", "", false, false},
		{OutboxPending, "pending", "", false, false},
	} {
		if tc.status != tc.wire {
			t.Errorf("status %q is spelled %q on the wire", tc.status, tc.wire)
		}
		if got := Acknowledged(tc.status); got != tc.acked {
			t.Errorf("Acknowledged(%q) = %v, want %v", tc.status, got, tc.acked)
		}
		state, known := OutboxState(tc.status)
		if state != tc.state || known != tc.known {
			t.Errorf("OutboxState(%q) = %q, %v; want %q, %v", tc.status, state, known, tc.state, tc.known)
		}
	}
	if OutboxAcked != "acked" || OutboxPending != "pending" {
		t.Errorf("outbox states are spelled %q and %q in every kiosk's database", OutboxAcked, OutboxPending)
	}
}

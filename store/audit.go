package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// Audit actions. Details name records and pupils by id only, never by name.
const (
	AuditPINFailed        = "pin_failed"
	AuditLockedOut        = "locked_out"
	AuditSignedIn         = "adult_signed_in"
	AuditAreaLocked       = "adult_area_locked"
	AuditCountersigned    = "record_countersigned"
	AuditCorrected        = "record_corrected"
	AuditVoided           = "record_voided"
	AuditParentAck        = "parent_acknowledged"
	AuditAdultSigned      = "adult_signed_for_themselves"
	AuditRosterImported   = "roster_imported"
	AuditStaffAdded       = "staff_added"
	AuditStaffDeactivated = "staff_deactivated"
	AuditPINChanged       = "staff_pin_changed"
	AuditProfileChanged   = "pupil_profile_changed"
	AuditBandChanged      = "pupil_band_changed"
	AuditDraftDiscarded   = "draft_discarded"
	AuditExported         = "records_exported"
	AuditKioskClosed      = "kiosk_closed"
	// The hub sync's own entries (no adult): answers saved, attachments
	// erased once the hub holds them. A roster from the hub is
	// AuditRosterImported with no adult.
	AuditSynced            = "records_synced"
	AuditAttachmentsErased = "attachments_erased"
	AuditHubEnrolled       = "hub_enrolled" // an admin connected the tablet to a hub
	// Visitors whose last visit is older than the school keeps them for,
	// erased (EraseVisitors).
	AuditVisitorsErased = "visitors_erased"
	// An admin chose what the tablet's start screen offers (signoff.TabletModes).
	AuditTabletMode = "tablet_mode_set"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID      int64
	At      time.Time
	StaffID int64 // 0 when no adult is known (a wrong PIN)
	Action  string
	Detail  string
}

// Audit records an adult action the store does not see itself (signing in,
// locking the adult area, closing the kiosk, exporting).
func (s *Store) Audit(ctx context.Context, staffID int64, action, detail string) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, staffID, action, detail) })
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, diskFull(err))
	}
	return nil
}

// audit appends an entry inside the caller's write transaction, chained to
// the entry before it.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, staffID int64, action, detail string) error {
	prev := ""
	err := tx.QueryRowContext(ctx, `SELECT hash FROM audit_log ORDER BY audit_id DESC LIMIT 1`).Scan(&prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	at := s.now()
	var staff any
	if staffID != 0 {
		staff = staffID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (at, staff_id, action, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?)`, at, staff, action, detail, prev, auditHash(prev, at, staffID, action, detail))
	return err
}

// auditHash chains an entry to the one before it.
func auditHash(prev, at string, staffID int64, action, detail string) string {
	h := sha256.New()
	h.Write([]byte("smartkiosk/audit/v1\x00"))
	for _, part := range []string{prev, at, action, detail} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write([]byte(part))
	}
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], uint64(staffID))
	h.Write(id[:])
	return hex.EncodeToString(h.Sum(nil))
}

// AuditLog returns the newest entries, newest first, at most limit of them.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT audit_id, at, COALESCE(staff_id, 0), action, detail
			FROM audit_log ORDER BY audit_id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e AuditEntry
			var at string
			if err := rows.Scan(&e.ID, &at, &e.StaffID, &e.Action, &e.Detail); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339, at)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}

// VerifyAuditLog checks the audit log's chain and returns one sentence per
// entry that was changed, removed or inserted out of turn.
func (s *Store) VerifyAuditLog(ctx context.Context) ([]string, error) {
	var problems []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT audit_id, at, COALESCE(staff_id, 0), action, detail, prev_hash, hash
			FROM audit_log ORDER BY audit_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		head := ""
		for rows.Next() {
			var id, staff int64
			var at, action, detail, prev, hash string
			if err := rows.Scan(&id, &at, &staff, &action, &detail, &prev, &hash); err != nil {
				return err
			}
			if prev != head {
				problems = append(problems, fmt.Sprintf("audit entry %d does not follow the entry before it (one was removed or changed)", id))
			}
			if auditHash(prev, at, staff, action, detail) != hash {
				problems = append(problems, fmt.Sprintf("audit entry %d was changed after it was written", id))
			}
			head = hash
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("verify audit log: %w", err)
	}
	return problems, nil
}

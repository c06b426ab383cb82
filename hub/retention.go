package hub

import (
	"context"
	"fmt"
	"slices"
	"time"

	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// Visitors' and volunteers' details are kept only as long as the school
// says (ReceptionSettings.VisitorRetentionDays, a year by default) after
// their last visit, on the hub as on the tablets: then the name, signature
// and visit details of every one of their records are erased. The records
// stay, and their bodies and signatures still verify.

// RetentionEvery is how often a running hub erases lapsed visitors.
const RetentionEvery = 24 * time.Hour

// EraseLapsedVisitors erases the attachments of the records of each
// visitor or volunteer (by their signatory reference, as the tablets'
// visitor book keeps them) whose last visit was more than the retention
// before now, and says how many records it erased from.
func (s *Server) EraseLapsedVisitors(ctx context.Context) (int, error) {
	rs, err := GetReception(ctx, s.store)
	if err != nil {
		return 0, err
	}
	days := signoff.Reception{VisitorRetentionDays: rs.VisitorRetentionDays}.RetentionDays()
	recs, err := s.store.PupilRecords(ctx, []string{""}, false)
	if err != nil {
		return 0, fmt.Errorf("adults' records: %w", err)
	}
	last := map[string]time.Time{}
	ids := map[string][]string{}
	for _, r := range recs {
		b, err := record.Parse(r.Body)
		if err != nil || b.Signatory == nil ||
			(b.Signatory.Kind != record.SignatoryVisitor && b.Signatory.Kind != record.SignatoryVolunteer) {
			continue
		}
		ref := b.Signatory.Ref
		if b.SignedAt.After(last[ref]) {
			last[ref] = b.SignedAt
		}
		ids[ref] = append(ids[ref], b.ID)
	}
	cutoff := s.now().AddDate(0, 0, -days)
	var lapsed []string
	for ref, at := range last {
		if at.Before(cutoff) {
			lapsed = append(lapsed, ids[ref]...)
		}
	}
	slices.Sort(lapsed)
	n, err := s.store.EraseAttachments(ctx, lapsed)
	if err != nil {
		return 0, err
	}
	if n > 0 {
		s.log.InfoContext(ctx, "lapsed visitors erased", "records", n, "retention_days", days)
	}
	return n, nil
}

// KeepRetention erases lapsed visitors now and every RetentionEvery
// until ctx ends; a failure is logged and tried again next time.
func (s *Server) KeepRetention(ctx context.Context) {
	t := time.NewTicker(RetentionEvery)
	defer t.Stop()
	for {
		if _, err := s.EraseLapsedVisitors(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "erasing lapsed visitors failed; trying again in a day", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"

	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// ingest checks every record of one device (its signature, that it is
// that device's, that it is a valid body, that its attachments match
// their hashes), hands the good ones to the store in one batch, and
// answers each with a signed receipt, in order. One bad record never
// stops the others.
func (s *Server) ingest(ctx context.Context, dev Device, recs []record.Signed) ([]proto.Result, error) {
	results := make([]proto.Result, len(recs))
	var good []Incoming
	var at []int // index in results of each good record
	for i, sr := range recs {
		in, reason := check(dev, sr)
		if reason != "" {
			results[i] = proto.Result{ID: sr.ID, Status: signoff.SyncInvalid, Reason: reason}
			continue
		}
		good = append(good, in)
		at = append(at, i)
	}
	if len(good) > 0 {
		outcomes, err := s.store.Ingest(ctx, good, s.now().UTC())
		if err != nil {
			return nil, fmt.Errorf("ingest %d records: %w", len(good), err)
		}
		if len(outcomes) != len(good) {
			return nil, fmt.Errorf("ingest: store answered %d of %d records", len(outcomes), len(good))
		}
		for j, o := range outcomes {
			results[at[j]] = proto.Result{ID: good[j].ID, Status: o.Status, Reason: o.Reason}
		}
	}
	now := s.now().UTC()
	for i := range results {
		results[i].Receipt = proto.SignReceipt(s.key, proto.ReceiptBody{Record: results[i].ID,
			BodyHash: bodyHashOf(recs[i].Body), Status: results[i].Status, At: now})
	}
	return results, nil
}

func bodyHashOf(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	return record.Hash(body)
}

// check turns a received record into an Incoming, or says in a sentence
// why it cannot be one.
func check(dev Device, sr record.Signed) (Incoming, string) {
	b, err := record.Open(dev.PublicKey, sr.Body, sr.Signature)
	switch {
	case errors.Is(err, record.ErrBadSignature):
		return Incoming{}, "the signature does not match the record, or the record is not this tablet's"
	case err != nil:
		return Incoming{}, "the record cannot be read: " + err.Error()
	case b.ID != sr.ID:
		return Incoming{}, fmt.Sprintf("the record is sent as %s but its body says %s", sr.ID, b.ID)
	}
	if err := b.Validate(); err != nil {
		return Incoming{}, "the record is not valid: " + err.Error()
	}
	atts, err := attachments(b, sr.Attachments)
	if err != nil {
		return Incoming{}, err.Error()
	}
	return Incoming{ID: b.ID, DeviceID: b.Device, Seq: b.Seq, Prev: b.Prev, BodyHash: record.Hash(sr.Body),
		Body: sr.Body, Signature: sr.Signature, Kind: b.Kind, Supersedes: b.Supersedes, PupilRef: b.PupilRef,
		Form: b.Form, PackVersion: b.Pack.Version, SignedAt: b.SignedAt.UTC(), Attachments: atts}, ""
}

// attachments returns the attachments sent, each checked against the
// body's reference at its position.
func attachments(b *record.Body, sent []record.Enclosure) ([]Attachment, error) {
	atts := make([]Attachment, len(b.Attachments))
	for i, ref := range b.Attachments {
		atts[i] = Attachment{Position: i, Kind: ref.Kind, MediaType: ref.Type, Hash: ref.Hash}
	}
	for _, e := range sent {
		if e.Position < 0 || e.Position >= len(atts) {
			return nil, fmt.Errorf("attachment %d is not one the record lists", e.Position)
		}
		if atts[e.Position].Data != nil {
			return nil, fmt.Errorf("attachment %d is sent twice", e.Position)
		}
		if err := record.CheckAttachment(b.Attachments[e.Position], e.Salt, e.Data); err != nil {
			return nil, err
		}
		atts[e.Position].Salt, atts[e.Position].Data = e.Salt, e.Data
	}
	held := atts[:0]
	for _, a := range atts {
		if a.Data != nil {
			held = append(held, a)
		}
	}
	return held, nil
}

func deviceID(pub ed25519.PublicKey) string { return record.DeviceID(pub) }

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

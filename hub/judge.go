package hub

import (
	"fmt"
	"math"
	"smartkiosk/signoff"
)

// Held is what a store holds where an incoming record would go: a stored
// record or the tombstone of an erased one.
type Held struct {
	ID       string
	Seq      uint64
	BodyHash string
	Prev     string // the previous body's hash; "" for a tombstone that does not keep it
	Erased   bool   // a tombstone
}

// Neighbours are the rows a store loaded around one incoming record, each
// nil when there is none: what holds the record's id, what holds its
// (device, sequence), and what holds the sequences just before and after
// it on the same device. Records and tombstones alike; where a store holds
// both a record and a tombstone for the id, SameID is the tombstone.
type Neighbours struct {
	SameID    *Held
	SamePlace *Held
	Previous  *Held
	Next      *Held
}

// SeqInRange reports whether a sequence number can be stored and have
// neighbours either side in a signed 64-bit column.
func SeqInRange(seq uint64) bool { return seq > 0 && seq < math.MaxInt64 }

// Judge decides what Ingest does with r, given what the store holds
// around it, by the rules of Outcome, in order:
//
//  1. a sequence number out of range is Invalid;
//  2. an erased id is Duplicate;
//  3. an id stored with the same body hash is Duplicate;
//  4. an id stored with another body hash is Conflict;
//  5. a (device, sequence) held by another record, or by an erased one, is Conflict;
//  6. a Prev that is not the previous record's (or tombstone's) body hash is Invalid;
//  7. a body hash that is not the next record's Prev is Invalid; an erased
//     next record is checked too when its tombstone keeps its Prev (the
//     SQLite store's do, the PostgreSQL store's do not);
//  8. otherwise Stored.
//
// It is pure: the store loads n, calls Judge, and writes what the outcome
// says (the record and its attachments when Stored, the attachments the
// stored copy lacks when Duplicate of a kept record, the quarantined copy
// when Conflict, nothing when Invalid).
func Judge(r Incoming, n Neighbours) Outcome {
	if !SeqInRange(r.Seq) {
		return judged(signoff.SyncInvalid, "Its sequence number %d is out of range.", r.Seq)
	}
	if h := n.SameID; h != nil {
		switch {
		case h.Erased, h.BodyHash == r.BodyHash:
			return Outcome{Status: signoff.SyncDuplicate}
		default:
			return judged(signoff.SyncConflict, "Record %s is already stored with different contents.", r.ID)
		}
	}
	if h := n.SamePlace; h != nil {
		if h.Erased {
			return judged(signoff.SyncConflict,
				"Sequence %d of device %s belonged to record %s, since erased.", r.Seq, r.DeviceID, h.ID)
		}
		return judged(signoff.SyncConflict, "Sequence %d of device %s is already held by record %s.", r.Seq, r.DeviceID, h.ID)
	}
	if p := n.Previous; p != nil && p.BodyHash != r.Prev {
		return judged(signoff.SyncInvalid,
			"Its previous-record hash does not match record %s (sequence %d) before it.", p.ID, p.Seq)
	}
	if x := n.Next; x != nil && !(x.Erased && x.Prev == "") && x.Prev != r.BodyHash {
		return judged(signoff.SyncInvalid,
			"Its hash does not match the previous-record hash of record %s (sequence %d) after it.", x.ID, x.Seq)
	}
	return Outcome{Status: signoff.SyncStored}
}

func judged(status, format string, args ...any) Outcome {
	return Outcome{Status: status, Reason: fmt.Sprintf(format, args...)}
}

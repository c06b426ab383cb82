package record

import "fmt"

// Problem is one thing wrong with one record (or, when Record is empty,
// with the data as a whole).
type Problem struct {
	Record string // record id; "" when the body cannot be read or no record is concerned
	Seq    uint64 // the record's sequence number; 0 when unknown
	What   string // a plain sentence
}

func (p Problem) String() string {
	switch {
	case p.Record == "":
		return p.What
	case p.Seq == 0:
		return fmt.Sprintf("record %s: %s", p.Record, p.What)
	}
	return fmt.Sprintf("record %s (sequence %d): %s", p.Record, p.Seq, p.What)
}

// Chain is one device's hash chain as far as it has been checked. The zero
// Chain expects a device's first record; a hub that already holds a device's
// records up to some point starts from that point instead.
type Chain struct {
	Device string // set by the first link when empty
	Seq    uint64 // sequence number of the last link; 0 before the first
	Head   string // Hash of the last link's body; "" before the first
	HeadID string // id of the last link
}

// Next checks that b, whose exact bytes are data, is the link after the
// chain's head and returns what is wrong (nothing when it is). The chain
// moves on to b either way, so one broken link is reported once, not again
// for every record after it.
func (c *Chain) Next(b *Body, data []byte) []string {
	var bad []string
	if c.Device == "" {
		c.Device = b.Device
	} else if b.Device != c.Device {
		bad = append(bad, fmt.Sprintf("signed by device %s in the chain of device %s", b.Device, c.Device))
	}
	bad = append(bad, c.checkSeq(b.Seq)...)
	if b.Prev != c.Head {
		bad = append(bad, c.prevMismatch())
	}
	c.Seq, c.Head, c.HeadID = b.Seq, Hash(data), b.ID
	return bad
}

func (c *Chain) checkSeq(seq uint64) []string {
	want := c.Seq + 1
	switch {
	case seq == want:
		return nil
	case seq > want:
		return []string{fmt.Sprintf("sequence %d follows %d: %d record(s) missing before it", seq, c.Seq, seq-want)}
	}
	return []string{fmt.Sprintf("sequence %d comes after %d: repeated or out of order", seq, c.Seq)}
}

func (c *Chain) prevMismatch() string {
	if c.HeadID == "" {
		if c.Seq == 0 {
			return "names a previous record, but it is the first of its device"
		}
		return "its previous-record hash does not match the chain's head"
	}
	return fmt.Sprintf("its previous-record hash does not match record %s (sequence %d) before it", c.HeadID, c.Seq)
}

// VerifyChain checks that bodies, the exact bytes of one device's records
// from its first (sequence 1) in sequence order, form an unbroken chain:
// one device, sequence numbers 1, 2, 3… without gaps or repeats, and each
// body naming the hash of the one before. It returns one Problem per thing
// wrong, naming the record; none when the chain holds. Signatures are
// checked separately (Verify).
func VerifyChain(bodies [][]byte) []Problem {
	var c Chain
	var problems []Problem
	for i, data := range bodies {
		b, err := Parse(data)
		if err != nil {
			problems = append(problems, Problem{What: fmt.Sprintf("body %d of the chain cannot be read: %v", i+1, err)})
			c.Seq, c.Head, c.HeadID = c.Seq+1, Hash(data), ""
			continue
		}
		for _, what := range c.Next(b, data) {
			problems = append(problems, Problem{Record: b.ID, Seq: b.Seq, What: what})
		}
	}
	return problems
}

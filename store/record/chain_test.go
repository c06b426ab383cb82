package record

import (
	"fmt"
	"strings"
	"testing"
)

// chainOf returns n marshalled bodies forming one device's chain.
func chainOf(t *testing.T, n int) (bodies [][]byte, ids []string) {
	t.Helper()
	prev := ""
	for i := 1; i <= n; i++ {
		b := validBody()
		b.Seq, b.Prev = uint64(i), prev
		data, err := b.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		bodies, ids = append(bodies, data), append(ids, b.ID)
		prev = Hash(data)
	}
	return bodies, ids
}

// problemsAbout groups problems by record id.
func problemsAbout(ps []Problem) map[string][]string {
	out := map[string][]string{}
	for _, p := range ps {
		out[p.Record] = append(out[p.Record], p.What)
	}
	return out
}

func TestVerifyChain(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		bodies, _ := chainOf(t, 5)
		if ps := VerifyChain(bodies); len(ps) != 0 {
			t.Errorf("problems in a good chain: %v", ps)
		}
		if ps := VerifyChain(nil); len(ps) != 0 {
			t.Errorf("problems in an empty chain: %v", ps)
		}
	})
	t.Run("ErrDeleted", func(t *testing.T) {
		bodies, ids := chainOf(t, 5)
		ps := problemsAbout(VerifyChain(append(bodies[:2:2], bodies[3:]...)))
		if len(ps) != 1 || !containsAll(ps[ids[3]], "1 record(s) missing", "does not match record "+ids[1]) {
			t.Errorf("problems = %v; want record %s named for the gap and the link", ps, ids[3])
		}
	})
	t.Run("ErrReordered", func(t *testing.T) {
		bodies, ids := chainOf(t, 5)
		bodies[1], bodies[2] = bodies[2], bodies[1]
		ps := problemsAbout(VerifyChain(bodies))
		for _, i := range []int{1, 2, 3} {
			if len(ps[ids[i]]) == 0 {
				t.Errorf("record %d (%s) not named; problems = %v", i+1, ids[i], ps)
			}
		}
		if len(ps[ids[0]])+len(ps[ids[4]]) != 0 {
			t.Errorf("records before and after the swap named: %v", ps)
		}
	})
	t.Run("ErrFirstNotOne", func(t *testing.T) {
		bodies, ids := chainOf(t, 3)
		ps := problemsAbout(VerifyChain(bodies[1:]))
		if !containsAll(ps[ids[1]], "1 record(s) missing", "names a previous record") {
			t.Errorf("problems = %v", ps)
		}
	})
	t.Run("ErrRepeated", func(t *testing.T) {
		bodies, ids := chainOf(t, 3)
		fork := validBody()
		fork.Seq, fork.Prev = 2, Hash(bodies[0])
		data, _ := fork.Marshal()
		ps := problemsAbout(VerifyChain(append(bodies, data)))
		if !containsAll(ps[fork.ID], "repeated or out of order", "does not match record "+ids[2]) {
			t.Errorf("problems = %v", ps)
		}
	})
	t.Run("ErrOtherDevice", func(t *testing.T) {
		bodies, _ := chainOf(t, 2)
		b := validBody()
		b.Seq, b.Prev, b.Device = 3, Hash(bodies[1]), strings.Repeat("cd", deviceIDBytes)
		data, _ := b.Marshal()
		ps := problemsAbout(VerifyChain(append(bodies, data)))
		if len(ps) != 1 || !containsAll(ps[b.ID], "in the chain of device") {
			t.Errorf("problems = %v", ps)
		}
	})
	t.Run("ErrUnreadable", func(t *testing.T) {
		bodies, ids := chainOf(t, 3)
		bodies[1] = []byte("{not json")
		ps := VerifyChain(bodies)
		about := problemsAbout(ps)
		if !containsAll(about[""], "body 2 of the chain cannot be read") || !containsAll(about[ids[2]], "does not match") {
			t.Errorf("problems = %v", ps)
		}
	})
}

func TestChain_Next_FromHead(t *testing.T) {
	bodies, ids := chainOf(t, 4)
	head, _ := Parse(bodies[1])
	c := Chain{Device: head.Device, Seq: head.Seq, Head: Hash(bodies[1]), HeadID: ids[1]}
	for _, data := range bodies[2:] {
		b, _ := Parse(data)
		if bad := c.Next(b, data); len(bad) != 0 {
			t.Fatalf("record %d: %v", b.Seq, bad)
		}
	}
	if c.Seq != 4 || c.HeadID != ids[3] {
		t.Errorf("chain ended at %+v", c)
	}
}

func TestProblem_String(t *testing.T) {
	for p, want := range map[Problem]string{
		{What: "x"}:                      "x",
		{Record: "r", What: "x"}:         "record r: x",
		{Record: "r", Seq: 7, What: "x"}: "record r (sequence 7): x",
	} {
		if got := fmt.Sprint(p); got != want {
			t.Errorf("%#v prints %q, want %q", p, got, want)
		}
	}
}

func containsAll(list []string, want ...string) bool {
	joined := strings.Join(list, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			return false
		}
	}
	return true
}

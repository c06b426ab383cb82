package export

import (
	"archive/zip"
	"bytes"
	"reflect"
	"testing"
)

// FuzzVerifyEvidence feeds VerifyEvidence what an inspector might be
// handed: a real pack changed anywhere, a zip of anything, not a zip at
// all. It must never panic or fail to finish, always answer in its report
// (the error is only for a reader that fails), and give the same answer
// twice; and a pack that verifies must fail once any one of its bytes is
// changed: a pack is tamper-evident to the byte.
func FuzzVerifyEvidence(f *testing.F) {
	real := writeTestEvidence(f, newEvidence(f, 1))
	f.Add(real)
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04 not really a zip"))
	var other bytes.Buffer
	zw := zip.NewWriter(&other)
	w, _ := zw.Create("manifest.json")
	w.Write([]byte(`{"format":1,"files":[]}`))
	zw.Close()
	f.Add(other.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := VerifyEvidence(bytes.NewReader(data), int64(len(data)), VerifyOptions{})
		if err != nil {
			t.Fatalf("VerifyEvidence returned an error for bytes in memory: %v", err)
		}
		again, _ := VerifyEvidence(bytes.NewReader(data), int64(len(data)), VerifyOptions{})
		if !reflect.DeepEqual(rep, again) {
			t.Fatalf("two reports on the same bytes differ:\n%+v\n%+v", rep, again)
		}
		if !rep.OK() {
			return
		}
		for _, at := range []int{0, len(data) / 3, len(data) / 2, len(data) - 1} {
			changed := bytes.Clone(data)
			changed[at] ^= 0x20
			if r, _ := VerifyEvidence(bytes.NewReader(changed), int64(len(changed)), VerifyOptions{}); r.OK() {
				t.Fatalf("the pack still verifies with byte %d of %d changed", at, len(data))
			}
		}
	})
}

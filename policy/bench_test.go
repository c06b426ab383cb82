package policy_test

import (
	"testing"

	"smartkiosk/assets"
	"smartkiosk/policy"
)

// BenchmarkLoad_DefaultPack is start-up's pack work: parse, validate, fingerprint.
func BenchmarkLoad_DefaultPack(b *testing.B) {
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := policy.Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

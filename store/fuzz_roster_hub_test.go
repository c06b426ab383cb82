package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"smartkiosk/signoff"
)

// FuzzApplyHubRoster feeds the kiosk the roster a hub (or someone posing
// as one) might send. It never panics; a roster it refuses changes
// nothing and its reason names entries by position and UPN, never by a
// pupil's name; a roster it takes leaves exactly the listed pupils active,
// under the names sent.
func FuzzApplyHubRoster(f *testing.F) {
	s := mustOpen(f)
	s.SetBands(signoff.Bands{"a", "b", "c"})
	good, _ := json.Marshal([]signoff.Pupil{
		{UPN: demoUPN(901), GivenName: "Ada", FamilyName: "Lovelace", Class: "Oak", Year: "Year 8", Band: "b", Language: "en-GB"},
		{UPN: demoUPN(902), GivenName: "Grace", FamilyName: "Hopper", Class: "Elm", Year: "Year 9", Band: "zz"},
	})
	f.Add(good)
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"UPN":"A1","GivenName":"Secretname","FamilyName":"X","Class":"Oak","Year":"7"}]`))
	dup, _ := json.Marshal([]signoff.Pupil{{UPN: demoUPN(903), GivenName: "A", FamilyName: "B", Class: "C", Year: "7"},
		{UPN: demoUPN(903), GivenName: "Duplicatename", FamilyName: "D", Class: "C", Year: "7"}})
	f.Add(dup)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		var pupils []signoff.Pupil
		if json.Unmarshal(data, &pupils) != nil {
			return
		}
		before := activeRoster(t, s)
		err := s.ApplyRoster(ctx, pupils)
		after := activeRoster(t, s)
		if err != nil {
			if len(after) != len(before) {
				t.Fatalf("a refused roster changed the active pupils from %d to %d", len(before), len(after))
			}
			for k, v := range before {
				if after[k] != v {
					t.Fatalf("a refused roster changed pupil %s", k)
				}
			}
			for _, p := range pupils {
				for _, name := range []string{p.GivenName, p.FamilyName} {
					if n := strings.TrimSpace(name); len(n) >= 8 && strings.Contains(err.Error(), n) && !strings.Contains(p.UPN, n) {
						t.Fatalf("the refusal %q names a pupil", err)
					}
				}
			}
			return
		}
		if len(after) != len(pupils) {
			t.Fatalf("%d pupils sent, %d active", len(pupils), len(after))
		}
	})
}

// activeRoster is each active pupil's UPN with their names and class.
func activeRoster(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	classes, err := s.Classes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range classes {
		ps, err := s.PupilsInClass(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			out[p.UPN] = p.GivenName + "\x00" + p.FamilyName + "\x00" + p.Class
		}
	}
	return out
}

package policy_test

import (
	"slices"
	"testing"

	"smartkiosk/policy"
)

// seedRule is one rule of a pupil form as worded in shared/seeds/README.md.
type seedRule struct {
	id, heading string
	statements  []string
}

// The pupil rules, copied from shared/seeds/README.md ("The pupil rules,
// read cleanly"). The default pack must use this wording verbatim.
var (
	seedRules = map[string][]seedRule{
		"a": {
			{"1", "", []string{"I ask a grown up if I want to use the computer"}},
			{"2", "", []string{"I make good choices on the computer"}},
			{"3", "", []string{"I use kind words on the internet"}},
			{"4", "", []string{"If I see anything that I don't like online, I tell a grown up"}},
		},
		"b": {
			{"S", "Safe", []string{"I ask a grown up if I want to use the computer", "On the internet I don't tell strangers my name"}},
			{"M", "Meeting", []string{"I tell a grown up if I want to talk on the internet"}},
			{"A", "Accepting", []string{"I do not open messages or emails from strangers."}},
			{"R", "Reliable", []string{"I make good choices on the computer"}},
			{"T", "Tell", []string{"I use kind words on the internet", "If I see anything that I don't like online, I will tell a grown up"}},
		},
		"c": {
			{"S", "Safe", []string{"I ask an adult if I want to use the internet", "I keep my information private on the internet", "I am careful if I share photos online"}},
			{"M", "Meeting", []string{"I tell an adult if I want to talk to people on the internet", "If I meet someone online, I talk to an adult"}},
			{"A", "Accepting", []string{"I don't open messages from strangers", "I check web links to make sure they are safe"}},
			{"R", "Reliable", []string{"I make good choices on the internet", "I check the information I see online"}},
			{"T", "Tell", []string{"I use kind words on the internet", "If someone is mean online then I don't reply, I save the message and show an adult", "If I see anything online that I don't like, I will tell a trusted adult."}},
		},
	}
	seedConsequences = map[string][]string{
		"a": {"my access will be reduced"},
		"b": {"my parents/carers will be told", "I may not be able to use the technology", "my access will be reduced"},
		"c": {"my parents/carers will be told", "I may not be able to use the technology", "my access will be reduced"},
	}
	seedAgreement = []string{
		"I use school systems and devices, both on and offsite",
		"I use my own devices in school when allowed, including mobile phones, smart technology, gaming devices, and cameras",
		"I use my own equipment out of the school, including communicating with other members of the school or when accessing school systems",
	}
)

const (
	seedConsequencesLead = "I know that if I do not follow the school rules then:"
	seedAgreementLead    = "I, with my parents/carers, have read and understood the Acceptable Use of Technology Policy. I agree to follow the AUP when:"
)

func TestLoad_PupilWordingMatchesSeed(t *testing.T) {
	p := mustLoadDefault(t)
	for _, band := range []string{"a", "b", "c"} {
		f, ok := p.PupilForm(band)
		if !ok {
			t.Fatalf("no pupil form for band %q", band)
		}
		t.Run(band+"/Rules", func(t *testing.T) {
			want := seedRules[band]
			if len(f.Rules) != len(want) {
				t.Fatalf("%d rules, want %d", len(f.Rules), len(want))
			}
			for i, w := range want {
				r := f.Rules[i]
				if r.ID != w.id || r.Heading.In(policy.DefaultLang) != w.heading {
					t.Errorf("rule %d = %q %q, want %q %q", i, r.ID, r.Heading.In(policy.DefaultLang), w.id, w.heading)
				}
				if got := texts(r.Statements); !slices.Equal(got, w.statements) {
					t.Errorf("rule %q statements =\n%q\nwant\n%q", w.id, got, w.statements)
				}
				for n, s := range r.Statements {
					if want := statementID(band, w.id, n+1); s.ID != want {
						t.Errorf("rule %q statement %d id = %q, want %q", w.id, n+1, s.ID, want)
					}
				}
			}
		})
		t.Run(band+"/Consequences", func(t *testing.T) {
			s := f.Consequences
			if s == nil {
				t.Fatal("no consequences")
			}
			if got := s.Lead.In(policy.DefaultLang); got != seedConsequencesLead {
				t.Errorf("lead = %q", got)
			}
			if got := texts(s.Statements); !slices.Equal(got, seedConsequences[band]) {
				t.Errorf("statements = %q, want %q", got, seedConsequences[band])
			}
		})
		t.Run(band+"/Agreement", func(t *testing.T) {
			s := f.Agreement
			if s == nil {
				t.Fatal("no agreement")
			}
			if s.ID != band+".agree" {
				t.Errorf("id = %q, want %q", s.ID, band+".agree")
			}
			if got := s.Lead.In(policy.DefaultLang); got != seedAgreementLead {
				t.Errorf("lead = %q", got)
			}
			if got := texts(s.Statements); !slices.Equal(got, seedAgreement) {
				t.Errorf("statements = %q, want %q", got, seedAgreement)
			}
		})
	}
}

func texts(stmts []policy.Statement) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = s.Text.In(policy.DefaultLang)
	}
	return out
}

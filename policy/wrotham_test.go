package policy_test

import (
	"slices"
	"strings"
	"testing"

	"smartkiosk/assets"
	"smartkiosk/policy"
)

// The second built-in pack is the Wrotham seed (shared/seeds/
// 000_1a204bf06ccfbac6.txt), a mainstream secondary school, under a
// fictional name: its wording, copied from the seed, is checked here.

// wrothamStaffSections are the headings of the staff form's sections, in order,
// and how many statements each has.
var wrothamStaffSections = []struct {
	heading string
	n       int
}{
	{"General Principles", 4}, {"Acceptable Use", 4}, {"Unacceptable Use", 5},
	{"Network and System Integrity", 4}, {"Monitoring and Privacy", 2}, {"Code of Conduct", 9},
	{"Code of Conduct: Online and Social Networking", 4}, {"The Network/ Ownership", 3},
	{"Consequences of Misuse", 2}, {"Reporting Issues", 2},
}

// wrothamPupilRules are the pupil form's rules: letter, heading and the
// seed's wording of the first statements (all the student acceptable use,
// and the first of each other list), one sentence each: the first
// prohibition and the "We will not tolerate or accept:" list are cut in
// two where a rule screen could not show them whole.
var wrothamPupilRules = []seedRule{
	{"A", "Acceptable Use", []string{
		"Access the internet and school network for educational purposes.",
		"Follow teachers' instructions regarding the use of ICT in lessons.",
		"Respect the privacy and work of others by not accessing or interfering with their files or accounts.",
		"Report any inappropriate material or misuse of ICT resources to a teacher or staff member immediately.",
	}},
	{"U", "Unacceptable Use", []string{
		"Accessing, creating, or distributing material that is illegal, offensive, and inappropriate.",
		"Accessing, creating, or distributing material that is in breach of the responsibility to safeguard students and staff.",
	}},
	{"N", "Network and System Integrity", []string{"Installing or using unauthorized software or hardware on school ICT resources."}},
	{"M", "Monitoring and Privacy", []string{"The school reserves the right to monitor and record all use of its ICT resources to ensure compliance with this policy."}},
	{"R", "Reporting Issues", []string{"Users are encouraged to report any concerns or incidents related to ICT use to a teacher, IT staff, or school administration promptly."}},
	{"B", "Behaviour Online", []string{
		"We will not tolerate or accept bullying or intimidating of others online using phones, social networking sites and apps.",
		"We will not tolerate or accept Racist, Sexist, transphobic or homophobic messages, statuses or comments made online in any context.",
	}},
}

func mustLoadWrotham(t *testing.T) *policy.Pack {
	t.Helper()
	fsys, err := assets.Pack("wrotham")
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Load(fsys)
	if err != nil {
		t.Fatalf("Load the wrotham pack:\n%v", err)
	}
	if err := policy.Validate(fsys, p); err != nil {
		t.Fatalf("Validate:\n%v", err)
	}
	return p
}

func TestLoad_WrothamPack(t *testing.T) {
	p := mustLoadWrotham(t)
	t.Run("OK", func(t *testing.T) {
		if p.ID != "wrotham" || p.Version != "2024.1" || p.School.Name != "Wrotham Example School" {
			t.Errorf("got id %q version %q school %q", p.ID, p.Version, p.School.Name)
		}
		if p.Reviewed != "2024-09-01" || p.NextReview != "2026-09-01" || len(p.School.Contacts) != 5 {
			t.Errorf("reviewed %q, next review %q, %d contacts", p.Reviewed, p.NextReview, len(p.School.Contacts))
		}
		if def := mustLoadDefault(t); def.Fingerprint == p.Fingerprint {
			t.Error("the wrotham pack has the example pack's fingerprint")
		}
	})
	t.Run("OneReadingBand", func(t *testing.T) {
		want := policy.Band{ID: "ks3-5", Title: policy.Text{"en-GB": "Reading independently"}, Alias: "KS3–KS5",
			Headings: true, Reading: policy.ReadSentences, MaxWords: 22}
		if len(p.Bands) != 1 || p.Bands[0].ID != want.ID || p.Bands[0].Alias != want.Alias || !p.Bands[0].Headings ||
			p.Bands[0].SymbolLed() || p.Bands[0].MaxWords != want.MaxWords || p.Bands[0].Title.In("en-GB") != want.Title["en-GB"] {
			t.Errorf("bands = %+v, want only %+v", p.Bands, want)
		}
	})
	t.Run("Forms", func(t *testing.T) {
		var got []string
		for _, f := range p.Forms {
			got = append(got, f.ID+":"+f.Kind)
		}
		if want := []string{"pupil-ks3-5:pupil", "staff:staff", "visitor:visitor"}; !slices.Equal(got, want) {
			t.Errorf("forms %q, want %q", got, want)
		}
		for _, kind := range []string{policy.KindParent, policy.KindWiFi} {
			if _, ok := p.FormOfKind(kind); ok {
				t.Errorf("a %s form: the school's policy has none", kind)
			}
		}
	})
	t.Run("PupilForm", func(t *testing.T) { checkWrothamPupilForm(t, p) })
	t.Run("StaffForm", func(t *testing.T) {
		f, _ := p.FormByID("staff")
		var got []string
		for _, r := range f.Rules {
			got = append(got, r.Heading.In("en-GB"))
		}
		if len(f.Rules) != len(wrothamStaffSections) {
			t.Fatalf("staff sections %q, want %d", got, len(wrothamStaffSections))
		}
		for i, want := range wrothamStaffSections {
			if got[i] != want.heading || len(f.Rules[i].Statements) != want.n {
				t.Errorf("section %d: %q with %d statements, want %q with %d", i+1, got[i], len(f.Rules[i].Statements), want.heading, want.n)
			}
		}
		conduct := f.Rules[5].Statements
		if conduct[0].Text.In("en-GB") != "I understand that School information systems may not be used for private purposes." ||
			!strings.Contains(f.Intro.In("en-GB"), "they are asked to sign this code of conduct") {
			t.Errorf("the code of conduct starts %q; intro %q", conduct[0].Text.In("en-GB"), f.Intro.In("en-GB"))
		}
		if d := f.Declaration.In("en-GB"); !strings.Contains(d, "Wrotham Example School") || !strings.Contains(d, "staff code of conduct") {
			t.Errorf("staff declaration = %q", d)
		}
	})
	t.Run("VisitorForm", func(t *testing.T) {
		f, _ := p.FormByID("visitor")
		first := f.Rules[0]
		if first.Heading.In("en-GB") != "Acceptable Use" || len(first.Statements) != 2 ||
			first.Statements[0].Text.In("en-GB") != "Use ICT resources only with permission from school staff." {
			t.Errorf("the visitor form starts with %+v", first)
		}
		last := f.Rules[len(f.Rules)-2]
		if !strings.Contains(last.Statements[0].Text.In("en-GB"), "barred from school premises") {
			t.Errorf("the visitor form's consequences: %+v", last)
		}
		if d := f.Declaration.In("en-GB"); !strings.Contains(d, "Wrotham Example School") {
			t.Errorf("visitor declaration = %q", d)
		}
	})
	t.Run("NoRealPeopleOrPlaces", func(t *testing.T) {
		fsys, _ := assets.Pack("wrotham")
		data := mustRead(t, fsys, "pack.toml")
		for _, s := range []string{"Wrotham School", "Cater", "Abbott", "Sanders", "Kitney", "Hargreaves", "Sheila", "Smith",
			"Mr ", "Mrs ", "@", "www", "http", ".uk", ".com", "wordpress", "whatsapp", "CET ", "Kent"} {
			if strings.Contains(strings.ReplaceAll(data, "Wrotham Example School", ""), s) {
				t.Errorf("pack.toml contains %q", s)
			}
		}
	})
}

func checkWrothamPupilForm(t *testing.T, p *policy.Pack) {
	f, ok := p.PupilForm("ks3-5")
	if !ok {
		t.Fatal("no pupil form for band ks3-5")
	}
	if len(f.Rules) != len(wrothamPupilRules) {
		t.Fatalf("%d rules, want %d", len(f.Rules), len(wrothamPupilRules))
	}
	for i, want := range wrothamPupilRules {
		r := f.Rules[i]
		if r.ID != want.id || r.Heading.In("en-GB") != want.heading {
			t.Errorf("rule %d = %s %q, want %s %q", i+1, r.ID, r.Heading.In("en-GB"), want.id, want.heading)
		}
		for j, text := range want.statements {
			if j >= len(r.Statements) || r.Statements[j].Text.In("en-GB") != text {
				t.Errorf("rule %s statement %d is not the seed's %q", want.id, j+1, text)
			}
		}
	}
	if n := len(f.Steps()); n != 26 {
		t.Errorf("%d screens, want 24 statements, the consequences and the agreement", n)
	}
	for _, r := range f.Rules { // a rule screen shows one sentence beside its pictures
		for _, s := range r.Statements {
			if text := s.Text.In("en-GB"); strings.Count(text, ". ") > 0 || len(strings.Fields(text)) > 22 {
				t.Errorf("statement %s is more than one sentence of at most 22 words: %q", s.ID, text)
			}
		}
	}
	cons := f.Consequences
	var got []string
	for _, s := range cons.Statements {
		got = append(got, s.Text.In("en-GB"))
	}
	want := []string{"loss of ICT privileges", "detention", "more severe sanctions",
		"When unlawful activity has taken place, the school will report this to the police, social services, LADO or other relevant body as appropriate."}
	if !strings.HasPrefix(cons.Lead.In("en-GB"), "Misuse of ICT resources may result in disciplinary action") || !slices.Equal(got, want) {
		t.Errorf("consequences %q: %q, want %q", cons.Lead.In("en-GB"), got, want)
	}
	if f.Agreement == nil || len(f.Agreement.Statements) != 2 {
		t.Errorf("agreement = %+v, want two contexts", f.Agreement)
	}
}

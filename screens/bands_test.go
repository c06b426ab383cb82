package screens

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"smartkiosk/assets"
	"smartkiosk/policy"
	"smartkiosk/roster"
	"smartkiosk/store"
)

// renamedBandsPack is the default pack with its bands a and c given the
// school's own ids, "early" and "reading-2": the screens must run any band
// the pack defines, not the three they were written with.
func renamedBandsPack(t *testing.T) (fs.FS, *policy.Pack) {
	t.Helper()
	src, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	err = fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	toml := string(m[policy.PackFile].Data)
	renamed := strings.NewReplacer("[[bands]]\nid = \"a\"", "[[bands]]\nid = \"early\"", "[[bands]]\nid = \"c\"", "[[bands]]\nid = \"reading-2\"",
		`band = "a"`, `band = "early"`, `band = "c"`, `band = "reading-2"`).Replace(toml)
	if strings.Count(renamed, "reading-2") < 2 || strings.Count(renamed, "early") < 2 {
		t.Fatal("the default pack's bands are not written as this test expects")
	}
	m[policy.PackFile] = &fstest.MapFile{Data: []byte(renamed)}
	pack, err := policy.Load(m)
	if err != nil {
		t.Fatalf("the renamed pack: %v", err)
	}
	return m, pack
}

// TestSignOff_BandsOfThePack: a pupil whose band the pack no longer has is
// told to an adult, not started; the adult chooses one of the pack's bands
// and the sign-off runs end to end under it.
func TestSignOff_BandsOfThePack(t *testing.T) {
	fsys, pack := renamedBandsPack(t)
	tk := newTestKiosk(t, func(d *Deps) { d.Pack, d.PackFS = pack, fsys })
	tk.st.SetBands(pack.BandIDs())

	p := tk.pupilInBand(t, "a") // seeded before the pack changed
	tk.openPupil(t, p)
	tk.tapText(t, "Start the sign-off")
	pp, ok := tk.nav.Current().(*pupilPage)
	if !ok {
		t.Fatalf("Start for a pupil in no band of the pack: on %T, want the pupil page still", tk.nav.Current())
	}
	if !strings.Contains(pp.message.Text, "No band chosen") {
		t.Errorf("message = %q, want the adult told to choose a band", pp.message.Text)
	}
	tk.tapText(t, "Listening & symbols (P4–P7)")
	if got, _ := tk.st.Pupil(tk.ctx, p.ID); got.Band != "early" {
		t.Fatalf("band after choosing = %q, want early", got.Band)
	}
	tk.tapText(t, "Start the sign-off")
	tk.tapText(t, "Start")
	st, ok := tk.nav.Current().(*step)
	if !ok {
		t.Fatalf("after Start: on %T", tk.nav.Current())
	}
	for range st.so.steps {
		tk.tapText(t, "Yes, I agree")
	}
	tk.tapText(t, "Use a tick")
	tk.tapText(t, "I agree")
	tk.countersignAs(t, store.DemoTAPIN)
	if _, ok := tk.nav.Current().(*saved); !ok {
		t.Fatalf("after countersigning: on %T", tk.nav.Current())
	}
	recs := tk.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	if b := recs[0].Body; b.Band != "early" || b.BandAlias != "P4–P7" || b.Form != "pupil-a" {
		t.Errorf("record band %q (%q), form %q; want early (P4–P7), pupil-a", b.Band, b.BandAlias, b.Form)
	}
}

// TestRosterImport_PackBands: the roster page reads a file's Band column
// with the pack's bands (the school's alias "P4–P7" is band early), and
// tells the adult which of them new pupils with no band start in.
func TestRosterImport_PackBands(t *testing.T) {
	fsys, pack := renamedBandsPack(t)
	tk := newTestKiosk(t, func(d *Deps) { d.Pack, d.PackFS = pack, fsys })
	tk.st.SetBands(pack.BandIDs())
	ri := tk.openRosterPicker(t)
	file := tk.rosterFor(t)
	file = strings.Replace(file, "Year\r\n", "Year,Band\r\n", 1)
	file = strings.ReplaceAll(file, "\r\n", ",\r\n")
	file = strings.Replace(file, "Year,Band,\r\n", "Year,Band\r\n", 1)
	file += string(roster.UPNCheckLetter("999900124778")) + "999900124778,Quill,Rhys,Oak,Year 7,p4 - p7\r\n"
	tk.pickGives(t, "roster.csv", file)
	if ri.plan == nil || len(ri.plan.Problems) > 0 || len(ri.plan.Add) != 2 {
		t.Fatalf("plan %+v, message %q", ri.plan, ri.message)
	}
	if got := ri.plan.Add[1].Band; got != "early" {
		t.Errorf("the Band cell p4 - p7 is band %q, want early", got)
	}
	shown := strings.Join(texts(ri.summary(), nil), "\n")
	if !strings.Contains(shown, "1 new pupil has no band in the file: they start on band P4–P7; change it on their page.") {
		t.Errorf("the page does not name the band new pupils start in:\n%s", shown)
	}
}

package roster

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"smartkiosk/signoff"
)

func readRosterFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// legacyBands are the three bands of packs written before bands were the
// school's own, as the Example School pack still has them.
var legacyBands = []signoff.BandName{{ID: "a", Alias: "P4–P7"}, {ID: "b", Alias: "P7–L1"}, {ID: "c", Alias: "L2–L4"}}

func mustParse(tb testing.TB, data []byte) *File {
	tb.Helper()
	f, err := Parse(bytes.NewReader(data), legacyBands)
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return f
}

// simsRows are the rows of testdata/sims.csv.
var simsRows = []Row{
	{Line: 2, Pupil: signoff.Pupil{UPN: "K999900124101", GivenName: "Millie", FamilyName: "Hughes", Class: "Oak", Year: "Year 7"}},
	{Line: 3, Pupil: signoff.Pupil{UPN: "Z999900124102", GivenName: "Oliver", FamilyName: "Bennett", Class: "Oak", Year: "Year 7"}},
	{Line: 4, Pupil: signoff.Pupil{UPN: "N999900124103", GivenName: "Isla", FamilyName: "Carter", Class: "Willow", Year: "Year 8"}},
}

func TestParseRoster_OK(t *testing.T) {
	sims := readRosterFile(t, "sims.csv")
	simsPlain := bytes.ReplaceAll(bytes.TrimPrefix(sims, utf8BOM), []byte("\r\n"), []byte("\n"))
	for _, tc := range []struct {
		name string
		data []byte
		want File
	}{
		// SIMS: quoted headings, a BOM, CRLF, Preferred Forename, extra columns.
		{"SIMS", sims, File{Rows: simsRows, HasPreferredForename: true}},
		{"NoBOMAndLF", simsPlain, File{Rows: simsRows, HasPreferredForename: true}},
		{"OldMacCR", bytes.ReplaceAll(simsPlain, []byte("\n"), []byte("\r")), File{Rows: simsRows, HasPreferredForename: true}},
		{"Arbor", readRosterFile(t, "arbor.csv"), File{HasBand: true, Rows: []Row{
			{Line: 2, Pupil: signoff.Pupil{UPN: "C999900124104", GivenName: "Noah", FamilyName: "Fletcher", Class: "Rowan", Year: "Year 9", Band: "b"}},
			{Line: 3, Pupil: signoff.Pupil{UPN: "R999900124105", GivenName: "Freya", FamilyName: "Dawson", Class: "Rowan", Year: "Year 9"}},
			{Line: 4, Pupil: signoff.Pupil{UPN: "F999900124106", GivenName: "Jacob", FamilyName: "Ellis", Class: "Ash", Year: "Year 10", Band: "c"}},
		}}},
		// Bromcom-like: snake_case headings, lower-case UPN with a space,
		// preferred surname, band and language.
		{"Bromcom", readRosterFile(t, "bromcom.csv"), File{
			HasBand: true, HasLanguage: true, HasPreferredForename: true, HasPreferredSurname: true,
			Rows: []Row{
				{Line: 2, Pupil: signoff.Pupil{UPN: "V999900124107", GivenName: "Poppy", FamilyName: "Harding", Class: "Elm", Year: "Year 7", Band: "a", Language: "en-GB"}},
				{Line: 3, Pupil: signoff.Pupil{UPN: "J999900124108", GivenName: "Theo", FamilyName: "Lawson-Price", Class: "Elm", Year: "Year 7", Band: "b", Language: "cy"}},
				{Line: 4, Pupil: signoff.Pupil{UPN: "Y999900124109", GivenName: "Ruby", FamilyName: "Marsh", Class: "Elm", Year: "Year 8", Band: "c", Language: "pl"}},
			}}},
		// A quoted comma in a name and class, a three-line note: the next
		// row starts on line 5.
		{"Quoted", readRosterFile(t, "quoted.csv"), File{Rows: []Row{
			{Line: 2, Pupil: signoff.Pupil{UPN: "J999900124110", GivenName: "Harry", FamilyName: "Stanton, Jr", Class: "Oak, Upper", Year: "Year 11"}},
			{Line: 5, Pupil: signoff.Pupil{UPN: "Y999900124111", GivenName: "Evie", FamilyName: "Turner", Class: "Oak, Upper", Year: "Year 11"}},
		}}},
		{"TemporaryUPN", readRosterFile(t, "temporary.csv"), File{Rows: []Row{
			{Line: 2, Pupil: signoff.Pupil{UPN: "W99990012410A", GivenName: "Alfie", FamilyName: "Whitlock", Class: "Birch", Year: "Year 8"}},
			{Line: 3, Pupil: signoff.Pupil{UPN: "Y99990012411B", GivenName: "Rosa", FamilyName: "Quinn", Class: "Birch", Year: "Year 8"}},
		}}},
		{"BandAliases", readRosterFile(t, "bands.csv"), File{HasBand: true, Rows: []Row{
			{Line: 2, Pupil: signoff.Pupil{UPN: "M999900124112", GivenName: "Ben", FamilyName: "Adams", Class: "Oak", Year: "Year 7", Band: "a"}},
			{Line: 3, Pupil: signoff.Pupil{UPN: "B999900124113", GivenName: "Amy", FamilyName: "Brown", Class: "Oak", Year: "Year 7", Band: "a"}},
			{Line: 4, Pupil: signoff.Pupil{UPN: "Q999900124114", GivenName: "Cal", FamilyName: "Clark", Class: "Oak", Year: "Year 7", Band: "b"}},
			{Line: 5, Pupil: signoff.Pupil{UPN: "E999900124115", GivenName: "Dan", FamilyName: "Dixon", Class: "Oak", Year: "Year 7", Band: "b"}},
			{Line: 6, Pupil: signoff.Pupil{UPN: "U999900124116", GivenName: "Eve", FamilyName: "Evans", Class: "Oak", Year: "Year 7", Band: "c"}},
			{Line: 7, Pupil: signoff.Pupil{UPN: "H999900124117", GivenName: "Fay", FamilyName: "Foster", Class: "Oak", Year: "Year 7", Band: "c"}},
			{Line: 8, Pupil: signoff.Pupil{UPN: "X999900124118", GivenName: "Gus", FamilyName: "Green", Class: "Oak", Year: "Year 7", Band: "c"}},
		}}},
		// Blank rows Excel leaves at the end are not pupils.
		{"TrailingEmptyRows", append(simsPlain, ",,,,,,,,\n , ,,,,,,,\n\n"...), File{Rows: simsRows, HasPreferredForename: true}},
		{"LanguageCase", []byte("UPN,Surname,Forename,Class,Year,Language\nK999900124101,Hughes,Amelia,Oak,Year 7,EN_gb\n" +
			"Z999900124102,Bennett,Oliver,Oak,Year 7,sr-latn-rs\nN999900124103,Carter,Isla,Oak,Year 7,\n"),
			File{HasLanguage: true, Rows: []Row{
				{Line: 2, Pupil: signoff.Pupil{UPN: "K999900124101", GivenName: "Amelia", FamilyName: "Hughes", Class: "Oak", Year: "Year 7", Language: "en-GB"}},
				{Line: 3, Pupil: signoff.Pupil{UPN: "Z999900124102", GivenName: "Oliver", FamilyName: "Bennett", Class: "Oak", Year: "Year 7", Language: "sr-Latn-RS"}},
				{Line: 4, Pupil: signoff.Pupil{UPN: "N999900124103", GivenName: "Isla", FamilyName: "Carter", Class: "Oak", Year: "Year 7"}},
			}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustParse(t, tc.data)
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("Parse =\n%+v\nwant\n%+v", *got, tc.want)
			}
		})
	}
}

func TestParseRoster_Problems(t *testing.T) {
	long := strings.Repeat("x", MaxNameRunes+1)
	for _, tc := range []struct {
		name string
		csv  string
		want []Problem
	}{
		{"File", string(readRosterFile(t, "problems.csv")), []Problem{
			{3, "", "The UPN is missing."},
			{4, "A999900124102", "UPN A999900124102: the check letter (the first character) does not match the rest of the UPN; check it was copied correctly."},
			{5, "", "The UPN is 12 characters long; a UPN has 13."},
			{6, "K999900124101", "UPN K999900124101 is also on line 2: each pupil must be in the file once."},
			{7, "C999900124104", "The Surname is empty."},
			{7, "C999900124104", "The Year is empty."},
			{7, "C999900124104", `The Band "d" is not one of the policy pack's bands: a (P4–P7), b (P7–L1) or c (L2–L4). ` +
				"Correct it, or leave the cell empty to keep the pupil's band."},
			{7, "C999900124104", `The Language "english" is not a language tag such as en-GB, cy or pl.`},
			{8, "R999900124105", "The row has 5 fields but the header has 7: a comma is missing or extra, so the columns do not line up."},
		}},
		{"WrongCharacters", "UPN,Surname,Forename,Class,Year\nK99990012410I,Hughes,Amelia,Oak,Year 7\n", []Problem{
			{2, "", "The UPN has the wrong characters: a UPN is a letter, 11 digits, then a digit (or, in a temporary UPN, a letter other than I, O or S)."},
		}},
		{"NameInUPNColumn", "UPN,Surname,Forename,Class,Year\nHughes,K999900124101,Amelia,Oak,Year 7\n", []Problem{
			{2, "", "The UPN is 6 characters long; a UPN has 13."}, // the name is not repeated
		}},
		{"TooLong", "UPN,Surname,Preferred Name,Forename,Class,Year\nK999900124101," + long + ",,Amelia,Oak,Year 7\n" +
			"Z999900124102,Bennett," + long + ",Oliver,Oak,Year 7\n", []Problem{
			{2, "K999900124101", "The Surname is longer than 100 characters."},
			{3, "Z999900124102", "The Preferred Name is longer than 100 characters."},
		}},
		{"LineBreakInName", "UPN,Surname,Forename,Class,Year\nK999900124101,\"Hug\nhes\",Amelia,Oak,Year 7\nZ999900124102,,Oliver,Oak,Year 7\n", []Problem{
			{2, "K999900124101", "The Surname has a line break or other control character in it."},
			{4, "Z999900124102", "The Surname is empty."}, // the quoted line break counts
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustParse(t, []byte(tc.csv))
			if !reflect.DeepEqual(got.Problems, tc.want) {
				t.Errorf("Problems =\n%+v\nwant\n%+v", got.Problems, tc.want)
			}
			for _, r := range got.Rows {
				for _, p := range got.Problems {
					if p.Line == r.Line {
						t.Errorf("line %d is both a row and a problem", r.Line)
					}
				}
			}
		})
	}
}

// utf16LE encodes s as UTF-16 little-endian with a byte-order mark, as
// Excel's "Unicode text" does.
func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

const goodHeader = "UPN,Legal Surname,Legal Forename,Reg Group,Year\n"

// badRosterFiles cannot be read as a roster at all; each error must say
// (in these words) what to do, and never show a pupil's name.
var badRosterFiles = []struct {
	name string
	data []byte
	want []string
}{
	{"Empty", nil, []string{"The file is empty"}},
	{"OnlyBOM", []byte("\xEF\xBB\xBF\r\n"), []string{"The file is empty"}},
	{"HeaderOnly", []byte(goodHeader), []string{"column headings but no pupils"}},
	{"HeaderAndBlankRows", []byte(goodHeader + ",,,,\n\n"), []string{"column headings but no pupils"}},
	{"MissingColumns", []byte("UPN,Surname,Forename,DOB\nK999900124101,Hughes,Amelia,2013-01-01\n"), []string{
		"The file has no class column: it needs one headed Reg Group, Registration Group, Registration Form, Reg, Class, Form or Tutor Group.",
		"The file has no year column",
		`Its columns are: "UPN", "Surname", "Forename", "DOB".`,
	}},
	{"NoHeadingRow", []byte("K999900124101,Hughes,Amelia,Oak\n"), []string{"The first line of the file is a pupil, not column headings"}},
	{"DuplicateColumn", []byte("UPN,Surname,Forename,Reg Group,Year,surname\nK999900124101,Hughes,Amelia,Oak,Year 7,Hughes\n"),
		[]string{`The column "Surname" appears more than once (columns B and F)`}},
	{"Semicolons", []byte("UPN;Surname;Forename;Reg Group;Year\nK999900124101;Hughes;Amelia;Oak;Year 7\n"),
		[]string{"separated by semicolons or tabs"}},
	// UTF-8 with a character that is not: neither reading is right.
	{"MixedEncodings", []byte(goodHeader + "K999900124101,Hughes,Amélia,Oak,Year 7\nZ999900124102,Ben\xe9tt,Oliver,Oak,Year 7\n"),
		[]string{"The file is not UTF-8 (line 3", "in Excel choose Save As → CSV UTF-8"}},
	{"Binary", append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00"), bytes.Repeat([]byte{0, 1, 2, 3, 0xFE, 0}, 50)...),
		[]string{"This is not a text file (it has bytes no CSV file has)"}},
	{"BinaryNoNUL", bytes.Repeat([]byte{1, 2, 3, 4, 'a'}, 100), []string{"This is not a text file (it is mostly characters no CSV file has)"}},
	{"UTF16Binary", append([]byte{0xFF, 0xFE}, bytes.Repeat([]byte{1, 0, 2, 0, 'a', 0}, 50)...), []string{"This is not a text file"}},
	{"Workbook", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml"), []string{"This is an Excel workbook (.xlsx)", "Save As → CSV UTF-8"}},
	{"OldWorkbook", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), []string{"This is an old Excel workbook (.xls)"}},
	{"PDF", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), []string{"This is a PDF, not a CSV file"}},
	{"TitleOnly", []byte("Pupil list for Oak class\n\nK999900124101,Hughes,Amelia,Oak,Year 7\n"),
		[]string{`The first line, "Pupil list for Oak class", is a title, not column headings, and no line in the first 10 has the headings`}},
	{"HeadingsTooFarDown", []byte(strings.Repeat("Pupil list\n", 10) + goodHeader + "K999900124101,Hughes,Amelia,Oak,Year 7\n"),
		[]string{`The first line, "Pupil list", is a title`}},
	{"TitleThenPartHeadings", []byte("Pupil list for Oak class\nUPN,Surname,Forename,DOB\nK999900124101,Hughes,Amelia,2013-01-01\n"),
		[]string{"The file has no class column", `The headings look to be on line 2, and its columns are: "UPN", "Surname", "Forename", "DOB".`}},
	{"CommasOnly", []byte(",,,,\n,,,,\n"), []string{"The file is empty"}},
	{"BareQuote", []byte(goodHeader + "K999900124101,Hughes,Amelia,Oak,Year 7\nZ999900124102,Ben\"nett,Oliver,Oak,Year 7\n"),
		[]string{`Line 3 has a quote mark (")`}},
	{"UnclosedQuote", []byte(goodHeader + "K999900124101,\"Hughes,Amelia,Oak,Year 7\nZ999900124102,Bennett,Oliver,Oak,Year 7\n"),
		[]string{"The quoted field that starts on line 2 is not closed properly"}},
	{"TooBig", bytes.Repeat([]byte("x"), maxBytes+1), []string{"larger than 16 MB"}},
}

func TestParseRoster_ErrFile(t *testing.T) {
	for _, tc := range badRosterFiles {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(bytes.NewReader(tc.data), legacyBands)
			var fe *FileError
			if !errors.As(err, &fe) || f != nil {
				t.Fatalf("Parse = %+v, %v; want a *FileError", f, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			for _, name := range []string{"Hughes", "Amelia", "Oliver"} {
				if strings.Contains(err.Error(), name) {
					t.Errorf("error %q shows a pupil's name", err)
				}
			}
		})
	}
}

// TestParse_LegacyBands: given no bands, Parse reads the three legacy ones
// by letter or P-level, as it did before bands were the pack's.
func TestParse_LegacyBands(t *testing.T) {
	index := bandIndex(legacyBands)
	for in, want := range map[string]string{
		"a": "a", "B": "b", " c ": "c", "P4–P7": "a", "p4-p7": "a", "P4 — P7": "a",
		"P7–L1": "b", "p7 - l1": "b", "L2–L4": "c", "l2-L4": "c",
		"d": "", "P4P7": "", "P4–L1": "", "": "", "band a": "",
	} {
		if got := index[bandKey(in)]; got != want {
			t.Errorf("legacy band %q = %q, want %q", in, got, want)
		}
	}
}

// packBands are a school's own: ids that are not letters, aliases with
// dashes and spaces, a band without an alias.
var packBands = []signoff.BandName{
	{ID: "early", Alias: "P4–P7", Title: "Listening & symbols"},
	{ID: "middle", Alias: "P8 – L1", Title: "Symbol sentences"},
	{ID: "reading-2", Title: "Reading with support"},
}

const bandHeader = "UPN,Surname,Forename,Class,Year,Band\n"

// bandRows is a band file with one row per band cell, from line 2.
func bandRows(cells ...string) []byte {
	var b strings.Builder
	b.WriteString(bandHeader)
	for i, c := range cells {
		rest := fmt.Sprintf("99990012%04d", 4200+i)
		fmt.Fprintf(&b, "%c%s,Hughes,Amelia,Oak,Year 7,%s\n", UPNCheckLetter(rest), rest, c)
	}
	return []byte(b.String())
}

// TestParse_PackBands: a band cell names the pack's band by its id, its
// alias however the school types the dash and spaces, or its title.
func TestParse_PackBands(t *testing.T) {
	cells := map[string]string{
		"early": "early", "EARLY": "early", "P4–P7": "early", "P4-P7": "early", "p4 - p7": "early", "P4 — P7": "early",
		"p4‑p7": "early", "Listening & symbols": "early", "listening &symbols": "early",
		"middle": "middle", "P8–L1": "middle", "p8-l1": "middle", " P8 - L1 ": "middle", "symbol sentences": "middle",
		"reading-2": "reading-2", "Reading-2": "reading-2", "Reading with support": "reading-2", "": "",
	}
	var in, want []string
	for c, w := range cells {
		in, want = append(in, c), append(want, w)
	}
	f, err := Parse(bytes.NewReader(bandRows(in...)), packBands)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) > 0 || len(f.Rows) != len(in) {
		t.Fatalf("%d rows, problems %v; want %d rows and none", len(f.Rows), f.Problems, len(in))
	}
	for i, r := range f.Rows {
		if r.Band != want[i] {
			t.Errorf("band cell %q = band %q, want %q", in[i], r.Band, want[i])
		}
	}
}

// TestParse_UnknownBand: a cell naming no band of the pack is a problem
// on its line that lists the pack's bands as a teacher may write them —
// the legacy letters too, which this pack does not have.
func TestParse_UnknownBand(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bands []signoff.BandName
		cell  string
		want  string
	}{
		{"Letter", packBands, "a", `The Band "a" is not one of the policy pack's bands: early (P4–P7), middle (P8 – L1) or reading-2. ` +
			"Correct it, or leave the cell empty to keep the pupil's band."},
		{"OtherAlias", packBands, "L2–L4", `The Band "L2–L4" is not one of the policy pack's bands: early (P4–P7), middle (P8 – L1) or reading-2. ` +
			"Correct it, or leave the cell empty to keep the pupil's band."},
		{"HalfAnAlias", packBands, "P4", `The Band "P4" is not one of the policy pack's bands`},
		{"SingleBand", []signoff.BandName{{ID: "all", Alias: "P4–L4", Title: "Everyone"}}, "b",
			`The Band "b" is not the policy pack's one band, all (P4–L4). Correct it, or leave the cell empty to keep the pupil's band.`},
		{"Long", packBands, strings.Repeat("x", 30), `The Band "xxxxxxxxxxxxxxxxxxx…" is not one of`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(bytes.NewReader(bandRows(tc.bands[0].ID, tc.cell)), tc.bands)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Problems) != 1 || f.Problems[0].Line != 3 || !strings.HasPrefix(f.Problems[0].Reason, tc.want) {
				t.Fatalf("problems = %v, want one on line 3 starting %q", f.Problems, tc.want)
			}
			if f.Problems[0].UPN == "" {
				t.Error("the problem does not name the row's UPN")
			}
		})
	}
}

// TestParse_SingleBandPack: a pack with one band takes its id, alias and
// title, and an empty cell.
func TestParse_SingleBandPack(t *testing.T) {
	one := []signoff.BandName{{ID: "all", Alias: "P4–L4", Title: "Everyone"}}
	f, err := Parse(bytes.NewReader(bandRows("all", "p4 - l4", "EVERYONE", "")), one)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) > 0 || len(f.Rows) != 4 {
		t.Fatalf("rows %d, problems %v", len(f.Rows), f.Problems)
	}
	for i, want := range []string{"all", "all", "all", ""} {
		if f.Rows[i].Band != want {
			t.Errorf("row %d: band %q, want %q", i, f.Rows[i].Band, want)
		}
	}
}

func TestUnknownBand_NoBands(t *testing.T) {
	got := UnknownBand("band", "b", nil)
	if want := `The band "b" names a band, but the policy pack has no bands: leave the cell empty.`; got != want {
		t.Errorf("UnknownBand = %q, want %q", got, want)
	}
}

// TestBandIndex_IDFirst: a band's id is never read as another band's
// alias or title.
func TestBandIndex_IDFirst(t *testing.T) {
	index := bandIndex([]signoff.BandName{{ID: "a", Alias: "b"}, {ID: "b", Alias: "c", Title: "a"}})
	for in, want := range map[string]string{"a": "a", "b": "b", "c": "b"} {
		if got := index[in]; got != want {
			t.Errorf("%q = band %q, want %q", in, got, want)
		}
	}
}

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"en-GB": "en-GB", "en-gb": "en-GB", "CY": "cy", "pl": "pl", "zh-hant-tw": "zh-Hant-TW", "es-419": "es-419",
		"english": "", "e": "", "en-": "", "en GB": "", "12": "", "en-GB-verylongsubtag": "",
	} {
		got, ok := ParseLanguage(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

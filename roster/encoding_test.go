package roster

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"smartkiosk/signoff"
)

// cp1252 encodes s as Windows-1252, as Excel's "CSV (Comma delimited)"
// saves it on a UK Windows; every rune of s must have a byte there.
func cp1252(t *testing.T, s string) []byte {
	t.Helper()
	var b []byte
	for _, r := range s {
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
			b = append(b, byte(r))
		default:
			i := strings.IndexRune(string(windows1252[:]), r)
			if i < 0 {
				t.Fatalf("%q has no Windows-1252 byte", r)
			}
			b = append(b, byte(0x80+len([]rune(string(windows1252[:])[:i]))))
		}
	}
	return b
}

func utf16BE(s string) []byte {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// accented is a roster whose names need more than ASCII.
const accented = goodHeader +
	"K999900124101,Benét,Zoë,Oak,Year 7\r\n" +
	"Z999900124102,Weiß,Šimon,Oak,Year 7\r\n" +
	"N999900124103,Žáková,François,Oak,Year 7\r\n"

var accentedRows = []Row{
	{Line: 2, Pupil: signoff.Pupil{UPN: "K999900124101", GivenName: "Zoë", FamilyName: "Benét", Class: "Oak", Year: "Year 7"}},
	{Line: 3, Pupil: signoff.Pupil{UPN: "Z999900124102", GivenName: "Šimon", FamilyName: "Weiß", Class: "Oak", Year: "Year 7"}},
	{Line: 4, Pupil: signoff.Pupil{UPN: "N999900124103", GivenName: "François", FamilyName: "Žáková", Class: "Oak", Year: "Year 7"}},
}

// TestParse_Encodings: a roster saved as Excel's "CSV (Comma delimited)"
// (Windows-1252) or "Unicode text" (UTF-16) reads as its UTF-8 twin does,
// accents and all.
func TestParse_Encodings(t *testing.T) {
	t.Parallel()
	polish := strings.Replace(accented, "Benét,Zoë", "Michałowska,Łucja", 1)
	polishRows := append([]Row{{Line: 2, Pupil: signoff.Pupil{UPN: "K999900124101", GivenName: "Łucja", FamilyName: "Michałowska", Class: "Oak", Year: "Year 7"}}},
		accentedRows[1:]...)
	for _, tc := range []struct {
		name string
		data []byte
		want []Row
	}{
		{"UTF8", []byte(accented), accentedRows},
		{"Windows1252", cp1252(t, accented), accentedRows},
		{"UTF16LEWithBOM", utf16LE(polish, true), polishRows},
		{"UTF16LENoBOM", utf16LE(polish, false), polishRows},
		{"UTF16BE", utf16BE(polish), polishRows},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mustParse(t, tc.data)
			if !reflect.DeepEqual(got.Rows, tc.want) || len(got.Problems) > 0 {
				t.Errorf("Parse = %+v, problems %v\nwant %+v", got.Rows, got.Problems, tc.want)
			}
		})
	}
	if bytes.Equal(cp1252(t, accented), []byte(accented)) {
		t.Fatal("the Windows-1252 fixture is plain UTF-8")
	}
}

// TestParse_TitleLines: a SIMS report has title lines above its headings;
// they are read past and the rows keep their own line numbers.
func TestParse_TitleLines(t *testing.T) {
	t.Parallel()
	sims := readRosterFile(t, "sims.csv")
	report := append([]byte("\xEF\xBB\xBF\"Student List - Oak and Willow\",,,,,,,,\r\n\"Printed 01/09/2026 by SIMS\"\r\n,,,,\r\n"),
		bytes.TrimPrefix(sims, utf8BOM)...)
	f := mustParse(t, report)
	want := make([]Row, len(simsRows))
	for i, r := range simsRows {
		r.Line += 3
		want[i] = r
	}
	if !reflect.DeepEqual(f.Rows, want) || !f.HasPreferredForename || len(f.Problems) > 0 {
		t.Errorf("Parse = %+v, problems %v\nwant %+v", f.Rows, f.Problems, want)
	}
}

// TestParse_QuestionMarkInName: Excel's "CSV (Comma delimited)" writes "?"
// for a letter Windows-1252 has not (ł, ś): such a name is not imported as
// it stands, and the reason says how to save the file instead.
func TestParse_QuestionMarkInName(t *testing.T) {
	t.Parallel()
	f := mustParse(t, []byte(goodHeader+"K999900124101,Micha?owska,?ucja,Oak,Year 7\nZ999900124102,Bennett,Oliver,Oak,Year 7?\n"))
	want := []Problem{
		{2, "K999900124101", `The Legal Forename has a question mark where a letter should be: Excel's "CSV (Comma delimited)" writes one for each letter it cannot save (ł, ś, ő…), so in Excel choose Save As → CSV UTF-8 (Comma delimited) and import that file.`},
		{2, "K999900124101", `The Legal Surname has a question mark where a letter should be: Excel's "CSV (Comma delimited)" writes one for each letter it cannot save (ł, ś, ő…), so in Excel choose Save As → CSV UTF-8 (Comma delimited) and import that file.`},
	}
	if !reflect.DeepEqual(f.Problems, want) || len(f.Rows) != 1 {
		t.Errorf("problems =\n%v\nwant\n%v (rows %d, want 1: a year may have one)", f.Problems, want, len(f.Rows))
	}
}

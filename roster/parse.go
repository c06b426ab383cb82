package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"smartkiosk/signoff"
)

// Row is one pupil as the school's MIS export gives them. Every row in a
// File has a valid UPN (upper-case, check letter verified) and all
// required fields; Band is one of the pack's band ids, or "" when the file
// gives none; Language is a BCP 47 tag such as en-GB, or "". Left is never
// set: a file lists the pupils on the roster.
type Row struct {
	Line int // the file's line where the row starts (the header is line 1, or below title lines)
	signoff.Pupil
}

// Problem is a row of the file that cannot be imported as it is.
// A row can have several problems, each its own Problem.
type Problem struct {
	Line   int    // the file's line where the row starts
	UPN    string // the row's UPN when it is well formed, else ""
	Reason string // a sentence a teacher can act on; never holds a name
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// File is a parsed roster: the good rows, the problems of the
// others, and which optional columns the file has.
type File struct {
	Rows     []Row
	Problems []Problem

	HasBand              bool
	HasLanguage          bool
	HasPreferredForename bool
	HasPreferredSurname  bool
}

// FileError is a file that cannot be read as a roster at all.
// Reason is one or more full sentences saying what to do about it.
type FileError struct{ Reason string }

func (e *FileError) Error() string { return e.Reason }

func fileErr(format string, args ...any) error {
	return &FileError{Reason: fmt.Sprintf(format, args...)}
}

// maxBytes is far more than any school's roster (a few hundred bytes
// a pupil); a bigger file is the wrong file.
const maxBytes = 16 << 20

// MaxNameRunes bounds names, class and year.
const MaxNameRunes = 100

// Parse reads a roster CSV as SIMS, Arbor or Bromcom export it, or as
// Excel saves it: UTF-8 with or without a byte-order mark, Windows-1252
// ("CSV (Comma delimited)") or UTF-16 ("Unicode text"), CRLF or LF. The
// heading row may have title lines above it (a SIMS report's), which are
// skipped. Columns are found by their headings whatever their case,
// spacing or punctuation; columns it does not know (date of birth, SEN
// status…) are never read. A file it cannot read at all is a *FileError;
// rows it cannot import are listed in Problems.
//
// bands are the pack's (policy's Pack.BandNames): a Band cell may name one
// by its id, the school's alias for it or its title, whatever the case,
// the spaces and the kind of dash ("P4–P7", "p4 - p7"), and the row then
// holds its id. A cell naming none of them is a Problem that lists them;
// with no bands (a reception pack) every filled Band cell is one.
func Parse(r io.Reader, bands []signoff.BandName) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read roster: %w", err)
	}
	if len(data) > maxBytes {
		return nil, fileErr("The file is larger than 16 MB, far bigger than a school roster: check it is the right file.")
	}
	data, err = fileText(data)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // a row of the wrong length is that row's problem
	cr.TrimLeadingSpace = true
	header, cols, err := findHeader(cr)
	if err != nil {
		return nil, err
	}
	p := parser{cols: cols, header: header, seen: map[string]int{}, bands: bands, bandOf: bandIndex(bands)}
	f := &File{
		HasBand: cols[colBand] >= 0, HasLanguage: cols[colLanguage] >= 0,
		HasPreferredForename: cols[colPreferredForename] >= 0, HasPreferredSurname: cols[colPreferredSurname] >= 0,
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvFileError(err)
		}
		if blankRecord(rec) {
			continue // Excel leaves rows of empty cells after the data
		}
		line, _ := cr.FieldPos(0)
		p.parseRow(f, line, rec)
	}
	if len(f.Rows) == 0 && len(f.Problems) == 0 {
		return nil, fileErr("The file has column headings but no pupils: export the roster again with the pupils in it.")
	}
	return f, nil
}

// csvFileError explains a CSV syntax error: these break every row after
// them, so they are the file's problem, not one row's.
func csvFileError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read roster: %w", err)
	}
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		return fileErr(`Line %d has a quote mark (") in a field that does not start with one: `+
			`remove it, or export the roster from the MIS again.`, pe.Line)
	}
	return fileErr(`The quoted field that starts on line %d is not closed properly (a quote mark " is missing or extra): `+
		`check that line, or export the roster from the MIS again.`, pe.StartLine)
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parser checks rows against the header and each other.
type parser struct {
	cols   columnIndex
	header []string
	seen   map[string]int // UPN → line it was first on
	bands  []signoff.BandName
	bandOf map[string]string // bandKey of an id, alias or title → the band's id
}

func (p *parser) parseRow(f *File, line int, rec []string) {
	if len(rec) != len(p.header) {
		upn := ""
		if i := p.cols[colUPN]; i < len(rec) && CheckUPN(NormalizeUPN(rec[i])) == nil {
			upn = NormalizeUPN(rec[i])
		}
		f.Problems = append(f.Problems, Problem{Line: line, UPN: upn, Reason: fmt.Sprintf(
			"The row has %d fields but the header has %d: a comma is missing or extra, so the columns do not line up.",
			len(rec), len(p.header))})
		return
	}
	upn, reasons := p.upn(line, rec)
	row := Row{Line: line, Pupil: signoff.Pupil{UPN: upn}}
	var why string
	row.GivenName, why = p.name(rec, colForename, colPreferredForename)
	reasons = appendReason(reasons, why)
	row.FamilyName, why = p.name(rec, colSurname, colPreferredSurname)
	reasons = appendReason(reasons, why)
	row.Class, why = p.text(rec, colClass)
	reasons = appendReason(reasons, why)
	row.Year, why = p.text(rec, colYear)
	reasons = appendReason(reasons, why)
	row.Band, why = p.band(rec)
	reasons = appendReason(reasons, why)
	row.Language, why = p.language(rec)
	reasons = appendReason(reasons, why)
	if len(reasons) == 0 {
		f.Rows = append(f.Rows, row)
		return
	}
	if err := CheckUPN(upn); err != nil && !errors.Is(err, ErrUPNCheckLetter) {
		upn = "" // it may be a name in the wrong column
	}
	for _, r := range reasons {
		f.Problems = append(f.Problems, Problem{Line: line, UPN: upn, Reason: r})
	}
}

func appendReason(reasons []string, why string) []string {
	if why == "" {
		return reasons
	}
	return append(reasons, why)
}

// upn returns the row's UPN and, if it cannot be used, why. A malformed
// UPN is not repeated in the reason: it may be a name in the wrong column.
func (p *parser) upn(line int, rec []string) (string, []string) {
	upn := NormalizeUPN(rec[p.cols[colUPN]])
	err := CheckUPN(upn)
	switch {
	case upn == "":
		return upn, []string{"The UPN is missing."}
	case errors.Is(err, ErrUPNLength):
		return upn, []string{fmt.Sprintf("The UPN is %d characters long; a UPN has 13.", utf8.RuneCountInString(upn))}
	case errors.Is(err, ErrUPNCharacters):
		return upn, []string{"The UPN has the wrong characters: a UPN is a letter, 11 digits, " +
			"then a digit (or, in a temporary UPN, a letter other than I, O or S)."}
	case errors.Is(err, ErrUPNCheckLetter):
		return upn, []string{fmt.Sprintf("UPN %s: the check letter (the first character) does not match "+
			"the rest of the UPN; check it was copied correctly.", upn)}
	}
	if first, dup := p.seen[upn]; dup {
		return upn, []string{fmt.Sprintf("UPN %s is also on line %d: each pupil must be in the file once.", upn, first)}
	}
	p.seen[upn] = line
	return upn, nil
}

// name is the preferred name when the file has one for the row, else the
// legal name.
func (p *parser) name(rec []string, legal, preferred column) (string, string) {
	c := legal
	if i := p.cols[preferred]; i >= 0 && strings.TrimSpace(rec[i]) != "" {
		c = preferred
	}
	v, why := p.text(rec, c)
	if why == "" && strings.ContainsRune(v, '?') {
		return "", fmt.Sprintf("The %s has a question mark where a letter should be: Excel's \"CSV (Comma delimited)\" "+
			"writes one for each letter it cannot save (ł, ś, ő…), so "+saveAsCSV, printable(p.header[p.cols[c]]))
	}
	return v, why
}

// text is a required field, trimmed, and why it cannot be used if so.
// Reasons name the column by the file's own heading, as the teacher sees
// it in Excel.
func (p *parser) text(rec []string, c column) (string, string) {
	i := p.cols[c]
	v := strings.TrimSpace(rec[i])
	heading := printable(p.header[i])
	switch {
	case v == "":
		return "", fmt.Sprintf("The %s is empty.", heading)
	case utf8.RuneCountInString(v) > MaxNameRunes:
		return "", fmt.Sprintf("The %s is longer than %d characters.", heading, MaxNameRunes)
	case strings.ContainsFunc(v, isControl):
		return "", fmt.Sprintf("The %s has a line break or other control character in it.", heading)
	}
	return v, ""
}

func (p *parser) band(rec []string) (string, string) {
	i := p.cols[colBand]
	if i < 0 || strings.TrimSpace(rec[i]) == "" {
		return "", ""
	}
	if id, ok := p.bandOf[bandKey(rec[i])]; ok {
		return id, ""
	}
	return "", UnknownBand(printable(p.header[i]), rec[i], p.bands)
}

func (p *parser) language(rec []string) (string, string) {
	i := p.cols[colLanguage]
	if i < 0 || strings.TrimSpace(rec[i]) == "" {
		return "", ""
	}
	if tag, ok := ParseLanguage(rec[i]); ok {
		return tag, ""
	}
	return "", fmt.Sprintf("The %s %q is not a language tag such as en-GB, cy or pl.",
		printable(p.header[i]), clip(strings.TrimSpace(rec[i]), 20))
}

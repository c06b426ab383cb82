package roster

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// column is a column the import reads; any other column is ignored.
type column int

const (
	colUPN column = iota
	colSurname
	colForename
	colClass
	colYear
	colPreferredSurname
	colPreferredForename
	colBand
	colLanguage
	numColumns
)

// columns are the headings each column goes by in SIMS, Arbor and
// Bromcom exports, preferred first: when a file has two of them (say
// "Legal Surname" and "Surname") the first listed is read.
var columns = [numColumns]struct {
	what     string // in a sentence: "no UPN column"
	headings []string
	required bool
}{
	colUPN:               {"UPN column", []string{"UPN", "Unique Pupil Number"}, true},
	colSurname:           {"surname column", []string{"Legal Surname", "Surname", "Last Name", "Family Name"}, true},
	colForename:          {"forename column", []string{"Legal Forename", "Forename", "First Name", "Given Name"}, true},
	colClass:             {"class column", []string{"Reg Group", "Registration Group", "Registration Form", "Reg", "Class", "Form", "Tutor Group"}, true},
	colYear:              {"year column", []string{"Year", "Year Group", "NC Year", "NC Year Actual", "Curriculum Year"}, true},
	colPreferredSurname:  {"", []string{"Preferred Surname"}, false},
	colPreferredForename: {"", []string{"Preferred Forename", "Preferred Name"}, false},
	colBand:              {"", []string{"Band"}, false},
	colLanguage:          {"", []string{"Language"}, false},
}

// columnIndex is the file's column index of each column, -1 if absent.
type columnIndex [numColumns]int

// headingKey makes headings that differ only in case, spacing or
// punctuation equal: "Legal Surname", "legal_surname", "LegalSurname".
func headingKey(h string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, h)
}

// maxTitleLines is how many lines Parse reads looking for the heading
// row: a SIMS report has a title line or two above it.
const maxTitleLines = 10

// findHeader reads the file's lines up to its heading row, the first whose
// headings name every required column, and returns it and where each
// column is. The lines above it (titles, blank lines) are not read. With
// no heading row in the first maxTitleLines lines, the error is about the
// line most like one.
func findHeader(cr *csv.Reader) ([]string, columnIndex, error) {
	var first, best []string
	bestFound, bestLine := -1, 0
	var bestMissing []string
	for range maxTitleLines {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, columnIndex{}, csvFileError(err)
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		cols, missing, err := matchColumns(rec)
		if err != nil {
			return nil, cols, err // a heading row with a fault of its own
		}
		if len(missing) == 0 {
			return rec, cols, nil
		}
		isPupil := headerIsAPupil(rec)
		if first == nil {
			first = rec
			if isPupil {
				return nil, cols, fileErr("The first line of the file is a pupil, not column headings: export the roster " +
					"again with a heading row (UPN, Legal Surname, Legal Forename, Reg Group, Year).")
			}
		}
		if isPupil {
			break // the pupils start here, with no heading row above them
		}
		if found := requiredColumns - len(missing); found > bestFound {
			best, bestFound, bestLine, bestMissing = rec, found, line, missing
		}
	}
	if first == nil {
		return nil, columnIndex{}, fileErr("The file is empty: export the roster from the MIS again.")
	}
	return nil, columnIndex{}, headerError(first, best, bestFound, bestLine, bestMissing)
}

// requiredColumns is how many columns a roster must have.
var requiredColumns = func() int {
	n := 0
	for _, c := range columns {
		if c.required {
			n++
		}
	}
	return n
}()

// headerError says why no line is the heading row: first is the file's
// first line, best the one with the most required columns (found of
// them), on line, missing the others.
func headerError(first, best []string, found, line int, missing []string) error {
	if singleColumnOtherDelimiter(first) {
		return fileErr("The file's columns are separated by semicolons or tabs, not commas: " +
			"in Excel choose Save As → CSV UTF-8 (Comma delimited) and import that file.")
	}
	if found == 0 {
		if len(nonEmpty(first)) == 1 {
			return fileErr("The first line, %q, is a title, not column headings, and no line in the first %d has the "+
				"headings (UPN, Legal Surname, Legal Forename, Reg Group, Year): export the roster again with a heading row.",
				clip(printable(nonEmpty(first)[0]), 40), maxTitleLines)
		}
		return fileErr("No line in the first %d has the column headings (UPN, Legal Surname, Legal Forename, Reg Group, Year). "+
			"The first line's columns are: %s. Export the roster again with a heading row.", maxTitleLines, headingList(first))
	}
	where := "Its columns are"
	if !slices.Equal(best, first) {
		where = fmt.Sprintf("The headings look to be on line %d, and its columns are", line)
	}
	return fileErr("%s %s: %s. Export the roster again with the missing columns.",
		strings.Join(missing, " "), where, headingList(best))
}

func nonEmpty(rec []string) []string {
	var out []string
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			out = append(out, f)
		}
	}
	return out
}

// matchColumns finds the columns the import reads in a heading row, and
// lists the required ones it lacks, each as a sentence. Two columns with
// the same heading are an error.
func matchColumns(header []string) (columnIndex, []string, error) {
	at := map[string][]int{} // heading key → the columns that have it
	for i, h := range header {
		at[headingKey(h)] = append(at[headingKey(h)], i)
	}
	var cols columnIndex
	var missing []string
	for c, col := range columns {
		cols[c] = -1
		for _, h := range col.headings {
			found := at[headingKey(h)]
			if len(found) > 1 {
				return cols, nil, fileErr("The column %q appears more than once (columns %s): delete all but one and save the file again.",
					printable(header[found[0]]), columnLetters(found))
			}
			if len(found) == 1 && cols[c] < 0 {
				cols[c] = found[0]
			}
		}
		if cols[c] < 0 && col.required {
			missing = append(missing, fmt.Sprintf("The file has no %s: it needs one headed %s.",
				col.what, orList(col.headings)))
		}
	}
	return cols, missing, nil
}

func singleColumnOtherDelimiter(header []string) bool {
	return len(header) == 1 && strings.ContainsAny(header[0], ";\t")
}

// headerIsAPupil reports whether the first line holds a UPN: a file
// without headings, whose first line must not be shown as if it were.
func headerIsAPupil(header []string) bool {
	for _, h := range header {
		if CheckUPN(NormalizeUPN(h)) == nil {
			return true
		}
	}
	return false
}

// headingList shows a file's headings, quoted, the first 40 of them.
func headingList(header []string) string {
	const most = 40
	var hs []string
	for i, h := range header {
		if i == most {
			hs = append(hs, fmt.Sprintf("and %d more", len(header)-most))
			break
		}
		hs = append(hs, strconv.Quote(clip(printable(h), 40)))
	}
	return strings.Join(hs, ", ")
}

// columnLetters names columns as a spreadsheet does: A, B, …, Z, AA.
func columnLetters(idx []int) string {
	var names []string
	for _, i := range idx {
		name := ""
		for n := i + 1; n > 0; n = (n - 1) / 26 {
			name = string(rune('A'+(n-1)%26)) + name
		}
		names = append(names, name)
	}
	return joinList(names, "and")
}

// orList joins words as "a, b or c".
func orList(words []string) string { return joinList(words, "or") }

func joinList(words []string, conj string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// printable is s trimmed, with control characters removed.
func printable(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if isControl(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s))
}

func isControl(r rune) bool { return unicode.IsControl(r) }

// clip shortens s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// languageTag is a simple BCP 47 shape: a 2–3 letter language, then
// subtags of 2–8 letters or digits (script, region, variant).
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// ParseLanguage checks a language tag and writes it the usual way:
// "EN_gb" → "en-GB", "sr-latn" → "sr-Latn". The kiosk checks a hub's
// roster entries with it as Parse checks a file's cells.
func ParseLanguage(v string) (string, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), "_", "-")
	if len(v) > 35 || !languageTag.MatchString(v) {
		return "", false
	}
	parts := strings.Split(v, "-")
	for i, p := range parts {
		switch {
		case i > 0 && len(p) == 2 && isLetters(p):
			parts[i] = strings.ToUpper(p)
		case i > 0 && len(p) == 4 && isLetters(p):
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	return strings.Join(parts, "-"), true
}

func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

package roster

import (
	"fmt"
	"regexp"
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

// matchColumns finds the columns the import reads in the header row.
func matchColumns(header []string) (columnIndex, error) {
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
				return cols, fileErr("The column %q appears more than once (columns %s): delete all but one and save the file again.",
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
	if len(missing) == 0 {
		return cols, nil
	}
	if singleColumnOtherDelimiter(header) {
		return cols, fileErr("The file's columns are separated by semicolons or tabs, not commas: " +
			"in Excel choose Save As → CSV UTF-8 (Comma delimited) and import that file.")
	}
	if headerIsAPupil(header) {
		return cols, fileErr("The first line of the file is a pupil, not column headings: export the roster " +
			"again with a heading row (UPN, Legal Surname, Legal Forename, Reg Group, Year).")
	}
	return cols, fileErr("%s Its columns are: %s. Export the roster again with the missing columns.",
		strings.Join(missing, " "), headingList(header))
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

// parseLanguage checks a language tag and writes it the usual way:
// "EN_gb" → "en-GB", "sr-latn" → "sr-Latn".
func parseLanguage(v string) (string, bool) {
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

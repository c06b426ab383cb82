package hub

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The school's staff list: names only, kept so the hub can say who has
// not signed the staff policy, and sent to reception tablets so staff
// without a kiosk account can find their name.

// Limits on a staff list.
const (
	maxStaffNames    = 5000
	maxStaffNameRune = 100
)

// StaffList returns the staff list, empty when none was ever saved.
func StaffList(ctx context.Context, st Store) ([]string, error) {
	data, err := st.Setting(ctx, settingStaffList)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(data, &names); err != nil {
		return nil, fmt.Errorf("the staff list cannot be read: %w", err)
	}
	return names, nil
}

// PutStaffList replaces the staff list whole.
func PutStaffList(ctx context.Context, st Store, names []string, at time.Time) error {
	data, err := json.Marshal(names)
	if err != nil {
		return err
	}
	return st.PutSetting(ctx, settingStaffList, data, at)
}

// NameKey is how names are matched: case and spacing do not count
// ("ann  LEE" is "Ann Lee").
func NameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// tidyName is a name as the hub keeps it: spaces collapsed, case kept.
func tidyName(s string) string { return strings.Join(strings.Fields(s), " ") }

// ParseStaffList reads a staff list as an admin pastes or uploads it: one
// name a line, or a CSV file whose first row names a Name column (or
// First name and Surname columns). Blank lines are skipped. Any problem is
// a sentence naming the line, and nothing of the list is taken.
func ParseStaffList(text string) ([]string, error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	if !utf8.ValidString(text) {
		return nil, errors.New("the list is not text in UTF-8: save it from the spreadsheet as \"CSV UTF-8\" and try again")
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	first := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) != "" })
	if first < 0 {
		return nil, errors.New("the list has no names: paste one name a line, or choose a CSV file with a Name column")
	}
	if strings.Contains(lines[first], ",") {
		return parseStaffCSV(text)
	}
	return checkNames(func(yield func(line int, name string) bool) {
		for i, l := range lines {
			if strings.TrimSpace(l) != "" && !yield(i+1, l) {
				return
			}
		}
	})
}

// parseStaffCSV reads a CSV staff list by its header row.
func parseStaffCSV(text string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("the first row of the file cannot be read as CSV: %w", err)
	}
	name, given, family := -1, -1, -1
	for i, h := range header {
		switch NameKey(strings.Trim(h, "\"")) {
		case "name", "full name", "staff name", "display name":
			name = i
		case "first name", "forename", "given name", "preferred forename", "legal forename":
			given = i
		case "surname", "last name", "family name", "legal surname", "preferred surname":
			family = i
		}
	}
	if name < 0 && (given < 0 || family < 0) {
		return nil, errors.New("line 1 has commas but no Name column: give the CSV file a header row with a Name column " +
			"(or First name and Surname columns), or paste one name a line")
	}
	type row struct {
		line int
		name string
	}
	var rows []row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("line %d cannot be read as CSV: %w", line, err)
		}
		cell := func(i int) string {
			if i >= 0 && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		n := cell(name)
		if name < 0 {
			n = cell(given) + " " + cell(family)
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a blank row
		}
		if strings.TrimSpace(n) == "" {
			return nil, fmt.Errorf("line %d has no name in the name column: fill it in or delete the row", line)
		}
		rows = append(rows, row{line, n})
	}
	return checkNames(func(yield func(line int, name string) bool) {
		for _, rw := range rows {
			if !yield(rw.line, rw.name) {
				return
			}
		}
	})
}

// checkNames tidies each (line, name) and refuses the whole list at the
// first name that is too long or given twice.
func checkNames(each func(yield func(line int, name string) bool)) ([]string, error) {
	var names []string
	seen := map[string]int{}
	var problem error
	each(func(line int, raw string) bool {
		n := tidyName(raw)
		switch prev, dup := seen[NameKey(n)]; {
		case utf8.RuneCountInString(n) > maxStaffNameRune:
			problem = fmt.Errorf("line %d is longer than a name (%d characters at most): is it two names on one line?", line, maxStaffNameRune)
		case strings.ContainsFunc(n, func(r rune) bool { return r < ' ' || r == 0x7f }):
			problem = fmt.Errorf("line %d holds a character that is not part of a name", line)
		case dup:
			problem = fmt.Errorf("line %d gives %q again (line %d has it already): delete one of them", line, n, prev)
		case len(names) == maxStaffNames:
			problem = fmt.Errorf("line %d is past the %d names a staff list may hold", line, maxStaffNames)
		}
		if problem != nil {
			return false
		}
		seen[NameKey(n)] = line
		names = append(names, n)
		return true
	})
	if problem != nil {
		return nil, problem
	}
	if len(names) == 0 {
		return nil, errors.New("the list has no names: paste one name a line, or choose a CSV file with a Name column")
	}
	return names, nil
}

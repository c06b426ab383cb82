package roster

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A school's roster arrives in whatever Excel or the MIS saved it as:
// UTF-8 ("CSV UTF-8"), Windows-1252 (Excel's "CSV (Comma delimited)" on a
// UK or Western European Windows), or UTF-16 ("Unicode text"). fileText
// reads all three; a file that is none of them is not a text file, and is
// called what it is when it can be told (a workbook, a PDF).

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

const saveAsCSV = "in Excel choose Save As → CSV UTF-8 (Comma delimited) and import that file."

// fileText returns the file as UTF-8 without a byte-order mark, with old
// Mac line endings (CR only) made LF.
func fileText(data []byte) ([]byte, error) {
	if err := binaryFile(data); err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		data = decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		data = decodeUTF16(data[2:], true)
	case bytes.IndexByte(data, 0) >= 0:
		bigEndian, ok := utf16WithoutBOM(data)
		if !ok {
			return nil, fileErr("This is not a text file (it has bytes no CSV file has): check it is the roster, then " + saveAsCSV)
		}
		data = decodeUTF16(data, bigEndian)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr("The file is empty: export the roster from the MIS again.")
	}
	if i := firstInvalidUTF8(data); i >= 0 {
		if hasMultibyteUTF8(data) { // UTF-8 and something else: no reading is right
			line := bytes.Count(data[:i], []byte("\n")) + 1
			return nil, fileErr("The file is not UTF-8 (line %d has a character the kiosk cannot read): "+saveAsCSV, line)
		}
		data = decodeWindows1252(data)
	}
	if controlHeavy(data) {
		return nil, fileErr("This is not a text file (it is mostly characters no CSV file has): check it is the roster, then " + saveAsCSV)
	}
	if bytes.IndexByte(data, '\n') < 0 {
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, nil
}

// binaryFile names the files schools pick by mistake, by their first bytes.
func binaryFile(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return fileErr("This is an Excel workbook (.xlsx) or another zipped file, not a CSV file: open it in Excel, then " + saveAsCSV)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return fileErr("This is an old Excel workbook (.xls), not a CSV file: open it in Excel, then " + saveAsCSV)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return fileErr("This is a PDF, not a CSV file: export the roster from the MIS as CSV instead.")
	}
	return nil
}

// utf16WithoutBOM tells UTF-16 text from a binary file that has NULs: in
// UTF-16 text of Latin script every other byte is 0 (the high byte), in
// the same place, and the text has no other control characters.
func utf16WithoutBOM(data []byte) (bigEndian, ok bool) {
	sample := data[:min(len(data), 4096)&^1]
	if len(sample) < 4 {
		return false, false
	}
	zeros := [2]int{}
	for i, b := range sample {
		if b == 0 {
			zeros[i%2]++
		}
	}
	half := len(sample) / 2
	switch {
	case zeros[1] >= half*9/10 && zeros[0] == 0:
		bigEndian = false
	case zeros[0] >= half*9/10 && zeros[1] == 0:
		bigEndian = true
	default:
		return false, false
	}
	return bigEndian, !controlHeavy(decodeUTF16(sample, bigEndian))
}

func decodeUTF16(data []byte, bigEndian bool) []byte {
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return []byte(string(utf16.Decode(units)))
}

// windows1252 is what bytes 0x80–0x9F are in Windows-1252; the other bytes
// are the code points they are (Latin-1). The five bytes it leaves
// undefined stay the control characters they are in Latin-1.
var windows1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func decodeWindows1252(data []byte) []byte {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(windows1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return []byte(b.String())
}

// firstInvalidUTF8 is the offset of the first byte that is not UTF-8, or -1.
func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// hasMultibyteUTF8 reports whether data holds a character UTF-8 writes in
// more than one byte.
func hasMultibyteUTF8(data []byte) bool {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if size > 1 && r != utf8.RuneError {
			return true
		}
		i += size
	}
	return false
}

// controlHeavy reports whether more than one character in twenty of the
// text's first 4 KB is a control character other than tab and line ends:
// a binary file read as text. (A stray one in a name is that row's problem.)
func controlHeavy(text []byte) bool {
	n, bad := 0, 0
	for _, r := range string(text[:min(len(text), 4096)]) {
		n++
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7F || r == utf8.RuneError {
			bad++
		}
	}
	return n > 0 && bad*20 > n
}

package export

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// The canonical zip: the one byte sequence an evidence pack's files can be
// written as. It is written here field by field, not with archive/zip's
// Writer, so no Go release can change it: every entry is stored (method 0,
// no compression: Deflate output differs between Go versions), dated
// 1980-01-01 00:00, flagged UTF-8, with no extra fields, no data
// descriptors, no comments, in byte order of path. No zip64: a pack holds
// fewer than 65,535 files, each and all under 4 GiB.
const (
	zipLocalSig   = 0x04034b50
	zipCentralSig = 0x02014b50
	zipEndSig     = 0x06054b50
	zipVersion    = 20                // 2.0, the version a stored file needs
	zipMadeBy     = 3<<8 | zipVersion // Unix, so extractors give files mode 0644
	zipFlagUTF8   = 0x0800
	zipDate       = 1<<5 | 1 // MS-DOS date 1980-01-01; the time is 00:00:00
	zipFileMode   = 0o100644 << 16
	zipMaxEntries = 0xffff - 1
	zipMaxSize    = 0xffffffff - 1
)

// zipEntry is one file of a pack: its path and its bytes.
type zipEntry struct {
	Name string
	Data []byte
}

// writeCanonicalZip writes entries (sorted here by name) as the canonical
// zip. Names must be unique, valid UTF-8 and relative.
func writeCanonicalZip(w io.Writer, entries []zipEntry) error {
	entries = slices.Clone(entries)
	slices.SortFunc(entries, func(a, b zipEntry) int { return strings.Compare(a.Name, b.Name) })
	if err := checkZipEntries(entries); err != nil {
		return err
	}
	var central bytes.Buffer
	var off uint64
	for _, e := range entries {
		crc := crc32.ChecksumIEEE(e.Data)
		local := zipHeader(zipLocalSig, e, crc, 0, false)
		if _, err := w.Write(local); err != nil {
			return err
		}
		if _, err := w.Write(e.Data); err != nil {
			return err
		}
		central.Write(zipHeader(zipCentralSig, e, crc, uint32(off), true))
		off += uint64(len(local) + len(e.Data))
	}
	if off+uint64(central.Len()) > zipMaxSize {
		return errors.New("the evidence pack would be over 4 GiB: export fewer records at a time")
	}
	end := make([]byte, 0, 22)
	end = binary.LittleEndian.AppendUint32(end, zipEndSig)
	end = binary.LittleEndian.AppendUint32(end, 0) // this disk, the directory's disk
	end = binary.LittleEndian.AppendUint16(end, uint16(len(entries)))
	end = binary.LittleEndian.AppendUint16(end, uint16(len(entries)))
	end = binary.LittleEndian.AppendUint32(end, uint32(central.Len()))
	end = binary.LittleEndian.AppendUint32(end, uint32(off))
	end = binary.LittleEndian.AppendUint16(end, 0) // no comment
	if _, err := w.Write(central.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(end)
	return err
}

func checkZipEntries(sorted []zipEntry) error {
	if len(sorted) > zipMaxEntries {
		return fmt.Errorf("the evidence pack would hold %d files, over the %d a zip without zip64 can: export fewer records at a time", len(sorted), zipMaxEntries)
	}
	for i, e := range sorted {
		switch {
		case e.Name == "" || len(e.Name) > 0xffff || !utf8.ValidString(e.Name):
			return fmt.Errorf("zip entry %q: not a usable path", e.Name)
		case i > 0 && sorted[i-1].Name == e.Name:
			return fmt.Errorf("zip entry %q: written twice", e.Name)
		case int64(len(e.Data)) > zipMaxSize:
			return fmt.Errorf("zip entry %q: over 4 GiB", e.Name)
		}
	}
	return nil
}

// zipHeader is an entry's local header (central false) or its
// central-directory record (central true, at local header offset off).
func zipHeader(sig uint32, e zipEntry, crc, off uint32, central bool) []byte {
	le := binary.LittleEndian
	b := make([]byte, 0, 46+len(e.Name))
	b = le.AppendUint32(b, sig)
	if central {
		b = le.AppendUint16(b, zipMadeBy)
	}
	b = le.AppendUint16(b, zipVersion)
	b = le.AppendUint16(b, zipFlagUTF8)
	b = le.AppendUint16(b, 0) // stored
	b = le.AppendUint16(b, 0) // 00:00:00
	b = le.AppendUint16(b, zipDate)
	b = le.AppendUint32(b, crc)
	b = le.AppendUint32(b, uint32(len(e.Data))) // compressed size
	b = le.AppendUint32(b, uint32(len(e.Data))) // uncompressed size
	b = le.AppendUint16(b, uint16(len(e.Name)))
	b = le.AppendUint16(b, 0) // no extra field
	if central {
		b = le.AppendUint16(b, 0) // no comment
		b = le.AppendUint16(b, 0) // disk 0
		b = le.AppendUint16(b, 0) // internal attributes
		b = le.AppendUint32(b, zipFileMode)
		b = le.AppendUint32(b, off)
	}
	return append(b, e.Name...)
}

// sameBytes is a writer that compares what is written with r from offset
// 0, remembering the first difference. It reads r in the sizes written.
type sameBytes struct {
	r       io.ReaderAt
	off     int64
	diff    int64 // first differing offset; -1 while none
	buf     []byte
	readErr error // an I/O error reading r (not io.EOF)
}

func newSameBytes(r io.ReaderAt) *sameBytes { return &sameBytes{r: r, diff: -1} }

func (s *sameBytes) Write(p []byte) (int, error) {
	if s.diff < 0 && s.readErr == nil {
		s.buf = slices.Grow(s.buf[:0], len(p))[:len(p)]
		n, err := s.r.ReadAt(s.buf, s.off)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, errOutside) {
			s.readErr = err
		}
		if i := firstDiff(s.buf[:n], p); i >= 0 {
			s.diff = s.off + int64(i)
		} else if n < len(p) {
			s.diff = s.off + int64(n)
		}
	}
	s.off += int64(len(p))
	return len(p), nil
}

// firstDiff is the first index where a and b differ within the shorter, or -1.
func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	if bytes.Equal(a[:n], b[:n]) {
		return -1
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

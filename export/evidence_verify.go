package export

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"smartkiosk/store/record"
)

// VerifyOptions tune VerifyEvidence.
type VerifyOptions struct {
	// HubKey, when set, is the hub key the inspector expects: a pack
	// signed by any other key fails, however well it is signed.
	HubKey ed25519.PublicKey
}

// VerifyReport is what VerifyEvidence found. Each problem is a sentence an
// inspector can act on.
type VerifyReport struct {
	Title    string    // from the manifest
	Created  time.Time // from the manifest
	HubKeyID string    // the key id of hub.pub, which signed the manifest (if it did)
	Records  int       // records in the pack
	Failed   []RecordFailure
	Problems []string // about the pack as a whole
	Notes    []string // worth knowing, not failures
}

// RecordFailure names a record that did not verify and why.
type RecordFailure struct {
	ID       string
	Problems []string
}

// OK reports whether the whole pack verified.
func (r VerifyReport) OK() bool { return len(r.Problems) == 0 && len(r.Failed) == 0 }

// VerifyEvidence checks an evidence pack of size bytes read from r: that
// its bytes are the canonical zip of its files, that the hub signed the
// manifest, that the manifest lists every file with its hash and size,
// and each record's device signature, attachments, hub receipt and policy
// pack. Every finding is in the report; the error is for failing to read r.
func VerifyEvidence(r io.ReaderAt, size int64, opt VerifyOptions) (VerifyReport, error) {
	var rep VerifyReport
	ra := &ioErrReader{r: r, size: size}
	zr, err := zip.NewReader(ra, size)
	if ra.err != nil {
		return rep, ra.err
	}
	if err != nil {
		rep.problem("The file is not a readable evidence pack (%v): it is damaged, or not an evidence pack.", err)
		return rep, nil
	}
	files, entries := readEntries(zr, size, &rep)
	if ra.err != nil {
		return rep, ra.err
	}
	if err := checkCanonical(ra, size, entries, &rep); err != nil {
		return rep, err
	}
	hubPub := checkManifest(files, opt, &rep)
	if hubPub == nil {
		return rep, nil
	}
	v := newVerifier(files, hubPub)
	v.checkDevices(&rep)
	if len(rep.Problems) == 0 {
		v.packs = zr // only an intact pack's policy packs are worth loading
	} else if len(v.packSet) > 0 {
		rep.note("The policy packs in it were not checked, since the evidence pack itself failed.")
	}
	ids := v.recordIDs()
	rep.Records = len(ids)
	for _, id := range ids {
		if problems := v.record(id); len(problems) > 0 {
			rep.Failed = append(rep.Failed, RecordFailure{ID: id, Problems: problems})
		}
		rep.Notes = append(rep.Notes, v.notes...)
		v.notes = nil
	}
	if ra.err != nil {
		return rep, ra.err
	}
	return rep, nil
}

func (r *VerifyReport) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

func (r *VerifyReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// ioErrReader remembers the first real read error, so a damaged zip (a
// finding) is told apart from a disk that cannot be read (an error). It
// keeps reads within size: a damaged zip can point anywhere.
type ioErrReader struct {
	r    io.ReaderAt
	size int64
	err  error
}

var errOutside = errors.New("the zip points outside the file")

func (e *ioErrReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > e.size {
		return 0, errOutside
	}
	short := int64(len(p)) > e.size-off
	if short {
		p = p[:e.size-off]
	}
	n, err := e.r.ReadAt(p, off)
	if err == nil && short {
		err = io.EOF
	}
	if err != nil && !errors.Is(err, io.EOF) && e.err == nil {
		e.err = err
	}
	return n, err
}

// readEntries reads every file of the zip (checking its CRC-32), in order.
// Only stored files are read: a compressed one is not the hub's, and its
// stated size could be anything.
func readEntries(zr *zip.Reader, size int64, rep *VerifyReport) (map[string][]byte, []zipEntry) {
	files := map[string][]byte{}
	var entries []zipEntry
	var total uint64 // entries may overlap; in a real pack they fit in the file
	for _, f := range zr.File {
		if f.Method != zip.Store || f.UncompressedSize64 != f.CompressedSize64 || f.UncompressedSize64 > uint64(size) {
			rep.problem("%s is compressed or its size is wrong; the hub stores every file as is.", f.Name)
			continue
		}
		if total += f.UncompressedSize64; total > uint64(size) {
			rep.problem("The zip's files add up to more than the file itself: it was built to mislead, not by the hub.")
			break
		}
		data, err := readZipFile(f)
		if err != nil {
			rep.problem("%s cannot be read (%v): the file is damaged or was changed.", f.Name, err)
			if data == nil {
				continue
			}
		}
		if _, dup := files[f.Name]; dup {
			rep.problem("%s is in the zip twice.", f.Name)
		}
		files[f.Name] = data
		entries = append(entries, zipEntry{Name: f.Name, Data: data})
	}
	return files, entries
}

// readZipFile reads a stored file in one piece; reading to its end checks
// its CRC-32. A file that fails only its CRC is returned with the error, so
// the checks after can still say which record it changes.
func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data := make([]byte, f.UncompressedSize64)
	if _, err := io.ReadFull(rc, data); err != nil {
		return nil, err
	}
	if n, err := rc.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return data, errors.New("its checksum does not match its bytes")
	}
	return data, nil
}

// checkCanonical re-encodes the entries and compares with the input, so a
// change the zip reader skips over (a date, a header field, a comment,
// bytes between entries) still fails.
func checkCanonical(r io.ReaderAt, size int64, entries []zipEntry, rep *VerifyReport) error {
	same := newSameBytes(r)
	if err := writeCanonicalZip(same, entries); err != nil {
		rep.problem("The zip is not one the hub writes (%v).", err)
		return nil
	}
	if same.readErr != nil {
		return same.readErr
	}
	switch {
	case same.diff >= 0:
		rep.problem("The zip's bytes differ from how the hub writes these files, first at byte %d of %d: the file was changed after the hub wrote it.", same.diff, size)
	case same.off != size:
		rep.problem("The zip has %d bytes beyond its files: something was added after it was written.", size-same.off)
	}
	return nil
}

// checkManifest checks the manifest's signature and the files it lists,
// and returns the hub key it is signed with (nil when there is none to
// check records with).
func checkManifest(files map[string][]byte, opt VerifyOptions, rep *VerifyReport) ed25519.PublicKey {
	for _, name := range []string{manifestPath, manifestSig, hubPubPath} {
		if _, ok := files[name]; !ok {
			rep.problem("%s is missing: this is not a whole evidence pack.", name)
			return nil
		}
	}
	hubPub, ok := parseHexLine(files[hubPubPath], ed25519.PublicKeySize)
	if !ok {
		rep.problem("hub.pub does not hold a public key.")
		return nil
	}
	rep.HubKeyID = record.KeyID(hubPub)
	if opt.HubKey != nil && !bytes.Equal(opt.HubKey, hubPub) {
		rep.problem("It is signed by hub key %s, not by the hub key you gave (%s): it did not come from that hub.",
			rep.HubKeyID, record.KeyID(opt.HubKey))
	}
	sig, _ := parseHexLine(files[manifestSig], ed25519.SignatureSize)
	if record.VerifyAs(hubPub, record.EvidenceContext, files[manifestPath], sig) != nil {
		rep.problem("manifest.json is not signed by the hub key in hub.pub: the pack was changed after the hub wrote it.")
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(files[manifestPath]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		rep.problem("manifest.json cannot be read (%v).", err)
		return hubPub
	}
	rep.Title, rep.Created = m.Title, m.Created
	if m.Format != EvidenceFormat {
		rep.problem("manifest.json is format %q; this program reads %q.", m.Format, EvidenceFormat)
	}
	if m.Hub != rep.HubKeyID {
		rep.problem("manifest.json names hub key %s, but hub.pub is key %s.", m.Hub, rep.HubKeyID)
	}
	checkListed(files, m, rep)
	return hubPub
}

// checkListed checks every file against the manifest, and the counts.
func checkListed(files map[string][]byte, m manifest, rep *VerifyReport) {
	listed := map[string]bool{}
	counted := manifest{}
	for _, f := range m.Files {
		listed[f.Path] = true
		counted.count(f.Path)
		data, ok := files[f.Path]
		if !ok {
			rep.problem("%s is listed in the manifest but missing: a file was removed.", f.Path)
			continue
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != f.Size || hex.EncodeToString(sum[:]) != f.SHA256 {
			rep.problem("%s is not the file the hub signed (its SHA-256 or size differs): it was changed.", f.Path)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == manifestPath || name == manifestSig {
			continue
		}
		if !listed[name] {
			rep.problem("%s is not listed in the manifest: it was added after the hub wrote the pack.", name)
		} else if !knownPath(name) {
			rep.problem("%s is not a file an evidence pack holds.", name)
		}
	}
	if counted.Records != m.Records || counted.Devices != m.Devices || counted.Packs != m.Packs {
		rep.problem("manifest.json's counts (%d records, %d devices, %d policy packs) do not match its files.", m.Records, m.Devices, m.Packs)
	}
}

// knownPath reports whether name fits the layout (records are checked in
// detail by verifier.record).
func knownPath(name string) bool {
	switch name {
	case hubPubPath, summaryTXT, summaryCSV:
		return true
	}
	parts := strings.Split(name, "/")
	switch {
	case parts[0]+"/" == devicesDir:
		return len(parts) == 2 && strings.HasSuffix(parts[1], ".pub")
	case parts[0]+"/" == recordsDir, parts[0]+"/" == packsDir:
		return len(parts) >= 3 && validName(parts[1])
	}
	return false
}

// verifier checks records among the files of a pack.
type verifier struct {
	files   map[string][]byte
	hubPub  ed25519.PublicKey
	packs   fs.FS                 // the pack's files, for loading policy packs; nil skips that
	loaded  map[string]packResult // by pack folder
	packSet map[string]bool       // the folders under packs/
	notes   []string              // about the record last checked
}

type packResult struct {
	fingerprint string
	err         error
}

func newVerifier(files map[string][]byte, hubPub ed25519.PublicKey) *verifier {
	v := &verifier{files: files, hubPub: hubPub, loaded: map[string]packResult{}, packSet: map[string]bool{}}
	for _, dir := range v.packDirs() {
		v.packSet[dir] = true
	}
	return v
}

// recordIDs are the folder names under records/, sorted.
func (v *verifier) recordIDs() []string { return v.folders(recordsDir) }

func (v *verifier) packDirs() []string { return v.folders(packsDir) }

func (v *verifier) folders(prefix string) []string {
	set := map[string]bool{}
	for name := range v.files {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if dir, _, ok := strings.Cut(rest, "/"); ok {
				set[dir] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// checkDevices checks each devices/<id>.pub holds the key of device <id>.
func (v *verifier) checkDevices(rep *VerifyReport) {
	for _, name := range slices.Sorted(maps.Keys(v.files)) {
		rest, ok := strings.CutPrefix(name, devicesDir)
		id, isPub := strings.CutSuffix(rest, ".pub")
		if !ok || !isPub {
			continue
		}
		pub, ok := parseHexLine(v.files[name], ed25519.PublicKeySize)
		if !ok {
			rep.problem("%s does not hold a public key.", name)
		} else if got := record.DeviceID(pub); got != id {
			rep.problem("%s holds the key of device %s, not %s.", name, got, id)
		}
	}
}

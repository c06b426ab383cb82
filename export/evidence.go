package export

import (
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
	"strconv"
	"strings"
	"time"

	"smartkiosk/policy"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// EvidenceFormat names the layout in manifest.json.
const EvidenceFormat = "smartkiosk-evidence/v1"

// Evidence is what goes into an evidence pack.
type Evidence struct {
	Title   string             // what it covers, e.g. "Oak class" (summary only)
	Created time.Time          // written into the manifest; zip entry times are fixed
	HubKey  ed25519.PrivateKey // signs the manifest (hub.key on the hub)
	Records []EvidenceRecord
	// Devices holds, by device id, the public key of every device that
	// signed a record (others may be there too).
	Devices map[string]ed25519.PublicKey
	// Packs are the policy packs the records were shown; every file of
	// each is copied. A record whose pack is not here is noted, not failed.
	Packs    []Pack
	Progress Progress
}

// EvidenceRecord is one record with what proves it.
type EvidenceRecord struct {
	Entry // exact body bytes, signature, pupil and attachments for the summary
	// Enclosures are the attachments still held, with their salts, by
	// position in the body; an erased attachment has none.
	Enclosures []record.Enclosure
	Receipt    ReceiptFile // the hub's signed receipt for the record
}

// ReceiptFile is a hub receipt as exact bytes: Body is the JSON of the
// hub's receipt body, Signature the hub key's signature over it behind
// record.ReceiptContext. (export cannot import hub: hub imports export.)
type ReceiptFile struct {
	Body      []byte
	Signature []byte
}

// receiptBody is the part of a hub receipt an evidence pack checks.
type receiptBody struct {
	Hub      string `json:"hub"`
	Record   string `json:"record"`
	BodyHash string `json:"body_hash"`
	Status   string `json:"status"`
}

// Receipt statuses that mean the hub holds the record.
var heldStatuses = []string{signoff.SyncStored, signoff.SyncDuplicate}

// manifest is manifest.json.
type manifest struct {
	Format  string         `json:"format"`
	Title   string         `json:"title"`
	Created time.Time      `json:"created"`
	Hub     string         `json:"hub"` // keyID of the signing key
	Records int            `json:"records"`
	Devices int            `json:"devices"`
	Packs   int            `json:"packs"`
	Files   []manifestFile `json:"files"`
}

type manifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Paths in a pack.
const (
	manifestPath = "manifest.json"
	manifestSig  = "manifest.sig"
	hubPubPath   = "hub.pub"
	summaryTXT   = "summary.txt"
	summaryCSV   = "summary.csv"
	devicesDir   = "devices/"
	recordsDir   = "records/"
	packsDir     = "packs/"
	bodyFile     = "body.json"
	sigFile      = "signature"
	receiptFile  = "receipt.json"
	receiptSig   = "receipt.sig"
	attachDir    = "attachments/"
)

// WriteEvidence writes an evidence pack (see the package documentation).
// The same Evidence always gives the same bytes. It first checks every
// record as VerifyEvidence will, and writes nothing when one fails.
func WriteEvidence(w io.Writer, ev Evidence) error {
	if len(ev.HubKey) != ed25519.PrivateKeySize {
		return errors.New("evidence pack: no hub key to sign with")
	}
	hubPub := ev.HubKey.Public().(ed25519.PublicKey)
	files := map[string][]byte{hubPubPath: hexLine(hubPub)}
	for id, pub := range ev.Devices {
		if !validName(id) || len(pub) != ed25519.PublicKeySize {
			return fmt.Errorf("evidence pack: device %q has no usable id or key", id)
		}
		files[devicesDir+id+".pub"] = hexLine(pub)
	}
	for i := range ev.Records {
		if err := addRecord(files, &ev.Records[i]); err != nil {
			return fmt.Errorf("evidence pack: %w", err)
		}
		ev.Progress.report(i+1, len(ev.Records))
	}
	packs := Packs{}
	for _, p := range ev.Packs {
		if err := addPack(files, p); err != nil {
			return fmt.Errorf("evidence pack: %w", err)
		}
		packs.Add(p.Pack, p.Files)
	}
	if err := selfCheck(files, hubPub); err != nil {
		return fmt.Errorf("evidence pack: %w", err)
	}
	files[summaryTXT] = summaryText(ev, packs)
	files[summaryCSV] = summaryTable(ev, packs)
	return sealEvidence(w, files, ev.Title, ev.Created, ev.HubKey)
}

func addRecord(files map[string][]byte, r *EvidenceRecord) error {
	if r.Body == nil {
		return errors.New("a record without a parsed body")
	}
	if len(r.Receipt.Body) == 0 {
		return fmt.Errorf("record %s has no hub receipt", r.ID())
	}
	dir := recordDir(r.ID())
	if !validName(r.ID()) {
		return fmt.Errorf("record id %q cannot name a folder", r.ID())
	}
	if _, dup := files[dir+bodyFile]; dup {
		return fmt.Errorf("record %s is in the evidence twice", r.ID())
	}
	files[dir+bodyFile] = r.BodyBytes
	files[dir+sigFile] = hexLine(r.Signature)
	files[dir+receiptFile] = r.Receipt.Body
	files[dir+receiptSig] = hexLine(r.Receipt.Signature)
	for _, enc := range r.Enclosures {
		if enc.Position < 0 || enc.Position >= len(r.Body.Attachments) {
			return fmt.Errorf("record %s: attachment %d is not in the body", r.ID(), enc.Position)
		}
		name := dir + attachmentName(enc.Position, r.Body.Attachments[enc.Position].Kind)
		files[name+".salt"] = enc.Salt
		files[name+".data"] = enc.Data
	}
	return nil
}

// addPack copies every file of a pack, after checking they give its fingerprint.
func addPack(files map[string][]byte, p Pack) error {
	if p.Pack == nil || p.Files == nil {
		return errors.New("a policy pack without its files")
	}
	loaded, err := policy.Load(p.Files)
	if err != nil {
		return fmt.Errorf("policy pack %s %s: %w", p.ID, p.Version, err)
	}
	if loaded.Fingerprint != p.Fingerprint {
		return fmt.Errorf("policy pack %s %s: its files give fingerprint %s, not %s", p.ID, p.Version, loaded.Fingerprint, p.Fingerprint)
	}
	dir := packDir(p.Fingerprint)
	return fs.WalkDir(p.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(p.Files, name)
		files[dir+name] = data
		return err
	})
}

// selfCheck runs the record checks VerifyEvidence will, so the hub never
// hands out a pack that fails.
func selfCheck(files map[string][]byte, hubPub ed25519.PublicKey) error {
	v := newVerifier(files, hubPub)
	var errs []error
	for _, id := range v.recordIDs() {
		if problems := v.record(id); len(problems) > 0 {
			errs = append(errs, fmt.Errorf("record %s: %s", id, strings.Join(problems, " ")))
		}
	}
	return errors.Join(errs...)
}

// sealEvidence adds the manifest and its signature and writes the zip.
func sealEvidence(w io.Writer, files map[string][]byte, title string, created time.Time, key ed25519.PrivateKey) error {
	m := manifest{Format: EvidenceFormat, Title: title, Created: created.UTC(),
		Hub: record.KeyID(key.Public().(ed25519.PublicKey))}
	entries := make([]zipEntry, 0, len(files)+2)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		data := files[name]
		sum := sha256.Sum256(data)
		m.Files = append(m.Files, manifestFile{Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))})
		entries = append(entries, zipEntry{Name: name, Data: data})
		m.count(name)
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	mj = append(mj, '\n')
	entries = append(entries, zipEntry{manifestPath, mj},
		zipEntry{manifestSig, hexLine(record.SignAs(key, record.EvidenceContext, mj))})
	return writeCanonicalZip(w, entries)
}

// count adds a file to the manifest's counts.
func (m *manifest) count(name string) {
	switch {
	case strings.HasPrefix(name, devicesDir):
		m.Devices++
	case strings.HasPrefix(name, recordsDir) && strings.HasSuffix(name, "/"+bodyFile):
		m.Records++
	case strings.HasPrefix(name, packsDir) && strings.HasSuffix(name, "/"+policy.PackFile) &&
		strings.Count(name, "/") == 2:
		m.Packs++
	}
}

func recordDir(id string) string { return recordsDir + id + "/" }

// packDir is a pack's folder: its fingerprint with the colon made a dash.
func packDir(fingerprint string) string {
	return packsDir + strings.Replace(fingerprint, ":", "-", 1) + "/"
}

func attachmentName(position int, kind string) string {
	return attachDir + strconv.Itoa(position) + "-" + kind
}

// validName reports whether s can be one path element of a pack.
func validName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\:") && fs.ValidPath(s)
}

// keyID names a public key as the hub does (hub.KeyID): hex of the first
// 8 bytes of its SHA-256.

func hexLine(b []byte) []byte { return []byte(hex.EncodeToString(b) + "\n") }

// parseHexLine reads a hexLine file of want bytes.
func parseHexLine(data []byte, want int) ([]byte, bool) {
	s, ok := strings.CutSuffix(string(data), "\n")
	b, err := hex.DecodeString(s)
	return b, ok && err == nil && len(b) == want
}

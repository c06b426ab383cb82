package export

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"smartkiosk/policy"
	"smartkiosk/store/record"
)

// record checks one record folder and returns its problems as sentences.
func (v *verifier) record(id string) []string {
	dir := recordDir(id)
	var problems []string
	say := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, name := range []string{bodyFile, sigFile, receiptFile, receiptSig} {
		if _, ok := v.files[dir+name]; !ok {
			say("Its %s is missing.", name)
		}
	}
	if len(problems) > 0 {
		return problems
	}
	bodyBytes := v.files[dir+bodyFile]
	b, err := record.Parse(bodyBytes)
	if err != nil {
		say("Its body cannot be read (%v).", err)
		return problems
	}
	if b.ID != id {
		say("Its body is record %s, not %s: it was moved to another record's folder.", b.ID, id)
	}
	problems = append(problems, v.deviceSignature(b, bodyBytes, dir)...)
	problems = append(problems, v.attachments(b, dir)...)
	problems = append(problems, v.receipt(id, bodyBytes, dir)...)
	problems = append(problems, v.pack(id, b)...)
	return problems
}

func (v *verifier) deviceSignature(b *record.Body, body []byte, dir string) []string {
	pubFile := devicesDir + b.Device + ".pub"
	pub, ok := parseHexLine(v.files[pubFile], ed25519.PublicKeySize)
	if !ok {
		return []string{fmt.Sprintf("The pack has no key for tablet %s (%s), which signed it.", b.Device, pubFile)}
	}
	if record.DeviceID(pub) != b.Device {
		return []string{fmt.Sprintf("%s is not the key of tablet %s.", pubFile, b.Device)}
	}
	sig, _ := parseHexLine(v.files[dir+sigFile], ed25519.SignatureSize)
	if _, err := record.Open(pub, body, sig); err != nil {
		return []string{"Its signature does not match its body and tablet key: the record was changed after the tablet signed it, or the signature is forged."}
	}
	return nil
}

// attachments checks every attachment file against the body's hashes.
func (v *verifier) attachments(b *record.Body, dir string) []string {
	var problems []string
	pairs := map[string]int{} // attachment name → 1 salt, 2 data, 3 both
	for name := range v.files {
		rest, ok := strings.CutPrefix(name, dir)
		if !ok || rest == bodyFile || rest == sigFile || rest == receiptFile || rest == receiptSig {
			continue
		}
		base, ext, _ := strings.Cut(strings.TrimPrefix(rest, attachDir), ".")
		switch {
		case !strings.HasPrefix(rest, attachDir) || strings.Contains(base, "/"):
			problems = append(problems, fmt.Sprintf("%s is not a file a record folder holds.", name))
		case ext == "salt":
			pairs[base] |= 1
		case ext == "data":
			pairs[base] |= 2
		default:
			problems = append(problems, fmt.Sprintf("%s is not a file a record folder holds.", name))
		}
	}
	for _, base := range slices.Sorted(maps.Keys(pairs)) {
		if p := v.attachment(b, dir, base, pairs[base]); p != "" {
			problems = append(problems, p)
		}
	}
	slices.Sort(problems)
	return problems
}

func (v *verifier) attachment(b *record.Body, dir, base string, have int) string {
	pos, kind, _ := strings.Cut(base, "-")
	i, err := strconv.Atoi(pos)
	if err != nil || i < 0 || i >= len(b.Attachments) || strconv.Itoa(i) != pos {
		return fmt.Sprintf("Attachment %s is not one its body lists.", base)
	}
	ref := b.Attachments[i]
	if ref.Kind != kind {
		return fmt.Sprintf("Attachment %s is named as %s, but the body's attachment %d is %s.", base, kind, i, ref.Kind)
	}
	if have != 3 {
		return fmt.Sprintf("Attachment %s has its salt or its data but not both.", base)
	}
	name := dir + attachmentName(i, kind)
	if err := record.CheckAttachment(ref, v.files[name+".salt"], v.files[name+".data"]); err != nil {
		return fmt.Sprintf("Its %s attachment is not the one the tablet signed (%v).", kind, err)
	}
	return ""
}

// receipt checks the hub's receipt names this record and body.
func (v *verifier) receipt(id string, body []byte, dir string) []string {
	rb, rsig := v.files[dir+receiptFile], v.files[dir+receiptSig]
	sig, _ := parseHexLine(rsig, ed25519.SignatureSize)
	if record.VerifyAs(v.hubPub, record.ReceiptContext, rb, sig) != nil {
		return []string{"Its hub receipt is not signed by this pack's hub key."}
	}
	var r receiptBody
	if err := json.Unmarshal(rb, &r); err != nil {
		return []string{fmt.Sprintf("Its hub receipt cannot be read (%v).", err)}
	}
	var problems []string
	if r.Record != id {
		problems = append(problems, fmt.Sprintf("Its hub receipt is for record %s.", r.Record))
	}
	if r.BodyHash != record.Hash(body) {
		problems = append(problems, "Its hub receipt is for other body bytes: its body.json is not the one the hub received.")
	}
	if r.Hub != record.KeyID(v.hubPub) {
		problems = append(problems, fmt.Sprintf("Its hub receipt names hub key %s, not %s.", r.Hub, record.KeyID(v.hubPub)))
	}
	if !slices.Contains(heldStatuses, r.Status) {
		problems = append(problems, fmt.Sprintf("Its hub receipt says %q: the hub did not accept it.", r.Status))
	}
	return problems
}

// pack checks the policy pack the record pins loads and has its fingerprint.
func (v *verifier) pack(id string, b *record.Body) []string {
	dir := packDir(b.Pack.Fingerprint)
	folder := strings.TrimSuffix(strings.TrimPrefix(dir, packsDir), "/")
	if !validName(folder) {
		return []string{fmt.Sprintf("Its body pins policy pack fingerprint %q, which is not a fingerprint.", b.Pack.Fingerprint)}
	}
	if !v.packSet[folder] {
		v.notes = append(v.notes, fmt.Sprintf("Record %s was shown policy pack %s %s (%s), which is not in this evidence pack, so its wording cannot be shown from here.",
			id, b.Pack.ID, b.Pack.Version, b.Pack.Fingerprint))
		return nil
	}
	if v.packs == nil {
		return nil
	}
	res, ok := v.loaded[dir]
	if !ok {
		res = loadPackDir(v.packs, dir)
		v.loaded[dir] = res
	}
	switch {
	case res.err != nil:
		return []string{fmt.Sprintf("The policy pack it was shown (%s) does not load: %v", dir, res.err)}
	case res.fingerprint != b.Pack.Fingerprint:
		return []string{fmt.Sprintf("The policy pack in %s has fingerprint %s, not the %s it was shown.", dir, res.fingerprint, b.Pack.Fingerprint)}
	}
	return nil
}

func loadPackDir(fsys fs.FS, dir string) packResult {
	sub, err := fs.Sub(fsys, strings.TrimSuffix(dir, "/"))
	if err != nil {
		return packResult{err: err}
	}
	p, err := policy.Load(sub)
	if err != nil {
		return packResult{err: err}
	}
	return packResult{fingerprint: p.Fingerprint}
}

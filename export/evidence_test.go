package export

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/csv"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"smartkiosk/store/record"
)

func TestWriteEvidence(t *testing.T) {
	ev := newEvidence(t, 3)
	data := writeTestEvidence(t, ev)
	t.Run("OK", func(t *testing.T) {
		rep := verifyBytes(t, data, VerifyOptions{HubKey: testHubKey.Public().(ed25519.PublicKey)})
		if !rep.OK() || rep.Records != 3 || len(rep.Notes) != 0 {
			t.Fatalf("report = %+v", rep)
		}
		if rep.HubKeyID != record.KeyID(testHubKey.Public().(ed25519.PublicKey)) || rep.Title != "Oak class" || !rep.Created.Equal(ev.Created) {
			t.Errorf("report names %q %q %v", rep.HubKeyID, rep.Title, rep.Created)
		}
	})
	t.Run("Layout", func(t *testing.T) {
		files := unpack(t, data)
		id := ev.Records[0].ID()
		for _, name := range []string{hubPubPath, summaryTXT, summaryCSV, "devices/" + ev.Records[0].Body.Device + ".pub",
			"records/" + id + "/body.json", "records/" + id + "/signature", "records/" + id + "/receipt.json",
			"records/" + id + "/receipt.sig", "records/" + id + "/attachments/0-display_name.salt",
			"records/" + id + "/attachments/1-pupil_mark.data", packDir(ev.Packs[0].Fingerprint) + "pack.toml"} {
			if _, ok := files[name]; !ok {
				t.Errorf("no %s", name)
			}
		}
		if !bytes.Equal(files["records/"+id+"/body.json"], ev.Records[0].BodyBytes) {
			t.Error("body.json is not the exact signed bytes")
		}
		if _, ok := files["records/"+ev.Records[1].ID()+"/attachments/2-adult_name.data"]; ok {
			t.Error("an erased attachment was written")
		}
	})
	t.Run("Summary", func(t *testing.T) {
		files := unpack(t, data)
		txt := string(files[summaryTXT])
		for _, want := range []string{"Oak class", "3 records", "1 tablet", "Zoë O'Neil, class Oak",
			"pupil-b, Student Acceptable Use of Technology (P7–L1)", "example version 2026.1",
			"2 November 2026 at 09:06 UTC", "(not sure)", ev.Records[2].ID(), "smartkiosk-hub verify"} {
			if !strings.Contains(txt, want) {
				t.Errorf("summary.txt lacks %q:\n%s", want, txt)
			}
		}
		rows, err := csv.NewReader(bytes.NewReader(files[summaryCSV])).ReadAll()
		if err != nil || len(rows) != 4 || rows[3][1] != "'=Rowan" || rows[1][12] != ev.Records[0].ID() {
			t.Fatalf("summary.csv = %q, %v", rows, err)
		}
	})
	t.Run("Deterministic", func(t *testing.T) {
		if again := writeTestEvidence(t, ev); !bytes.Equal(again, data) {
			t.Fatal("the same evidence gave different bytes")
		}
	})
	t.Run("Progress", func(t *testing.T) {
		var got []int
		ev := ev
		ev.Progress = func(done, total int) { got = append(got, done, total) }
		writeTestEvidence(t, ev)
		if !slices.Equal(got, []int{1, 3, 2, 3, 3, 3}) {
			t.Errorf("progress = %v", got)
		}
	})
}

func TestWriteEvidence_ErrBadRecord(t *testing.T) {
	t.Run("ErrForgedSignature", func(t *testing.T) {
		ev := newEvidence(t, 3)
		ev.Records[1].Signature = record.Sign(otherHubKey, ev.Records[1].BodyBytes)
		err := WriteEvidence(&bytes.Buffer{}, ev)
		if err == nil || !strings.Contains(err.Error(), ev.Records[1].ID()) {
			t.Fatalf("err = %v, want one naming record %s", err, ev.Records[1].ID())
		}
	})
	t.Run("ErrNoDevice", func(t *testing.T) {
		ev := newEvidence(t, 1)
		ev.Devices = nil
		if err := WriteEvidence(&bytes.Buffer{}, ev); err == nil || !strings.Contains(err.Error(), "no key for tablet") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		ev := newEvidence(t, 2)
		ev.Records[1] = ev.Records[0]
		if err := WriteEvidence(&bytes.Buffer{}, ev); err == nil || !strings.Contains(err.Error(), "twice") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNoReceipt", func(t *testing.T) {
		ev := newEvidence(t, 1)
		ev.Records[0].Receipt = ReceiptFile{}
		if err := WriteEvidence(&bytes.Buffer{}, ev); err == nil || !strings.Contains(err.Error(), "no hub receipt") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestVerifyEvidence_AnyByteChanged changes one byte of each entry's data,
// local header and central-directory record, every byte of the end of the
// central directory, and every Nth byte of the file: each copy must fail.
func TestVerifyEvidence_AnyByteChanged(t *testing.T) {
	data := writeTestEvidence(t, newEvidence(t, 3))
	offsets := tamperOffsets(t, data)
	for i := 0; i < len(data); i += len(data) / 150 {
		offsets[i] = "every Nth byte"
	}
	t.Logf("%d changed copies of a %d-byte pack", len(offsets), len(data))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			changed := bytes.Clone(data)
			for off := range work {
				changed[off]++
				rep, err := VerifyEvidence(bytes.NewReader(changed), int64(len(changed)), VerifyOptions{})
				changed[off]--
				if err != nil {
					t.Errorf("byte %d (%s): %v", off, offsets[off], err)
				} else if rep.OK() {
					t.Errorf("byte %d (%s) changed, yet the pack verified", off, offsets[off])
				}
			}
		})
	}
	for off := range offsets {
		work <- off
	}
	close(work)
	wg.Wait()
}

// tamperOffsets picks, for every zip entry, a byte of its data, of its
// local header and of its central-directory record (a different field for
// each entry), and every byte of the end record.
func tamperOffsets(t *testing.T, data []byte) map[int]string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	end := len(data) - 22
	offsets := map[int]string{}
	for i := range 22 {
		offsets[end+i] = "end of central directory"
	}
	central := int(binary.LittleEndian.Uint32(data[end+16:]))
	for i, f := range zr.File {
		dataOff, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		local := int(dataOff) - 30 - len(f.Name)
		offsets[local+i%(30+len(f.Name))] = f.Name + " local header"
		if f.UncompressedSize64 > 0 {
			offsets[int(dataOff)+int(f.UncompressedSize64)/2] = f.Name + " data"
		}
		if binary.LittleEndian.Uint32(data[central:]) != zipCentralSig {
			t.Fatalf("no central record for %s at %d", f.Name, central)
		}
		offsets[central+(i*7)%(46+len(f.Name))] = f.Name + " central record"
		central += 46 + len(f.Name)
	}
	return offsets
}

func TestVerifyEvidence_Resealed(t *testing.T) {
	ev := newEvidence(t, 3)
	good := unpack(t, writeTestEvidence(t, ev))
	hubPub := testHubKey.Public().(ed25519.PublicKey)
	victim := ev.Records[1].ID()
	dir := "records/" + victim + "/"
	edit := func(change func(files map[string][]byte)) map[string][]byte {
		files := map[string][]byte{}
		for k, v := range good {
			files[k] = bytes.Clone(v)
		}
		change(files)
		return files
	}
	t.Run("ErrOtherHubPinned", func(t *testing.T) {
		// Someone with another hub key re-signs every receipt and the
		// manifest: the pack is consistent, and only the pin catches it.
		files := edit(func(files map[string][]byte) {
			files[hubPubPath] = hexLine(otherHubKey.Public().(ed25519.PublicKey))
			for _, r := range ev.Records {
				rf := testReceipt(otherHubKey, r.ID(), r.BodyBytes, "stored")
				files["records/"+r.ID()+"/receipt.json"], files["records/"+r.ID()+"/receipt.sig"] = rf.Body, hexLine(rf.Signature)
			}
		})
		data := reseal(t, files, otherHubKey)
		if rep := verifyBytes(t, data, VerifyOptions{}); !rep.OK() {
			t.Fatalf("unpinned: %+v", rep)
		}
		rep := verifyBytes(t, data, VerifyOptions{HubKey: hubPub})
		if rep.OK() || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "not by the hub key you gave") {
			t.Fatalf("pinned: %+v", rep)
		}
	})
	t.Run("ErrOtherHubManifestOnly", func(t *testing.T) {
		files := edit(func(files map[string][]byte) { files[hubPubPath] = hexLine(otherHubKey.Public().(ed25519.PublicKey)) })
		rep := verifyBytes(t, reseal(t, files, otherHubKey), VerifyOptions{})
		if rep.OK() || len(rep.Failed) != 3 || !strings.Contains(rep.Failed[0].Problems[0], "receipt is not signed") {
			t.Fatalf("report = %+v", rep)
		}
	})
	cases := []struct {
		name, want string
		change     func(files map[string][]byte)
	}{
		{"ErrForgedSignature", "signature does not match", func(files map[string][]byte) {
			files[dir+sigFile] = hexLine(record.Sign(otherHubKey, files[dir+bodyFile]))
		}},
		{"ErrAttachmentChanged", "display_name attachment is not the one", func(files map[string][]byte) {
			files[dir+"attachments/0-display_name.data"] = []byte("Someone Else")
		}},
		{"ErrAttachmentHalf", "salt or its data but not both", func(files map[string][]byte) {
			delete(files, dir+"attachments/1-pupil_mark.salt")
		}},
		{"ErrReceiptOtherBody", "receipt is for other body bytes", func(files map[string][]byte) {
			rf := testReceipt(testHubKey, victim, []byte("{}"), "stored")
			files[dir+receiptFile], files[dir+receiptSig] = rf.Body, hexLine(rf.Signature)
		}},
		{"ErrReceiptConflict", `says "conflict"`, func(files map[string][]byte) {
			rf := testReceipt(testHubKey, victim, files[dir+bodyFile], "conflict")
			files[dir+receiptFile], files[dir+receiptSig] = rf.Body, hexLine(rf.Signature)
		}},
		{"ErrReceiptMissing", "receipt.sig is missing", func(files map[string][]byte) { delete(files, dir+receiptSig) }},
		{"ErrMovedFolder", "moved to another record's folder", func(files map[string][]byte) {
			other := "records/" + ev.Records[0].ID() + "/"
			files[dir+bodyFile], files[dir+sigFile] = files[other+bodyFile], files[other+sigFile]
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := verifyBytes(t, reseal(t, edit(c.change), testHubKey), VerifyOptions{HubKey: hubPub})
			if rep.OK() || len(rep.Problems) != 0 || len(rep.Failed) != 1 || rep.Failed[0].ID != victim ||
				!strings.Contains(strings.Join(rep.Failed[0].Problems, " "), c.want) {
				t.Fatalf("report = %+v, want record %s failing with %q", rep, victim, c.want)
			}
		})
	}
	t.Run("ErrPackChanged", func(t *testing.T) {
		toml := packDir(ev.Packs[0].Fingerprint) + "pack.toml"
		files := edit(func(files map[string][]byte) {
			files[toml] = bytes.Replace(files[toml], []byte(`version = "2026.1"`), []byte(`version = "2026.2"`), 1)
		})
		rep := verifyBytes(t, reseal(t, files, testHubKey), VerifyOptions{HubKey: hubPub})
		if rep.OK() || len(rep.Failed) != 3 || !strings.Contains(rep.Failed[0].Problems[0], "has fingerprint") {
			t.Fatalf("report = %+v", rep)
		}
	})
	t.Run("PackAbsentIsANote", func(t *testing.T) {
		files := edit(func(files map[string][]byte) {
			for name := range files {
				if strings.HasPrefix(name, packsDir) {
					delete(files, name)
				}
			}
		})
		rep := verifyBytes(t, reseal(t, files, testHubKey), VerifyOptions{HubKey: hubPub})
		if !rep.OK() || len(rep.Notes) != 3 || !strings.Contains(rep.Notes[0], "not in this evidence pack") {
			t.Fatalf("report = %+v", rep)
		}
	})
	t.Run("ErrUnknownFile", func(t *testing.T) {
		files := edit(func(files map[string][]byte) { files["notes.txt"] = []byte("hello") })
		rep := verifyBytes(t, reseal(t, files, testHubKey), VerifyOptions{HubKey: hubPub})
		if rep.OK() || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "notes.txt is not a file") {
			t.Fatalf("report = %+v", rep)
		}
	})
}

// TestVerifyEvidence_ErrOverlapping: central records that all point at
// one big file must not make the verifier read it once per record.
func TestVerifyEvidence_ErrOverlapping(t *testing.T) {
	var buf bytes.Buffer
	big := zipEntry{"a", bytes.Repeat([]byte("x"), 1<<20)}
	if err := writeCanonicalZip(&buf, []zipEntry{big}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	end := len(data) - 22
	central := data[binary.LittleEndian.Uint32(data[end+16:]):end]
	var forged []byte
	forged = append(forged, data[:end-len(central)]...)
	for range 100 {
		forged = append(forged, central...)
	}
	eocd := bytes.Clone(data[end:])
	binary.LittleEndian.PutUint16(eocd[8:], 100)
	binary.LittleEndian.PutUint16(eocd[10:], 100)
	binary.LittleEndian.PutUint32(eocd[12:], uint32(100*len(central)))
	forged = append(forged, eocd...)
	rep := verifyBytes(t, forged, VerifyOptions{})
	if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "add up to more than the file") {
		t.Fatalf("report = %+v", rep)
	}
}

func TestVerifyEvidence_ErrNotAZip(t *testing.T) {
	rep := verifyBytes(t, []byte("hello, not a zip"), VerifyOptions{})
	if rep.OK() || !strings.Contains(rep.Problems[0], "not a readable evidence pack") {
		t.Fatalf("report = %+v", rep)
	}
}

func TestWriteCanonicalZip_ReadsBack(t *testing.T) {
	var buf bytes.Buffer
	entries := []zipEntry{{"b/two.txt", []byte("two")}, {"a.txt", []byte("one")}, {"empty", nil}, {"ü.txt", []byte("ü")}}
	if err := writeCanonicalZip(&buf, entries); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Method != zip.Store || f.Modified.Year() != 1980 || len(f.Extra) != 0 || f.NonUTF8 {
			t.Errorf("%s: method %d, modified %v, extra %x, non-UTF-8 %v", f.Name, f.Method, f.Modified, f.Extra, f.NonUTF8)
		}
	}
	if !slices.Equal(names, []string{"a.txt", "b/two.txt", "empty", "ü.txt"}) {
		t.Errorf("names = %q", names)
	}
	if err := writeCanonicalZip(&bytes.Buffer{}, append(entries, zipEntry{"a.txt", nil})); err == nil {
		t.Error("a name written twice was accepted")
	}
}

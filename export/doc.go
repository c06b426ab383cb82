// Package export renders sign-off records for people outside the kiosk:
// CSV for the school's MIS and spreadsheets, PDF, and evidence packs an
// inspector can verify offline.
//
// # Evidence packs
//
// An evidence pack (WriteEvidence, VerifyEvidence) is one zip holding:
//
//	manifest.json          format, title, created, hub key id, counts, and the
//	                       path, SHA-256 and size of every other file below
//	manifest.sig           hex Ed25519 signature by the hub key over manifest.json,
//	                       behind record.EvidenceContext
//	hub.pub                the hub's public key, hex
//	summary.txt            plain English: what it covers, each record, how to verify
//	summary.csv            one row per record, for a spreadsheet
//	devices/<id>.pub       each signing tablet's public key, hex; <id> is record.DeviceID
//	records/<id>/body.json     the record body, exact signed bytes
//	records/<id>/signature     hex, the device's signature over body.json
//	records/<id>/receipt.json  the hub's receipt for the record, exact bytes
//	records/<id>/receipt.sig   hex, the hub's signature over receipt.json (record.ReceiptContext)
//	records/<id>/attachments/<position>-<kind>.salt|.data
//	                       each attachment still held: <position> indexes the body's
//	                       attachments; erased attachments are absent
//	packs/sha256-<hex>/…   every file of each policy pack a record was shown; the folder
//	                       is the pack's fingerprint with its colon made a dash, so the
//	                       zip extracts on Windows
//
// The zip is canonical (see writeCanonicalZip): stored, fixed dates, sorted
// paths, no extra fields or comments. VerifyEvidence re-encodes what it read
// and requires the same bytes, so a change to any byte of the file (a
// header, a date, a comment, the data) fails, besides failing the
// signature and hash checks.
//
// A record whose policy pack is not in the evidence pack is a note, not a
// failure: the signed manifest shows the hub wrote it so (a hub may no
// longer hold an old pack), and removing a pack folder afterwards is caught
// like any other change. The summary files are covered by the manifest
// signature only; they are not checked against the records.
package export

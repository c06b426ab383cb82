//go:build upgradegen

// Command gen writes the upgrade test's fixtures and goldens with the code
// of commit 802d549 (the last before issue 14's work), so the files are
// exactly what a school running that version has: a kiosk data folder, a
// hub data folder on SQLite, and a hub on PostgreSQL dumped to SQL.
//
// It builds only against 802d549 (its import paths are that commit's). To
// regenerate, from a checkout of this branch:
//
//	git worktree add --detach /tmp/old-802d549 802d549
//	mkdir /tmp/old-802d549/upgradegen
//	cp upgrade/testdata/gen/main.go /tmp/old-802d549/upgradegen/
//	URL=$(scripts/pg-test.sh start /tmp/pgold)
//	rm -rf upgrade/testdata/v802d549
//	(cd /tmp/old-802d549 && go run -tags upgradegen,x11 ./upgradegen \
//	    -out "$OLDPWD/upgrade/testdata/v802d549" -postgres "$URL")
//	/usr/lib/postgresql/*/bin/pg_dump --no-owner --no-privileges --inserts \
//	    -f upgrade/testdata/v802d549/hub-pg/dump.sql "$URL"
//	scripts/pg-test.sh stop /tmp/pgold; git worktree remove --force /tmp/old-802d549
//
// The PostgreSQL database must be empty when gen starts (a new cluster).
// Record ids, keys and salts are random, so every run writes different
// files; the goldens always match the fixtures written with them.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"smartkiosk/assets"
	"smartkiosk/export"
	"smartkiosk/hub"
	"smartkiosk/hub/pgstore"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/policy"
	"smartkiosk/store"
	"smartkiosk/store/record"
	"smartkiosk/translations"
)

// The fixture's clock: the kiosk's times and the records' come from it,
// and the hub pages are read at viewAt (the test reads them at the same
// instant, so the school year and "signed on" dates agree).
var (
	clock  = time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	viewAt = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
)

// clockDay is Wednesday, the story's last day: its backup is the one kept.
const clockDay = "2026-11-18"

func now() time.Time { return clock }

// hubNow is the hubs' clock: the real time while the kiosk syncs (the
// kiosk's client signs its requests with the real time, and the hub
// refuses a request more than a day out), ViewAt once the goldens are read.
var hubNow = time.Now

func hubClock() time.Time { return hubNow() }

func tick(d time.Duration) time.Time { clock = clock.Add(d); return clock }

// DSL is the hub account the test signs in with.
const (
	dslName     = "dsl"
	dslPassword = "upgrade-test-password"
)

// The roster: two classes, all three bands, fictional names. Oscar Reid
// leaves after his agreement reaches the hub.
type pupil struct {
	serial                     int
	given, family, class, band string
}

var roster = []pupil{
	{1, "Amelia", "Hughes", "Oak", "a"},
	{2, "Noah", "Patel", "Oak", "b"},
	{3, "Isla", "Morgan", "Oak", "c"},
	{4, "Leo", "Watson", "Ash", "a"},
	{5, "Ruby", "Evans", "Ash", "b"},
	{6, "Oscar", "Reid", "Ash", "c"},
}

func upn(serial int) string {
	rest := fmt.Sprintf("823614001%03d", serial)
	return string(store.UPNCheckLetter(rest)) + rest
}

func rosterCSV(leaver int) []byte {
	var b strings.Builder
	b.WriteString("UPN,Legal Surname,Legal Forename,Reg Group,Year,Band\n")
	for _, p := range roster {
		if p.serial != leaver {
			fmt.Fprintf(&b, "%s,%s,%s,%s,Year 8,%s\n", upn(p.serial), p.family, p.given, p.class, p.band)
		}
	}
	return []byte(b.String())
}

func main() {
	out := flag.String("out", "", "folder to write (must not exist)")
	pgURL := flag.String("postgres", "", "an empty PostgreSQL database's URL")
	flag.Parse()
	if *out == "" || *pgURL == "" {
		log.Fatal("usage: gen -out DIR -postgres URL")
	}
	if _, err := os.Stat(*out); err == nil {
		log.Fatalf("%s exists: remove it first", *out)
	}
	if err := run(context.Background(), *out, *pgURL); err != nil {
		log.Fatal(err)
	}
}

// gen holds what the steps share.
type gen struct {
	out    string
	kiosk  *store.Store
	pack   *policy.Pack
	tr     *translations.Translator
	ta     store.Staff
	pupils map[int]store.Pupil
	hubs   []*hubSide // [0] SQLite, [1] PostgreSQL
	syncer *hub.Syncer
	kioskG KioskGolden
}

type hubSide struct {
	name   string // "hub-sqlite" or "hub-pg"
	st     hub.Store
	srv    *hub.Server
	ts     *httptest.Server
	pin    string
	web    *http.Client
	cookie string // the DSL's session
	base   string
}

func run(ctx context.Context, out, pgURL string) error {
	g := &gen{out: out, pupils: map[int]store.Pupil{}}
	if err := g.openKiosk(ctx); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, "hub-sqlite"), 0o700); err != nil {
		return err
	}
	sq, err := sqlitestore.Open(filepath.Join(out, "hub-sqlite", "hub.db"))
	if err != nil {
		return err
	}
	pg, err := pgstore.Open(ctx, pgURL)
	if err != nil {
		return err
	}
	for _, h := range []struct {
		name string
		st   hub.Store
	}{{"hub-sqlite", sq}, {"hub-pg", pg}} {
		side, err := startHub(ctx, filepath.Join(out, h.name), h.name, h.st)
		if err != nil {
			return err
		}
		defer side.ts.Close()
		g.hubs = append(g.hubs, side)
	}
	if err := g.story(ctx); err != nil {
		return err
	}
	clock = viewAt
	hubNow = func() time.Time { return viewAt }
	if err := g.goldens(ctx); err != nil {
		return err
	}
	if err := g.kiosk.Close(); err != nil { // checkpoints the WAL: no -wal left
		return err
	}
	if err := pruneBackups(filepath.Join(out, "kiosk", "backups")); err != nil {
		return err
	}
	if g.kioskG.Verify, err = verify(ctx, filepath.Join(out, "kiosk")); err != nil {
		return err
	}
	// verify's read-only connection leaves an empty -wal and its -shm.
	if err := removeEmptyWAL(filepath.Join(out, "kiosk", store.DatabaseFile)); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(out, "golden", "kiosk.json"), g.kioskG); err != nil {
		return err
	}
	if err := sq.Close(); err != nil {
		return err
	}
	return pg.Close()
}

// pruneBackups keeps only Wednesday's backup, to keep the fixture small
// (a kiosk keeps seven; the one Open made on the real date holds an empty
// database). run calls it after closing the kiosk and before taking
// verify's golden, so kiosk.json counts the one backup kept.
func pruneBackups(dir string) error {
	keep := "kiosk-" + clockDay + ".db"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != keep {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, keep)); err != nil {
		return fmt.Errorf("the backup kept: %w", err)
	}
	return nil
}

func removeEmptyWAL(db string) error {
	if fi, err := os.Stat(db + "-wal"); err != nil || fi.Size() != 0 {
		return fmt.Errorf("%s-wal is not empty (%v): the database was not checkpointed", db, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

func (g *gen) openKiosk(ctx context.Context) error {
	st, err := store.Open(filepath.Join(g.out, "kiosk", store.DatabaseFile))
	if err != nil {
		return err
	}
	st.Now = now
	g.kiosk = st
	fsys, err := assets.Pack(assets.DefaultPackID)
	if err != nil {
		return err
	}
	if g.pack, err = policy.Load(fsys); err != nil {
		return err
	}
	if g.tr, err = translations.New(translations.Default); err != nil {
		return err
	}
	admin, err := st.AddStaff(ctx, 0, "Grace Taylor", store.RoleAdmin, "246813")
	if err != nil {
		return err
	}
	taID, err := st.AddStaff(ctx, admin, "Priya Shah", store.RoleTA, "135792")
	if err != nil {
		return err
	}
	if g.ta, err = st.CheckPIN(ctx, "135792"); err != nil || g.ta.ID != taID {
		return fmt.Errorf("the TA's PIN: %v", err)
	}
	rf, err := store.ParseRoster(bytes.NewReader(rosterCSV(0)))
	if err != nil {
		return err
	}
	if _, err := st.ImportRoster(ctx, rf, store.RosterOptions{}); err != nil {
		return err
	}
	return g.loadPupils(ctx)
}

func (g *gen) loadPupils(ctx context.Context) error {
	for _, p := range roster {
		list, err := g.kiosk.PupilsInClass(ctx, p.class)
		if err != nil {
			return err
		}
		for _, q := range list {
			if q.UPN == upn(p.serial) {
				g.pupils[p.serial] = q
			}
		}
		if _, ok := g.pupils[p.serial]; !ok {
			return fmt.Errorf("pupil %d not on the kiosk", p.serial)
		}
	}
	return nil
}

func startHub(ctx context.Context, dir, name string, st hub.Store) (*hubSide, error) {
	id, err := hub.LoadIdentity(dir, nil)
	if err != nil {
		return nil, err
	}
	h := &hubSide{name: name, st: st, pin: id.Fingerprint}
	h.srv = hub.NewServer(hub.Config{Store: st, Key: id.Key, SchoolName: "Example School", Now: hubClock})
	h.ts = httptest.NewUnstartedServer(h.srv.Handler(hub.WebOptions{}))
	h.ts.TLS = &tls.Config{Certificates: []tls.Certificate{id.Cert}}
	h.ts.StartTLS()
	h.base = h.ts.URL
	if err := hub.AddUser(ctx, st, dslName, dslPassword, hub.RoleDSL, nil, now()); err != nil {
		return nil, err
	}
	return h, putRoster(ctx, st, 0)
}

// putRoster imports the roster on a hub as `smartkiosk-hub roster import`
// does (leaver: the serial left out, 0 for none).
func putRoster(ctx context.Context, st hub.Store, leaver int) error {
	rf, err := store.ParseRoster(bytes.NewReader(rosterCSV(leaver)))
	if err != nil {
		return err
	}
	pupils := make([]hub.Pupil, len(rf.Rows))
	for i, r := range rf.Rows {
		pupils[i] = hub.Pupil{UPN: r.UPN, GivenName: r.GivenName, FamilyName: r.FamilyName,
			Class: r.Class, Year: r.Year, Band: r.Band, Active: true}
	}
	_, err = st.PutRoster(ctx, pupils, now())
	return err
}

// story is what happens at the school, in order.
func (g *gen) story(ctx context.Context) error {
	sqlite, pg := g.hubs[0], g.hubs[1]
	g.syncer = hub.NewSyncer(g.kiosk, hub.SyncerOptions{PublicKey: g.kiosk.Device().PublicKey,
		Label: "Oak classroom tablet", Now: now, Timeout: 10 * time.Second})
	code, _, err := hub.NewEnrolCode(ctx, sqlite.st, "Oak classroom tablet", hubClock())
	if err != nil {
		return err
	}
	if err := g.syncer.Enrol(ctx, sqlite.base, code, sqlite.pin); err != nil {
		return fmt.Errorf("enrol: %w", err)
	}
	// The same tablet is enrolled with the PostgreSQL hub too; its records
	// reach it as USB-stick bundles, through the same ingest.
	code, _, err = hub.NewEnrolCode(ctx, pg.st, "Oak classroom tablet", hubClock())
	if err != nil {
		return err
	}
	if _, err := hub.Enrol(ctx, pg.base, code, pg.pin, "Oak classroom tablet", g.kiosk, g.kiosk.Device().PublicKey, 10*time.Second); err != nil {
		return fmt.Errorf("enrol with PostgreSQL: %w", err)
	}

	// Monday: four pupils sign, one parent acknowledges.
	tick(time.Hour)
	if _, err := g.agreement(ctx, 1, record.ModeTouch, "independent", "fully", nil, ""); err != nil {
		return err
	}
	if _, err := g.parent(ctx, 1, "carer", "Sarah Hughes"); err != nil {
		return err
	}
	noah, err := g.agreement(ctx, 2, record.ModeSwitch, "verbal", "partly", map[int]string{1: record.AnswerNotSure}, "Noah wanted to hear the Meeting rule twice.")
	if err != nil {
		return err
	}
	if _, err := g.agreement(ctx, 6, "speech", "independent", "fully", nil, ""); err != nil {
		return err
	}
	leo, err := g.agreement(ctx, 4, record.ModePhysical, record.PromptingPhysical, "not_clearly", map[int]string{0: record.AnswerNoClear}, "")
	if err != nil {
		return err
	}
	if err := g.sync(ctx); err != nil {
		return err
	}

	// Tuesday: a correction, an agreement and its void, a draft, a leaver.
	tick(24 * time.Hour)
	if err := g.correct(ctx, noah, "answer_recorded_wrongly", "Noah pointed to Yes when asked again.", false); err != nil {
		return err
	}
	ruby, err := g.agreement(ctx, 5, record.ModeTouch, "gestural", "partly", nil, "")
	if err != nil {
		return err
	}
	tick(10 * time.Minute)
	if err := g.correct(ctx, ruby, "wrong_pupil", "Started under another pupil's name.", true); err != nil {
		return err
	}
	if err := g.draft(ctx, 5, 3); err != nil {
		return err
	}
	for _, h := range g.hubs {
		if err := putRoster(ctx, h.st, 6); err != nil {
			return err
		}
	}
	if err := g.sync(ctx); err != nil {
		return err
	}

	// The hubs erase Leo's agreement (his parent asked), and the kiosk
	// erases the names and marks of Monday's records, which the hub keeps.
	tick(time.Hour)
	for _, h := range g.hubs {
		if err := h.st.Erase(ctx, leo, "the parent asked for it to be removed", now()); err != nil {
			return fmt.Errorf("%s: erase: %w", h.name, err)
		}
	}
	if n, err := g.kiosk.PurgeAttachments(ctx, now().Add(-12*time.Hour)); err != nil || n != 5 {
		return fmt.Errorf("purge: %d records, %v", n, err)
	}

	// Wednesday: Isla signs; the tablet has not synced since.
	tick(23 * time.Hour)
	_, err = g.agreement(ctx, 3, "symbol_pointing", "independent", "fully", nil, "")
	return err
}

// sync sends what is waiting to both hubs: to PostgreSQL as a bundle, then
// to SQLite by the kiosk's own sync (which acknowledges it, reports the
// drafts and fetches the roster); the PostgreSQL hub gets the same drafts.
func (g *gen) sync(ctx context.Context) error {
	tick(time.Minute)
	pg := g.hubs[1]
	bundles, err := os.MkdirTemp("", "upgradegen-bundles")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bundles)
	res, err := g.syncer.ExportBundle(ctx, bundles)
	if err != nil {
		return err
	}
	f, err := os.Open(res.Path)
	if err != nil {
		return err
	}
	rep, err := pg.srv.ImportBundle(ctx, f)
	f.Close()
	if err != nil || rep.Counts[hub.StatusStored] != res.Records {
		return fmt.Errorf("bundle into PostgreSQL: %+v, %v", rep.Counts, err)
	}
	tick(time.Minute)
	if err := g.syncer.Once(ctx); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if n, err := g.kiosk.Unsynced(ctx); err != nil || n != 0 {
		return fmt.Errorf("after sync %d waiting, %v", n, err)
	}
	notes, err := g.kiosk.DraftNotes(ctx)
	if err != nil {
		return err
	}
	return pg.st.PutDrafts(ctx, g.kiosk.DeviceID(), notes, now())
}

// agreement saves a pupil's countersigned sign-off as the kiosk's screens
// build it (screens/signoff.go at 802d549: body, attachments, attestation).
func (g *gen) agreement(ctx context.Context, serial int, mode, prompting, understanding string, others map[int]string, note string) (string, error) {
	p := g.pupils[serial]
	band, _ := g.pack.Band(p.Band)
	form, ok := g.pack.PupilForm(p.Band)
	if !ok {
		return "", fmt.Errorf("no form for band %s", p.Band)
	}
	started := now()
	var answers []record.Answer
	for i, st := range form.Steps() {
		a := record.Answer{Statement: st.ID(), Answer: record.AnswerAgree, Mode: mode,
			Replays: i % 2, OffsetMS: int64(4000 * (i + 1))}
		if v, ok := others[i]; ok {
			a.Answer = v
		}
		answers = append(answers, a)
	}
	signed := tick(3 * time.Minute)
	body := &record.Body{
		ID: record.NewID(), Kind: record.KindAgreement, PupilRef: p.UPN, Form: form.ID,
		Band: band.ID, BandAlias: band.Alias, Language: p.Language,
		Pack:    record.PackRef{ID: g.pack.ID, Version: g.pack.Version, Fingerprint: g.pack.Fingerprint},
		Answers: answers,
		Adult: record.AdultRef{StaffID: g.ta.ID, Role: g.ta.Role, Prompting: prompting,
			Understanding: understanding, Attestation: record.AttestationV1},
		StartedAt: started.UTC(), SignedAt: signed.UTC(),
	}
	atts := []store.Attachment{
		{Kind: record.AttachPupilMark, MediaType: "image/png", Data: drawing(serial, 40, 24)},
		{Kind: record.AttachAdultSignature, MediaType: "image/png", Data: drawing(100+serial, 60, 20)},
		{Kind: record.AttachAttestation, MediaType: "text/plain; charset=utf-8", Data: []byte(g.attestation(p, band, mode, prompting))},
	}
	if note != "" {
		atts = append(atts, store.Attachment{Kind: record.AttachAdultNote, MediaType: "text/plain; charset=utf-8", Data: []byte(note)})
	}
	return body.ID, g.kiosk.SaveRecord(ctx, body, atts...)
}

var modeSays = map[string]*translations.Message{
	record.ModeTouch: translations.SaysTouch, record.ModeSwitch: translations.SaysSwitch,
	"speech": translations.SaysSpeech, "symbol_pointing": translations.SaysSymbols,
	record.ModePhysical: translations.SaysPhysical,
}

var promptingSays = map[string]*translations.Message{
	"independent": translations.SaysIndependent, "verbal": translations.SaysVerbal,
	"gestural": translations.SaysGestural, record.PromptingPhysical: translations.SaysPhysicalPrompt,
}

func (g *gen) attestation(p store.Pupil, band policy.Band, mode, prompting string) string {
	title := g.tr.T(translations.AttestBand, map[string]any{"Title": band.Title.In(p.Language)})
	return g.tr.T(translations.AttestV1, map[string]any{"Pupil": p.GivenName, "Band": title,
		"Mode": g.tr.T(modeSays[mode]), "Prompting": g.tr.T(promptingSays[prompting])})
}

// parent saves a parent/carer acknowledgement as screens/parent.go does.
func (g *gen) parent(ctx context.Context, serial int, relationship, name string) (string, error) {
	p := g.pupils[serial]
	form, ok := g.pack.FormOfKind(policy.KindParent)
	if !ok {
		return "", errors.New("the pack has no parent form")
	}
	band, _ := g.pack.Band(p.Band)
	var answers []record.Answer
	for _, st := range form.Steps() {
		answers = append(answers, record.Answer{Statement: st.ID(), Answer: record.AnswerAgree})
	}
	at := tick(5 * time.Minute).UTC()
	body := &record.Body{
		ID: record.NewID(), Kind: record.KindAgreement, PupilRef: p.UPN, Form: form.ID,
		Band: band.ID, BandAlias: band.Alias, Language: p.Language,
		Pack:    record.PackRef{ID: g.pack.ID, Version: g.pack.Version, Fingerprint: g.pack.Fingerprint},
		Answers: answers, Adult: record.AdultRef{StaffID: g.ta.ID, Role: g.ta.Role},
		Parent: &record.ParentRef{Relationship: relationship}, StartedAt: at, SignedAt: at,
	}
	return body.ID, g.kiosk.SaveRecord(ctx, body,
		store.Attachment{Kind: record.AttachParentName, MediaType: "text/plain; charset=utf-8", Data: []byte(name)},
		store.Attachment{Kind: record.AttachParentSig, MediaType: "image/png", Data: drawing(200+serial, 80, 24)})
}

// correct saves a correction (every answer agreed) or a void of a record,
// as screens/correction.go does.
func (g *gen) correct(ctx context.Context, id, reason, note string, void bool) error {
	recs, err := g.kiosk.Records(ctx)
	if err != nil {
		return err
	}
	var orig *store.SavedRecord
	for i := range recs {
		if recs[i].Body.ID == id {
			orig = &recs[i]
		}
	}
	if orig == nil {
		return fmt.Errorf("no record %s", id)
	}
	b := *orig.Body
	b.ID, b.Supersedes, b.Kind = record.NewID(), orig.Body.ID, record.KindCorrection
	b.SignedAt = tick(2 * time.Minute).UTC()
	b.Device, b.Seq, b.Prev, b.Attachments = "", 0, "", nil
	b.Adult = record.AdultRef{StaffID: g.ta.ID, Role: g.ta.Role, Reason: reason}
	var atts []store.Attachment
	if void {
		b.Kind, b.Answers = record.KindVoid, nil
	} else {
		b.Answers = append([]record.Answer(nil), orig.Body.Answers...)
		for i := range b.Answers {
			b.Answers[i].Answer = record.AnswerAgree
		}
		b.Adult.Prompting, b.Adult.Understanding = "verbal", "fully"
		kept, err := g.kiosk.RecordAttachments(ctx, id)
		if err != nil {
			return err
		}
		for _, a := range kept {
			if a.Kind == record.AttachPupilMark && len(a.Data) > 0 {
				atts = append(atts, store.Attachment{Kind: a.Kind, MediaType: a.MediaType, Data: a.Data})
			}
		}
	}
	atts = append(atts, store.Attachment{Kind: record.AttachAdultNote, MediaType: "text/plain; charset=utf-8", Data: []byte(note)})
	return g.kiosk.SaveRecord(ctx, &b, atts...)
}

// draft keeps a sign-off in progress after n answers, as the screens'
// saveDraft does (draftState's JSON).
func (g *gen) draft(ctx context.Context, serial, n int) error {
	p := g.pupils[serial]
	form, _ := g.pack.PupilForm(p.Band)
	started := tick(time.Minute)
	type draftState struct {
		Form    string          `json:"form"`
		Band    string          `json:"band"`
		Started time.Time       `json:"started"`
		Answers []record.Answer `json:"answers"`
		Mark    []byte          `json:"mark,omitempty"`
	}
	st := draftState{Form: form.ID, Band: p.Band, Started: started.UTC()}
	for i, step := range form.Steps()[:n] {
		st.Answers = append(st.Answers, record.Answer{Statement: step.ID(), Answer: record.AnswerAgree, OffsetMS: int64(5000 * (i + 1))})
	}
	state, err := json.Marshal(st)
	if err != nil {
		return err
	}
	tick(time.Minute)
	return g.kiosk.SaveDraft(ctx, store.Draft{ID: record.NewID(), PupilID: p.ID, State: state})
}

// drawing is a small PNG standing in for a mark or a signature.
func drawing(seed, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for x := range w {
		img.SetGray(x, (x*seed/3+seed)%h, color.Gray{})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// ---- goldens: what 802d549 says about the files ----

// RecordGolden identifies one record exactly. The types are the test's
// too (upgrade_test.go), field for field.
type RecordGolden struct {
	ID          string             `json:"id"`
	Kind        string             `json:"kind"`
	Seq         uint64             `json:"seq"`
	PupilRef    string             `json:"pupil_ref"`
	Hash        string             `json:"hash"`      // record.Hash of the body
	Body        string             `json:"body"`      // the exact signed bytes
	Signature   string             `json:"signature"` // hex
	Attachments []AttachmentGolden `json:"attachments"`
}

type AttachmentGolden struct {
	Kind       string `json:"kind"`
	MediaType  string `json:"media_type"`
	Hash       string `json:"hash"`
	DataSHA256 string `json:"data_sha256"` // "" when erased or not held
}

type KioskGolden struct {
	Device   string          `json:"device"`
	Records  []RecordGolden  `json:"records"`
	Pending  []string        `json:"pending"` // ids waiting for the hub, in order
	Unsynced int             `json:"unsynced"`
	Pupils   []PupilGolden   `json:"pupils"` // by class, as the class lists show them
	Drafts   []DraftGolden   `json:"drafts"`
	Verify   []string        `json:"verify"` // `smartkiosk verify`'s lines
	Notes    json.RawMessage `json:"draft_notes"`
}

type PupilGolden struct {
	UPN, GivenName, FamilyName, Class, Year, Band string
	Active                                        bool
}

// DraftGolden is a draft: on the kiosk State is its saved JSON; on a hub,
// which keeps no state, it is the started and updated times reported.
type DraftGolden struct {
	ID       string `json:"id"`
	PupilRef string `json:"pupil_ref"`
	State    string `json:"state"`
}

type HubGolden struct {
	Device      string         `json:"device"`
	Records     []RecordGolden `json:"records"`
	Count       int            `json:"count"`
	Quarantined int            `json:"quarantined"`
	Erased      []string       `json:"erased"` // ids Record answers ErrNotFound for
	Drafts      []DraftGolden  `json:"drafts"`
	Roster      []PupilGolden  `json:"roster"`
	Chain       []string       `json:"chain_problems"`
	Evidence    []string       `json:"evidence_oak"` // VerifyEvidence of class Oak's pack
}

func (g *gen) goldens(ctx context.Context) error {
	dir := filepath.Join(g.out, "golden")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	kg, csv, err := g.kioskGolden(ctx)
	if err != nil {
		return err
	}
	g.kioskG = kg
	if err := os.WriteFile(filepath.Join(dir, "kiosk-export.csv"), csv, 0o644); err != nil {
		return err
	}
	for _, h := range g.hubs {
		hg, err := g.hubGolden(ctx, h)
		if err != nil {
			return fmt.Errorf("%s: %w", h.name, err)
		}
		if err := writeJSON(filepath.Join(dir, h.name+".json"), hg); err != nil {
			return err
		}
		pages, err := h.pages(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", h.name, err)
		}
		for name, data := range pages {
			if err := os.WriteFile(filepath.Join(dir, h.name+"-"+name), data, 0o644); err != nil {
				return err
			}
		}
		ev, err := h.evidence(ctx, "Oak")
		if err != nil {
			return err
		}
		hg.Evidence = ev
		if err := writeJSON(filepath.Join(dir, h.name+".json"), hg); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func sha(b []byte) string {
	if b == nil {
		return ""
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func (g *gen) kioskGolden(ctx context.Context) (KioskGolden, []byte, error) {
	st := g.kiosk
	kg := KioskGolden{Device: st.DeviceID()}
	recs, err := st.Records(ctx)
	if err != nil {
		return kg, nil, err
	}
	for _, r := range recs {
		atts, err := st.RecordAttachments(ctx, r.Body.ID)
		if err != nil {
			return kg, nil, err
		}
		rg := RecordGolden{ID: r.Body.ID, Kind: r.Body.Kind, Seq: r.Body.Seq, PupilRef: r.Body.PupilRef,
			Hash: r.Hash, Body: string(r.BodyBytes), Signature: hex.EncodeToString(r.Signature)}
		if len(atts) != len(r.Body.Attachments) {
			return kg, nil, fmt.Errorf("record %s: %d attachments held, %d in the body", r.Body.ID, len(atts), len(r.Body.Attachments))
		}
		for i, a := range atts {
			rg.Attachments = append(rg.Attachments, AttachmentGolden{Kind: a.Kind, MediaType: a.MediaType,
				Hash: r.Body.Attachments[i].Hash, DataSHA256: sha(a.Data)})
		}
		kg.Records = append(kg.Records, rg)
	}
	pending, err := st.PendingRecords(ctx, 0)
	if err != nil {
		return kg, nil, err
	}
	for _, p := range pending {
		b, err := record.Parse(p.Body)
		if err != nil {
			return kg, nil, err
		}
		kg.Pending = append(kg.Pending, b.ID)
	}
	if kg.Unsynced, err = st.Unsynced(ctx); err != nil {
		return kg, nil, err
	}
	classes, err := st.Classes(ctx)
	if err != nil {
		return kg, nil, err
	}
	for _, c := range classes {
		list, err := st.PupilsInClass(ctx, c)
		if err != nil {
			return kg, nil, err
		}
		for _, p := range list {
			kg.Pupils = append(kg.Pupils, PupilGolden{p.UPN, p.GivenName, p.FamilyName, p.Class, p.Year, p.Band, p.Active})
			drafts, err := st.PupilDrafts(ctx, p.ID)
			if err != nil {
				return kg, nil, err
			}
			for _, d := range drafts {
				kg.Drafts = append(kg.Drafts, DraftGolden{ID: d.ID, PupilRef: p.UPN, State: string(d.State)})
			}
		}
	}
	notes, err := st.DraftNotes(ctx)
	if err != nil {
		return kg, nil, err
	}
	if kg.Notes, err = json.Marshal(notes); err != nil {
		return kg, nil, err
	}
	// `smartkiosk export --data DIR` (CSV, every class).
	entries, _, err := st.ExportEntries(ctx, "")
	if err != nil {
		return kg, nil, err
	}
	var csv bytes.Buffer
	if err := export.WriteCSV(&csv, entries, export.CSVOptions{}); err != nil {
		return kg, nil, err
	}
	return kg, csv.Bytes(), nil
}

// verify is `smartkiosk verify --data DIR`'s output, as cli_verify.go
// prints it, for the closed kiosk folder.
func verify(ctx context.Context, dir string) ([]string, error) {
	rep, err := store.VerifyData(ctx, dir, nil)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, p := range rep.Problems {
		lines = append(lines, fmt.Sprint(p))
	}
	if rep.OK() {
		lines = append(lines, fmt.Sprintf("%d records and %d backup(s) checked against device %s (public key %s): "+
			"every signature, chain link and attachment hash holds.", rep.Records, rep.Backups, rep.Device, rep.PublicKey))
	}
	return lines, nil
}

func (g *gen) hubGolden(ctx context.Context, h *hubSide) (HubGolden, error) {
	hg := HubGolden{Device: g.kiosk.DeviceID()}
	stored, err := h.st.DeviceRecords(ctx, hg.Device)
	if err != nil {
		return hg, err
	}
	var bodies [][]byte
	for _, s := range stored {
		full, err := h.st.Record(ctx, s.ID)
		if err != nil {
			return hg, err
		}
		rg := RecordGolden{ID: s.ID, Kind: s.Kind, Seq: s.Seq, PupilRef: s.PupilRef, Hash: s.BodyHash,
			Body: string(s.Body), Signature: hex.EncodeToString(s.Signature)}
		for _, a := range full.Attachments {
			rg.Attachments = append(rg.Attachments, AttachmentGolden{Kind: a.Kind, MediaType: a.MediaType,
				Hash: a.Hash, DataSHA256: sha(a.Data)})
		}
		hg.Records = append(hg.Records, rg)
		bodies = append(bodies, s.Body)
	}
	for _, p := range record.VerifyChain(bodies) {
		hg.Chain = append(hg.Chain, fmt.Sprint(p))
	}
	if hg.Count, err = h.st.CountRecords(ctx); err != nil {
		return hg, err
	}
	q, err := h.st.Quarantined(ctx)
	if err != nil {
		return hg, err
	}
	hg.Quarantined = len(q)
	kg, _, err := g.kioskGolden(ctx)
	if err != nil {
		return hg, err
	}
	for _, r := range kg.Records {
		if _, err := h.st.Record(ctx, r.ID); errors.Is(err, hub.ErrNotFound) && !contains(kg.Pending, r.ID) {
			hg.Erased = append(hg.Erased, r.ID)
		}
	}
	drafts, err := h.st.Drafts(ctx)
	if err != nil {
		return hg, err
	}
	for _, d := range drafts {
		hg.Drafts = append(hg.Drafts, DraftGolden{ID: d.ID, PupilRef: d.PupilRef,
			State: d.StartedAt.UTC().Format(time.RFC3339Nano) + " " + d.UpdatedAt.UTC().Format(time.RFC3339Nano)})
	}
	page, err := h.st.Roster(ctx, 0)
	if err != nil {
		return hg, err
	}
	for _, p := range page.Pupils {
		hg.Roster = append(hg.Roster, PupilGolden{p.UPN, p.GivenName, p.FamilyName, p.Class, p.Year, p.Band, p.Active})
	}
	return hg, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- the hub's pages, as a DSL reads them ----

func (h *hubSide) signIn(ctx context.Context) error {
	// No cookie jar: the session cookie expires a week after viewAt, which
	// a jar would judge by the real clock.
	h.web = &http.Client{Transport: h.ts.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := h.web.PostForm(h.base+"/signin", url.Values{"name": {dslName}, "password": {dslPassword}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in: %s", resp.Status)
	}
	for _, c := range resp.Cookies() {
		if c.Name == hub.SessionCookie {
			h.cookie = c.Value
		}
	}
	if h.cookie == "" {
		return errors.New("sign in: no session cookie")
	}
	return nil
}

func (h *hubSide) do(method, path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequest(method, h.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: hub.SessionCookie, Value: h.cookie})
	return h.web.Do(req)
}

func (h *hubSide) get(path string) ([]byte, error) {
	resp, err := h.do(http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return data, err
}

var (
	csrfRE    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	numbersRE = regexp.MustCompile(`(?s)<table class="numbers">.*?</table>`)
	leadRE    = regexp.MustCompile(`(?s)<p class="lead">.*?</p>`)
	pupilsRE  = regexp.MustCompile(`(?s)<h2>Pupils</h2>.*?</table>`)
	countsRE  = regexp.MustCompile(`(?s)<p>[0-9]+ started on a kiosk.*?</p>`)
)

// job starts a whole-school export and returns its file.
func (h *hubSide) job(kind, class string) ([]byte, error) {
	page, err := h.get("/coverage")
	if err != nil {
		return nil, err
	}
	m := csrfRE.FindSubmatch(page)
	if m == nil {
		return nil, errors.New("no CSRF token on /coverage")
	}
	form := url.Values{"csrf": {string(m[1])}, "kind": {kind}}
	if class != "" {
		form.Set("class", class)
	}
	resp, err := h.do(http.MethodPost, "/exports", form)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		return nil, fmt.Errorf("start export: %s", resp.Status)
	}
	for range 200 {
		resp, err := h.do(http.MethodGet, loc+"/file", nil)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return data, err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil, fmt.Errorf("export %s did not finish", loc)
}

// pages are the coverage table, each class's counts and pupils, and the
// CSV exports (each class, and the whole school).
func (h *hubSide) pages(ctx context.Context) (map[string][]byte, error) {
	if err := h.signIn(ctx); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	cov, err := h.get("/coverage")
	if err != nil {
		return nil, err
	}
	out["coverage.html"] = join(leadRE.Find(cov), numbersRE.Find(cov))
	for _, class := range []string{"Oak", "Ash"} {
		page, err := h.get("/classes/" + class)
		if err != nil {
			return nil, err
		}
		out["class-"+class+".html"] = join(leadRE.Find(page), countsRE.Find(page), pupilsRE.Find(page))
		if out["records-"+class+".csv"], err = h.get("/classes/" + class + "/records/csv"); err != nil {
			return nil, err
		}
	}
	if out["records-school.csv"], err = h.job("csv", ""); err != nil {
		return nil, err
	}
	for name, data := range out {
		if len(data) == 0 {
			return nil, fmt.Errorf("%s: nothing found", name)
		}
	}
	return out, nil
}

func join(parts ...[]byte) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		if p == nil {
			return nil
		}
		b.Write(p)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// evidence is what an inspector's check says about a class's evidence pack.
func (h *hubSide) evidence(ctx context.Context, class string) ([]string, error) {
	zip, err := h.job("evidence", class)
	if err != nil {
		return nil, err
	}
	rep, err := export.VerifyEvidence(bytes.NewReader(zip), int64(len(zip)), export.VerifyOptions{HubKey: h.srv.PublicKey()})
	if err != nil {
		return nil, err
	}
	lines := []string{fmt.Sprintf("ok=%v records=%d hub=%s", rep.OK(), rep.Records, rep.HubKeyID)}
	lines = append(lines, rep.Problems...)
	for _, f := range rep.Failed {
		for _, p := range f.Problems {
			lines = append(lines, "record "+f.ID+": "+p)
		}
	}
	return append(lines, rep.Notes...), nil
}

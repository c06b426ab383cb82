package upgrade_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/export"
	"smartkiosk/hub"
	"smartkiosk/hub/pgstore"
	"smartkiosk/hub/proto"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// TestUpgrade_HubSQLite opens 802d549's SQLite hub folder with today's code.
func TestUpgrade_HubSQLite(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "hub-sqlite")
	st, err := sqlitestore.Open(filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatalf("the new code cannot open 802d549's hub: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	checkHub(t, "hub-sqlite", st, dir)
}

// TestUpgrade_HubPostgres restores 802d549's PostgreSQL hub from its dump into a
// new database of the test cluster (scripts/pg-test.sh run sets
// SMARTKIOSK_PG_URL, as for hub/pgstore) and opens it with today's code.
func TestUpgrade_HubPostgres(t *testing.T) {
	t.Parallel()
	base := os.Getenv("SMARTKIOSK_PG_URL")
	if base == "" {
		t.Skip("SMARTKIOSK_PG_URL is not set: run scripts/pg-test.sh run go test ./upgrade to check the PostgreSQL hub too")
	}
	dir := copyFixture(t, "hub-pg")
	u := restoreDump(t, base, filepath.Join(dir, "dump.sql"))
	ctx := context.Background()
	st, err := pgstore.Open(ctx, u)
	if err != nil {
		t.Fatalf("the new code cannot open 802d549's PostgreSQL hub: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	checkHub(t, "hub-pg", st, dir)
}

var dbCount atomic.Int64

// restoreDump makes a new database, dropped when t ends, runs the dump's
// SQL in it and returns its URL. The dump is pg_dump's plain SQL; its psql
// meta-commands (\restrict, \unrestrict) are for psql and are left out.
func restoreDump(t *testing.T, base, dump string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test cluster: %v", err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("upgrade_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, dbCount.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if admin, err := pgx.Connect(ctx, base); err == nil {
			defer admin.Close(ctx)
			if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
				t.Errorf("drop %s: %v", name, err)
			}
		}
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	pu.Path = "/" + name
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	var sql strings.Builder
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if !strings.HasPrefix(l, `\`) {
			sql.WriteString(l)
		}
	}
	conn, err := pgx.Connect(ctx, pu.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.PgConn().Exec(ctx, sql.String()).ReadAll(); err != nil {
		t.Fatalf("restore %s: %v", dump, err)
	}
	return pu.String()
}

// checkHub checks a hub store 802d549 wrote (name is its fixture's, dir
// the copy of its folder with the receipt key): records, erasures,
// drafts and roster as they were; and through the hub's pages, coverage,
// the CSV exports and an evidence pack; then that it still ingests.
func checkHub(t *testing.T, name string, st hub.Store, dir string) {
	ctx := context.Background()
	var want HubGolden
	readJSON(t, name+".json", &want)
	got := hubRecords(t, st, want.Device)
	sameRecords(t, name, got, want.Records)
	var bodies [][]byte
	for _, r := range got {
		bodies = append(bodies, []byte(r.Body))
	}
	var chain []string
	for _, p := range record.VerifyChain(bodies) {
		chain = append(chain, fmt.Sprint(p))
	}
	if !slices.Equal(chain, want.Chain) {
		t.Errorf("chain problems (the erased record leaves a gap):\n got %q\nwant %q", chain, want.Chain)
	}
	if n, err := st.CountRecords(ctx); err != nil || n != want.Count {
		t.Errorf("CountRecords = %d (%v), want %d", n, err, want.Count)
	}
	if q, err := st.Quarantined(ctx); err != nil || len(q) != want.Quarantined {
		t.Errorf("quarantined = %d (%v), want %d", len(q), err, want.Quarantined)
	}
	for _, id := range want.Erased {
		if _, err := st.Record(ctx, id); !errors.Is(err, hub.ErrNotFound) {
			t.Errorf("erased record %s: %v, want not found", id, err)
		}
	}
	drafts, err := st.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var gotDrafts []DraftGolden
	for _, d := range drafts {
		gotDrafts = append(gotDrafts, DraftGolden{ID: d.ID, PupilRef: d.PupilRef,
			State: d.StartedAt.UTC().Format(time.RFC3339Nano) + " " + d.UpdatedAt.UTC().Format(time.RFC3339Nano)})
	}
	if !slices.Equal(gotDrafts, want.Drafts) {
		t.Errorf("drafts:\n got %+v\nwant %+v", gotDrafts, want.Drafts)
	}
	page, err := st.Roster(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var roster []PupilGolden
	for _, p := range page.Pupils {
		roster = append(roster, PupilGolden{p.UPN, p.GivenName, p.FamilyName, p.Class, p.Year, p.Band, p.Active})
	}
	if !slices.Equal(roster, want.Roster) {
		t.Errorf("roster:\n got %+v\nwant %+v", roster, want.Roster)
	}

	w := startWeb(t, st, dir)
	checkPages(t, name, w, want)
	t.Run("StillIngests", func(t *testing.T) { testIngest(t, name, st, w, want) })
}

func hubRecords(t *testing.T, st hub.Store, device string) []RecordGolden {
	t.Helper()
	ctx := context.Background()
	stored, err := st.DeviceRecords(ctx, device)
	if err != nil {
		t.Fatal(err)
	}
	var out []RecordGolden
	for _, s := range stored {
		full, err := st.Record(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		g := RecordGolden{ID: s.ID, Kind: s.Kind, Seq: s.Seq, PupilRef: s.PupilRef, Hash: s.BodyHash,
			Body: string(s.Body), Signature: hex.EncodeToString(s.Signature)}
		for _, a := range full.Attachments {
			sum := ""
			if a.Data != nil {
				sum = shaHex(sha256.Sum256(a.Data))
			}
			g.Attachments = append(g.Attachments, AttachmentGolden{Kind: a.Kind, MediaType: a.MediaType, Hash: a.Hash, DataSHA256: sum})
		}
		out = append(out, g)
	}
	return out
}

// web is the hub's pages as the fixture's DSL reads them, at viewAt.
type web struct {
	srv    *hub.Server
	base   string
	client *http.Client
	cookie string
}

func startWeb(t *testing.T, st hub.Store, dir string) *web {
	t.Helper()
	id, err := hub.LoadIdentity(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := hub.NewServer(hub.Config{Store: st, Key: id.Key, SchoolName: "Example School",
		Now: func() time.Time { return viewAt }})
	ts := httptest.NewServer(srv.Handler(hub.WebOptions{}))
	t.Cleanup(ts.Close)
	w := &web{srv: srv, base: ts.URL, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	resp, err := w.client.PostForm(w.base+"/signin", url.Values{"name": {dslName}, "password": {dslPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() { // by hand: a jar would judge the expiry by the real clock
		if c.Name == hub.SessionCookie {
			w.cookie = c.Value
		}
	}
	if resp.StatusCode != http.StatusSeeOther || w.cookie == "" {
		t.Fatalf("the DSL 802d549 made cannot sign in: %s", resp.Status)
	}
	return w
}

func (w *web) do(t *testing.T, method, path string, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, w.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: hub.SessionCookie, Value: w.cookie})
	resp, err := w.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func (w *web) get(t *testing.T, path string) []byte {
	t.Helper()
	resp := w.do(t, http.MethodGet, path, nil)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v", path, resp.Status, err)
	}
	return data
}

// The parts of the pages testdata/gen/main.go kept: the same expressions.
var (
	csrfRE    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	numbersRE = regexp.MustCompile(`(?s)<table class="numbers">.*?</table>`)
	leadRE    = regexp.MustCompile(`(?s)<p class="lead">.*?</p>`)
	pupilsRE  = regexp.MustCompile(`(?s)<h2>Pupils</h2>.*?</table>`)
	countsRE  = regexp.MustCompile(`(?s)<p>[0-9]+ started on a kiosk.*?</p>`)
)

func join(parts ...[]byte) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		b.Write(p)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// job runs an export of every class (or one) and returns its file.
func (w *web) job(t *testing.T, kind, class string) []byte {
	t.Helper()
	m := csrfRE.FindSubmatch(w.get(t, "/coverage"))
	if m == nil {
		t.Fatal("no CSRF token on /coverage")
	}
	form := url.Values{"csrf": {string(m[1])}, "kind": {kind}}
	if class != "" {
		form.Set("class", class)
	}
	resp := w.do(t, http.MethodPost, "/exports", form)
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("start a %s export: %s", kind, resp.Status)
	}
	for range 400 {
		resp := w.do(t, http.MethodGet, loc+"/file", nil)
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && err == nil {
			return data
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("export %s did not finish", loc)
	return nil
}

func samePage(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed:\n got %s\nwant %s", what, got, want)
	}
}

// checkPages compares coverage, the class pages' counts and pupils, the
// CSV exports and class Oak's evidence pack with what 802d549 showed.
func checkPages(t *testing.T, name string, w *web, want HubGolden) {
	t.Helper()
	cov := w.get(t, "/coverage")
	samePage(t, name+" coverage", join(leadRE.Find(cov), numbersRE.Find(cov)), golden(t, name+"-coverage.html"))
	var leaverIDs []string
	for _, r := range want.Records {
		if r.PupilRef == leaverUPN {
			leaverIDs = append(leaverIDs, r.ID)
		}
	}
	for _, class := range []string{"Oak", "Ash"} {
		page := w.get(t, "/classes/"+class)
		samePage(t, name+" class "+class, join(leadRE.Find(page), countsRE.Find(page), pupilsRE.Find(page)),
			golden(t, name+"-class-"+class+".html"))
		rows := sameCSV(t, name+" "+class+" CSV", w.get(t, "/classes/"+class+"/records/csv"), golden(t, name+"-records-"+class+".csv"))
		checkLeaverRows(t, name+" "+class+" CSV", rows, map[string][]string{"Oak": nil, "Ash": leaverIDs}[class])
	}
	rows := sameCSV(t, name+" school CSV", w.job(t, "csv", ""), golden(t, name+"-records-school.csv"))
	checkLeaverRows(t, name+" school CSV", rows, leaverIDs)

	zip := w.job(t, "evidence", "Oak")
	rep, err := export.VerifyEvidence(bytes.NewReader(zip), int64(len(zip)), export.VerifyOptions{HubKey: w.srv.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{fmt.Sprintf("ok=%v records=%d hub=%s", rep.OK(), rep.Records, rep.HubKeyID)}
	got = append(got, rep.Problems...)
	for _, f := range rep.Failed {
		for _, p := range f.Problems {
			got = append(got, "record "+f.ID+": "+p)
		}
	}
	got = append(got, rep.Notes...)
	if !slices.Equal(got, want.Evidence) {
		t.Errorf("%s class Oak's evidence pack:\n got %q\nwant %q", name, got, want.Evidence)
	}
}

// checkLeaverRows: today's hub exports the records of a pupil who left
// (802d549's left them out); they must be exactly the leaver's records.
func checkLeaverRows(t *testing.T, where string, rows [][]string, ids []string) {
	t.Helper()
	var got []string
	for _, r := range rows {
		got = append(got, r[12]) // record_id
	}
	if !slices.Equal(got, ids) {
		t.Errorf("%s: the leaver's rows are records %q, want %q", where, got, ids)
	}
}

// testIngest: a kiosk folder from 802d549, written to by today's code,
// sends everything it ever signed in a bundle; the hub stores the three
// it never had (the old pending one and two new) and answers duplicate
// for every record it holds from 802d549 and for the one it erased.
func testIngest(t *testing.T, name string, st hub.Store, w *web, want HubGolden) {
	ctx := context.Background()
	var kg KioskGolden
	readJSON(t, "kiosk.json", &kg)
	kst := openKiosk(t, copyFixture(t, "kiosk"))
	added := newRecords(t, kst)
	pending, err := kst.PendingRecords(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var recs []record.Signed
	wantStatus := map[string]string{}
	for _, r := range kg.Records {
		if slices.Contains(kg.Pending, r.ID) {
			continue
		}
		sig, _ := hex.DecodeString(r.Signature)
		recs = append(recs, record.Signed{ID: r.ID, Body: []byte(r.Body), Signature: sig})
		wantStatus[r.ID] = signoff.SyncDuplicate
	}
	for _, p := range pending {
		recs = append(recs, p)
		wantStatus[p.ID] = signoff.SyncStored
	}
	if len(pending) != len(kg.Pending)+len(added) {
		t.Fatalf("%d records waiting, want %d", len(pending), len(kg.Pending)+len(added))
	}
	bundle, err := proto.MakeBundle(kst, recs, viewAt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := w.srv.ImportBundle(ctx, bytes.NewReader(bundle))
	if err != nil {
		t.Fatalf("%s: import a bundle: %v", name, err)
	}
	for _, r := range rep.Results {
		if r.Status != wantStatus[r.ID] {
			t.Errorf("%s: record %s: %s %s, want %s", name, r.ID, r.Status, r.Reason, wantStatus[r.ID])
		}
	}
	if len(rep.Results) != len(recs) {
		t.Errorf("%s: %d results for %d records", name, len(rep.Results), len(recs))
	}
	if n, err := st.CountRecords(ctx); err != nil || n != want.Count+len(pending) {
		t.Errorf("%s: CountRecords = %d (%v), want %d", name, n, err, want.Count+len(pending))
	}
	if q, err := st.Quarantined(ctx); err != nil || len(q) != 0 {
		t.Errorf("%s: %d quarantined (%v) after resending old records", name, len(q), err)
	}
	after := hubRecords(t, st, want.Device)
	sameRecords(t, name+" after ingest", after[:min(len(after), len(want.Records))], want.Records)
	// Isla's agreement, pending since 802d549, and Noah's new one: Oak is signed.
	page := w.get(t, "/classes/Oak")
	if lead := leadRE.Find(page); !bytes.Contains(lead, []byte("3 of 3 pupils have signed")) {
		t.Errorf("%s: class Oak after ingest: %s", name, lead)
	}
}

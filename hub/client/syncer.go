package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// SyncerOptions tune the kiosk's background sync; zero values take the
// defaults in brackets.
type SyncerOptions struct {
	PublicKey   ed25519.PublicKey // the device's key, sent when enrolling
	Label       string            // the kiosk's name on the hub's device list
	PackDir     string            // where hub packs are installed; "" leaves packs alone
	Timeout     time.Duration     // per request [30 s]
	BatchSize   int               // records per request, halved on 413 [100]
	Every       time.Duration     // sync this often [10 min]
	AfterCommit time.Duration     // and this long after a record is saved [5 s]
	BackoffBase time.Duration     // first retry after a failure, at most [5 s]
	BackoffCap  time.Duration     // longest wait between retries [10 min]
	PurgeAfter  time.Duration     // keep acknowledged records' attachments this long [14 days]
	Now         func() time.Time
	Log         *slog.Logger // what the sync does not report in its Status [slog.Default()]; never given pupils' data
}

func (o *SyncerOptions) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.Timeout, 30*time.Second)
	def(&o.Every, 10*time.Minute)
	def(&o.AfterCommit, 5*time.Second)
	def(&o.BackoffBase, 5*time.Second)
	def(&o.BackoffCap, 10*time.Minute)
	def(&o.PurgeAfter, 14*24*time.Hour)
	if o.BatchSize <= 0 {
		o.BatchSize = 100
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// Syncer runs a kiosk's sync with its hub in the background: at start,
// every 10 minutes, 5 s after a record is saved and when an adult asks,
// backing off with full jitter after failures. It keeps its Status in the
// kiosk's store, so the adult area can always say what is happening.
type Syncer struct {
	k    Kiosk
	o    SyncerOptions
	wake chan struct{} // sync now
	soon chan struct{} // a record was saved

	once sync.Mutex // one sync at a time
	// drafts is the list of sign-offs in progress last reported to the hub
	// (its JSON), and when: an unchanged list is sent again only hourly.
	drafts   string
	draftsAt time.Time

	mu        sync.Mutex
	syncing   bool
	failures  int // in a row
	listeners []func()
}

// NewSyncer makes a syncer for the kiosk's store k; Run starts it.
func NewSyncer(k Kiosk, o SyncerOptions) *Syncer {
	o.defaults()
	return &Syncer{k: k, o: o, wake: make(chan struct{}, 1), soon: make(chan struct{}, 1)}
}

// SyncNow asks for a sync as soon as possible. It never blocks.
func (s *Syncer) SyncNow() { poke(s.wake) }

// Committed tells the syncer a record was saved: it syncs AfterCommit later.
func (s *Syncer) Committed() { poke(s.soon) }

func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// OnChange registers f to be called (from the syncer's goroutine) when the
// snapshot may have changed.
func (s *Syncer) OnChange(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, f)
}

func (s *Syncer) changed() {
	s.mu.Lock()
	ls := append([]func(){}, s.listeners...)
	s.mu.Unlock()
	for _, f := range ls {
		f()
	}
}

// Run syncs until ctx ends.
func (s *Syncer) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	due := s.o.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.soon:
			if at := s.o.Now().Add(s.o.AfterCommit); at.Before(due) {
				due = at
				resetTimer(timer, s.o.AfterCommit)
			}
			continue
		case <-s.wake:
		case <-timer.C:
		}
		err := s.Once(ctx)
		wait := s.o.Every
		if err != nil && !isNotEnrolled(err) {
			wait = s.backoff()
		}
		due = s.o.Now().Add(wait)
		resetTimer(timer, wait)
	}
}

func resetTimer(t *time.Timer, d time.Duration) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d)
}

// backoff is full jitter: a uniform wait up to base·2^failures, capped.
func (s *Syncer) backoff() time.Duration {
	s.mu.Lock()
	n := s.failures
	s.mu.Unlock()
	return FullJitter(s.o.BackoffBase, s.o.BackoffCap, n, rand.Int64N)
}

// FullJitter returns a random wait in [0, min(cap, base·2^(attempt-1))],
// never under a tenth of base (so a retry never spins).
func FullJitter(base, cap time.Duration, attempt int, randN func(int64) int64) time.Duration {
	ceiling := cap
	if attempt < 1 {
		attempt = 1
	}
	if attempt < 31 && base<<(attempt-1) < cap {
		ceiling = base << (attempt - 1)
	}
	return max(time.Duration(randN(int64(ceiling)+1)), base/10)
}

func isNotEnrolled(err error) bool {
	var fe *FailureError
	return errors.As(err, &fe) && fe.Code == FailNotEnrolled
}

// Once runs one whole sync: check the hub answers, send every waiting
// record, report the drafts, fetch the roster and the pack, purge old
// attachments. It returns the first failure (also kept in the Status); a
// failure to report the drafts is only logged.
func (s *Syncer) Once(ctx context.Context) error {
	s.once.Lock()
	defer s.once.Unlock()
	s.setSyncing(true)
	defer s.setSyncing(false)
	st, _ := s.status(ctx)
	st.LastAttempt = s.o.Now().UTC()
	before := st.Rejected
	st.Detail = ""
	err := s.sync(ctx, &st)
	rejectedReason := st.Detail
	s.mu.Lock()
	if err != nil {
		s.failures++
	} else {
		s.failures = 0
	}
	s.mu.Unlock()
	st.Failure, st.Detail = failureOf(err)
	if err == nil {
		st.LastSuccess = st.LastAttempt
		if st.Rejected > before {
			st.Failure, st.Detail = FailRejected, rejectedReason
		}
	}
	if serr := s.saveStatus(ctx, st); serr != nil && err == nil {
		err = serr
	}
	return err
}

func failureOf(err error) (code, detail string) {
	var fe *FailureError
	switch {
	case err == nil:
		return FailNone, ""
	case errors.As(err, &fe):
		return fe.Code, fe.Detail
	case errors.Is(err, ErrTooLarge):
		return FailServer, "a record is too large for the hub"
	}
	return FailDisk, ""
}

func (s *Syncer) setSyncing(on bool) {
	s.mu.Lock()
	s.syncing = on
	s.mu.Unlock()
	s.changed()
}

func (s *Syncer) sync(ctx context.Context, st *Status) error {
	link, err := s.link(ctx)
	if err != nil {
		return err
	}
	c, err := New(*link, s.k, s.o.Timeout)
	if err != nil {
		return err
	}
	if err := c.Ping(ctx); err != nil {
		return err
	}
	if err := s.push(ctx, c, link.HubPublicKey, st); err != nil {
		return err
	}
	s.sendDrafts(ctx, c)
	if err := s.pullRoster(ctx, c, link); err != nil {
		return err
	}
	if err := s.pullPack(ctx, c, link, st); err != nil {
		return err
	}
	if err := s.pullReception(ctx, c); err != nil {
		return err
	}
	if _, err := s.k.PurgeAttachments(ctx, s.o.Now().Add(-s.o.PurgeAfter)); err != nil {
		return fmt.Errorf("purge attachments: %w", err)
	}
	return nil
}

// push sends every waiting record, batch by batch, halving the batch when
// the hub (or a proxy) says it is too large.
func (s *Syncer) push(ctx context.Context, c *Client, hubKey ed25519.PublicKey, st *Status) error {
	size := s.o.BatchSize
	for {
		recs, err := s.k.PendingRecords(ctx, size)
		if err != nil {
			return fmt.Errorf("read waiting records: %w", err)
		}
		if len(recs) == 0 {
			return nil
		}
		results, err := c.SendBatch(ctx, recs)
		if errors.Is(err, ErrTooLarge) && size > 1 {
			size = max(1, size/2)
			continue
		} else if err != nil {
			return err
		}
		acks, rejected, err := acksOf(results, hubKey)
		if err != nil {
			return &FailureError{Code: FailServer, Detail: c.Host(), Err: err}
		}
		if err := s.k.SaveAcks(ctx, acks, s.o.Now().UTC()); err != nil {
			return fmt.Errorf("save the hub's answers: %w", err)
		}
		st.Rejected += rejected
		s.changed()
		if rejected > 0 {
			st.Detail = results[firstRejected(results)].Reason
		}
	}
}

// draftsResend is how often an unchanged list of drafts is reported again.
const draftsResend = time.Hour

// sendDrafts reports the sign-offs in progress, newest first and at most
// MaxDraftNotes, so the hub can show who has a draft. It is a courtesy to
// the tutors, not part of keeping records safe: a failure (an older hub
// without the route, say) is logged, by its code only, and the sync goes on.
func (s *Syncer) sendDrafts(ctx context.Context, c *Client) {
	notes, err := s.k.DraftNotes(ctx)
	if err == nil {
		if len(notes) > proto.MaxDraftNotes {
			notes = notes[:proto.MaxDraftNotes]
		}
		list, _ := json.Marshal(notes) // plain structs: cannot fail
		if string(list) == s.drafts && s.o.Now().Sub(s.draftsAt) < draftsResend {
			return
		}
		if err = c.PutDrafts(ctx, notes); err == nil {
			s.drafts, s.draftsAt = string(list), s.o.Now()
		}
	}
	if err != nil {
		code, _ := failureOf(err)
		s.o.Log.WarnContext(ctx, "sync: drafts not reported to the hub", "failure", code, "drafts", len(notes))
	}
}

// acksOf checks each receipt is the hub's and says what it says.
func acksOf(results []proto.Result, hubKey ed25519.PublicKey) ([]record.Ack, int, error) {
	acks := make([]record.Ack, len(results))
	rejected := 0
	for i, r := range results {
		rb, err := r.Receipt.Open(hubKey)
		if err != nil {
			return nil, 0, fmt.Errorf("record %s: %w", r.ID, err)
		}
		if rb.Record != r.ID || rb.Status != r.Status {
			return nil, 0, fmt.Errorf("record %s: the receipt says %s %s", r.ID, rb.Record, rb.Status)
		}
		receipt, _ := json.Marshal(r.Receipt)
		acks[i] = record.Ack{ID: r.ID, Status: r.Status, Reason: r.Reason, Receipt: receipt}
		if !r.Acknowledged() {
			rejected++
		}
	}
	return acks, rejected, nil
}

func firstRejected(results []proto.Result) int {
	for i, r := range results {
		if !r.Acknowledged() {
			return i
		}
	}
	return 0
}

// pullRoster applies the hub's roster when it changed. An empty list is
// never applied: it would mark every pupil as left.
func (s *Syncer) pullRoster(ctx context.Context, c *Client, link *Link) error {
	page, err := c.Roster(ctx, link.RosterVersion)
	if err != nil {
		return err
	}
	if page.Version == link.RosterVersion || len(page.Pupils) == 0 {
		return nil
	}
	entries := make([]signoff.Pupil, len(page.Pupils))
	for i, p := range page.Pupils {
		entries[i] = p.Domain()
	}
	if err := s.k.ApplyRoster(ctx, entries); err != nil {
		return &FailureError{Code: FailRejected, Detail: "the hub's roster: " + err.Error(), Err: err}
	}
	link.RosterVersion = page.Version
	return s.saveLink(ctx, link)
}

func (s *Syncer) pullPack(ctx context.Context, c *Client, link *Link, st *Status) error {
	if s.o.PackDir == "" {
		return nil
	}
	m, err := c.CurrentPack(ctx)
	if errors.Is(err, ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if m.Fingerprint == link.PackHash {
		return nil
	}
	if err := InstallPack(ctx, c, m, s.o.PackDir); err != nil {
		return err
	}
	link.PackHash = m.Fingerprint
	st.PendingPack = m.Version
	return s.saveLink(ctx, link)
}

// pullReception keeps the hub's reception settings (guest Wi-Fi, staff
// list, visitor retention) as signoff.SettingReception, replaced whole at
// every sync. A hub that cannot answer (an older hub without the route,
// say) leaves the last ones in place: they are not records, and the sync
// goes on; the failure is logged by its code only (a guest password or a
// staff name is never logged). Only the kiosk's own disk failing stops it.
func (s *Syncer) pullReception(ctx context.Context, c *Client) error {
	r, err := c.Reception(ctx)
	if err != nil {
		code, _ := failureOf(err)
		s.o.Log.WarnContext(ctx, "sync: reception settings not fetched from the hub", "failure", code)
		return nil
	}
	data, _ := json.Marshal(r) // plain structs: cannot fail
	if old, err := s.k.Setting(ctx, signoff.SettingReception); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := s.k.SetSetting(ctx, signoff.SettingReception, data); err != nil {
		return fmt.Errorf("save the hub's reception settings: %w", err)
	}
	return nil
}

// Snapshot is the sync's state now.
func (s *Syncer) Snapshot(ctx context.Context) (Snapshot, error) {
	var snap Snapshot
	link, err := s.link(ctx)
	if err == nil {
		snap.Link = link
	} else if !isNotEnrolled(err) {
		return snap, err
	}
	if snap.Status, err = s.status(ctx); err != nil {
		return snap, err
	}
	if snap.Waiting, err = s.k.Unsynced(ctx); err != nil {
		return snap, err
	}
	s.mu.Lock()
	snap.Syncing = s.syncing
	s.mu.Unlock()
	return snap, nil
}

// Enrol connects the kiosk to a hub with a one-time code, keeps the link
// and starts a sync.
func (s *Syncer) Enrol(ctx context.Context, hubURL, code, pin string) error {
	link, err := Enrol(ctx, hubURL, code, pin, s.o.Label, s.k, s.o.PublicKey, s.o.Timeout)
	if err != nil {
		return err
	}
	if err := s.saveLink(ctx, &link); err != nil {
		return err
	}
	if err := s.saveStatus(ctx, Status{}); err != nil {
		return err
	}
	s.changed()
	s.SyncNow()
	return nil
}

// ExportBundle writes every waiting record into a signed bundle in dir
// (nothing when none is waiting). The records stay waiting: the hub's
// answer to a later sync (duplicate, once the bundle was imported) is what
// acknowledges them.
func (s *Syncer) ExportBundle(ctx context.Context, dir string) (BundleResult, error) {
	recs, err := s.k.PendingRecords(ctx, 0)
	if err != nil || len(recs) == 0 {
		return BundleResult{}, err
	}
	data, err := proto.MakeBundle(s.k, recs, s.o.Now())
	if err != nil {
		return BundleResult{}, err
	}
	path, err := WriteBundle(dir, data, s.k.DeviceID(), s.o.Now())
	if err != nil {
		return BundleResult{}, err
	}
	return BundleResult{Path: path, Records: len(recs)}, nil
}

func (s *Syncer) link(ctx context.Context) (*Link, error) {
	data, err := s.k.Setting(ctx, SettingLink)
	if err != nil {
		return nil, fmt.Errorf("read the hub link: %w", err)
	}
	if data == nil {
		return nil, &FailureError{Code: FailNotEnrolled}
	}
	var l Link
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("read the hub link: %w", err)
	}
	return &l, nil
}

func (s *Syncer) saveLink(ctx context.Context, l *Link) error {
	data, _ := json.Marshal(l)
	return s.k.SetSetting(ctx, SettingLink, data)
}

func (s *Syncer) status(ctx context.Context) (Status, error) {
	var st Status
	data, err := s.k.Setting(ctx, SettingStatus)
	if err != nil || data == nil {
		return st, err
	}
	return st, json.Unmarshal(data, &st)
}

func (s *Syncer) saveStatus(ctx context.Context, st Status) error {
	data, _ := json.Marshal(st)
	err := s.k.SetSetting(ctx, SettingStatus, data)
	s.changed()
	return err
}

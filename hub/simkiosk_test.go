package hub_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"sync"
	"testing"
	"time"

	"smartkiosk/hub/client"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// simKiosk is a simulated kiosk: it signs real, chained records with its
// own key and keeps its outbox in memory, so hundreds can sync at once.
// The real kiosk store is tested against the hub in e2e.
type simKiosk struct {
	proto.KeySigner
	pub ed25519.PublicKey

	mu       sync.Mutex
	settings map[string][]byte
	records  []record.Signed // in sequence order
	acks     map[string]record.Ack
	roster   []signoff.Pupil
	purgedAt time.Time
	head     string

	drafts    []record.DraftNote
	draftsErr error // DraftNotes fails with it
}

func newSimKiosk(t testing.TB) *simKiosk {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &simKiosk{KeySigner: proto.KeySigner{Key: priv}, pub: pub, settings: map[string][]byte{},
		acks: map[string]record.Ack{}}
}

// sign adds n signed records to the outbox, each with a display name
// attachment.
func (k *simKiosk) sign(t testing.TB, n int) []record.Signed {
	t.Helper()
	var out []record.Signed
	for range n {
		out = append(out, k.signID(t, record.NewID()))
	}
	return out
}

// signID adds one signed record with id id (a draft's, say) to the outbox.
func (k *simKiosk) signID(t testing.TB, id string) record.Signed {
	t.Helper()
	return k.signWith(t, id, nil)
}

// signWith adds one signed record with id id, its body changed by edit
// (nil: a pupil's agreement) before it is signed.
func (k *simKiosk) signWith(t testing.TB, id string, edit func(*record.Body)) record.Signed {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	seq := uint64(len(k.records) + 1)
	salt, name := make([]byte, record.SaltSize), []byte(fmt.Sprintf("Pupil %d", seq))
	_, _ = rand.Read(salt)
	b := &record.Body{
		ID: id, Kind: record.KindAgreement, Device: k.DeviceID(), Seq: seq, Prev: k.head,
		PupilRef: "A999900124001", Form: "pupil-a", Band: "a", BandAlias: "P4–P7", Language: "en-GB",
		Pack:      record.PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"},
		Answers:   []record.Answer{{Statement: "a.1", Answer: record.AnswerAgree, Mode: record.ModeTouch}},
		Adult:     record.AdultRef{StaffID: 1, Role: "ta", Prompting: "independent"},
		StartedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		SignedAt:  time.Date(2026, 11, 2, 9, 4, 0, 0, time.UTC),
		Attachments: []record.AttachmentRef{{Kind: record.AttachDisplayName, Type: "text/plain; charset=utf-8",
			Hash: record.AttachmentHash(salt, name)}},
	}
	if edit != nil {
		edit(b)
	}
	data, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	s := record.Signed{ID: b.ID, Body: data, Signature: record.Sign(k.Key, data),
		Attachments: []record.Enclosure{{Position: 0, Salt: salt, Data: name}}}
	k.records = append(k.records, s)
	k.head = record.Hash(data)
	return s
}

// setDrafts replaces the sign-offs in progress the kiosk reports.
func (k *simKiosk) setDrafts(notes ...record.DraftNote) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.drafts = notes
}

func (k *simKiosk) DraftNotes(context.Context) ([]record.DraftNote, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]record.DraftNote(nil), k.drafts...), k.draftsErr
}

func (k *simKiosk) Setting(_ context.Context, key string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.settings[key], nil
}

func (k *simKiosk) SetSetting(_ context.Context, key string, value []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.settings[key] = append([]byte(nil), value...)
	return nil
}

func (k *simKiosk) PendingRecords(_ context.Context, limit int) ([]record.Signed, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []record.Signed
	for _, r := range k.records {
		if _, done := k.acks[r.ID]; !done && (limit == 0 || len(out) < limit) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (k *simKiosk) SaveAcks(_ context.Context, acks []record.Ack, _ time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	known := map[string]bool{}
	for _, r := range k.records {
		known[r.ID] = true
	}
	for _, a := range acks {
		if !known[a.ID] {
			return fmt.Errorf("no record %s", a.ID)
		}
	}
	for _, a := range acks {
		k.acks[a.ID] = a
	}
	return nil
}

func (k *simKiosk) Unsynced(ctx context.Context) (int, error) {
	recs, err := k.PendingRecords(ctx, 0)
	return len(recs), err
}

func (k *simKiosk) PurgeAttachments(_ context.Context, before time.Time) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.purgedAt = before
	return 0, nil
}

func (k *simKiosk) ApplyRoster(_ context.Context, pupils []signoff.Pupil) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.roster = pupils
	return nil
}

func (k *simKiosk) ack(id string) (record.Ack, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	a, ok := k.acks[id]
	return a, ok
}

var _ client.Kiosk = (*simKiosk)(nil)

package hub

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"strconv"
	"time"
)

// Server answers kiosks: enrolment, record batches, roster, packs and
// ping. The staff web pages are mounted beside it (see Handler).
type Server struct {
	store  Store
	key    ed25519.PrivateKey // signs receipts
	school string
	cert   string // hex SHA-256 of the certificate served, "" behind a proxy
	now    func() time.Time
	log    *slog.Logger
	limit  time.Duration // per-request time limit
	packs  *packShelf    // packs the tutor pages and exports show again
	jobs   *jobs         // long exports in progress
	// dataDir is the hub's data folder, whose free space /healthz checks;
	// "" checks none.
	dataDir string
}

// Config is what NewServer needs.
type Config struct {
	Store      Store
	Key        ed25519.PrivateKey // the hub's receipt key
	SchoolName string
	CertSHA256 string // the self-made certificate's fingerprint; "" when a proxy terminates TLS
	Now        func() time.Time
	Log        *slog.Logger // structured; never given pupil names
	Timeout    time.Duration
	DataDir    string // the data folder /healthz checks for free space; "" for none
}

// NewServer builds a server; zero Now, Log and Timeout take defaults.
func NewServer(c Config) *Server {
	s := &Server{store: c.Store, key: c.Key, school: c.SchoolName, cert: c.CertSHA256,
		now: c.Now, log: c.Log, limit: c.Timeout, packs: newPackShelf(), jobs: newJobs(), dataDir: c.DataDir}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.limit == 0 {
		s.limit = 30 * time.Second
	}
	return s
}

// Store is the server's store.
func (s *Server) Store() Store { return s.store }

// PublicKey checks the server's receipts.
func (s *Server) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// APIHandler serves the kiosk API under /v1/.
func (s *Server) APIHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+proto.PathPing, s.onPing)
	mux.HandleFunc("POST "+proto.PathEnrol, s.onEnrol)
	mux.Handle("POST "+proto.PathBatch, s.signed(s.onBatch))
	mux.Handle("GET "+proto.PathRoster, s.signed(s.onRoster))
	mux.Handle("GET "+proto.PathPack, s.signed(s.onPack))
	mux.Handle("GET "+proto.PathAssets+"{hash}", s.signed(s.onAsset))
	mux.Handle("PUT "+proto.PathDrafts, s.signed(s.onDrafts))
	mux.Handle("GET "+proto.PathReception, s.signed(s.onReception))
	return http.TimeoutHandler(mux, s.limit, `{"error":"timeout","message":"the hub took too long"}`)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, proto.Error{Code: code, Message: msg})
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, signoff.ErrCodeInternal, "the hub could not complete the request; it will be retried")
}

func (s *Server) onPing(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, proto.Ping{Service: proto.ServiceName, Hub: proto.KeyID(s.PublicKey()), Time: s.now().UTC()})
}

// readBody reads at most limit bytes; more is ErrTooLarge.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

var errTooLarge = errors.New("request body too large")

func (s *Server) onEnrol(w http.ResponseWriter, r *http.Request) {
	data, err := readBody(r, 64<<10)
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge, "the enrolment request is too large")
		return
	}
	var req proto.EnrolRequest
	if err := proto.Unmarshal(data, &req); err != nil || len(req.PublicKey) != ed25519.PublicKeySize || len(req.Label) > 200 {
		writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, "the enrolment request cannot be read")
		return
	}
	if !proto.VerifyEnrolProof(req.PublicKey, req.Code, req.Proof) {
		writeError(w, http.StatusUnauthorized, signoff.ErrCodeBadSignature, "the enrolment request is not signed by its key")
		return
	}
	dev := Device{ID: deviceID(req.PublicKey), PublicKey: req.PublicKey, Label: req.Label, EnrolledAt: s.now().UTC()}
	err = s.store.RedeemEnrolCode(r.Context(), proto.CodeHash(req.Code), dev)
	if status, code, ok := enrolRefusal(err); ok {
		s.log.InfoContext(r.Context(), "enrolment refused", "reason", code)
		writeError(w, status, code, err.Error())
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "device enrolled", "device", dev.ID)
	writeJSON(w, http.StatusOK, proto.EnrolResponse{DeviceID: dev.ID, HubPublicKey: s.PublicKey(),
		SchoolName: s.school, CertSHA256Hex: s.cert})
}

// enrolRefusal maps a store's enrolment error to an HTTP status and code.
func enrolRefusal(err error) (int, string, bool) {
	switch {
	case errors.Is(err, signoff.ErrCodeUnknown):
		return http.StatusForbidden, signoff.ErrCodeCodeUnknown, true
	case errors.Is(err, signoff.ErrCodeUsed):
		return http.StatusForbidden, signoff.ErrCodeCodeUsed, true
	case errors.Is(err, signoff.ErrCodeExpired):
		return http.StatusForbidden, signoff.ErrCodeCodeExpired, true
	case errors.Is(err, signoff.ErrDeviceExists):
		return http.StatusConflict, signoff.ErrCodeDeviceExists, true
	}
	return 0, "", false
}

// deviceKey carries the authenticated device in a request's context.
type deviceKey struct{}

// signed checks a kiosk request: device headers, a body within the limit,
// an enrolled and not revoked device, its clock, the signature, and a
// fresh nonce, in that order. The handler gets the body and the device.
func (s *Server) signed(h func(w http.ResponseWriter, r *http.Request, dev Device, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr, err := proto.ParseSignedHeaders(r.Header)
		if err != nil {
			writeError(w, http.StatusUnauthorized, signoff.ErrCodeUnsigned, err.Error())
			return
		}
		body, err := readBody(r, proto.MaxBatchBytes)
		if errors.Is(err, errTooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge,
				"the batch is larger than "+strconv.Itoa(proto.MaxBatchBytes>>20)+" MiB; send fewer records at once")
			return
		} else if err != nil {
			writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, "the request body could not be read")
			return
		}
		dev, ok := s.checkDevice(w, r, hdr, body)
		if !ok {
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), deviceKey{}, dev.ID)), dev, body)
	})
}

func (s *Server) checkDevice(w http.ResponseWriter, r *http.Request, hdr proto.SignedHeaders, body []byte) (Device, bool) {
	ctx := r.Context()
	dev, err := s.store.Device(ctx, hdr.Device)
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusUnauthorized, signoff.ErrCodeUnknownDev, "this tablet is not enrolled with the hub")
		return dev, false
	} else if err != nil {
		s.internal(w, r, err)
		return dev, false
	}
	if !hdr.Verify(dev.PublicKey, r.Method, r.URL.RequestURI(), body) {
		writeError(w, http.StatusUnauthorized, signoff.ErrCodeBadSignature, "the request's signature does not match the tablet's key")
		return dev, false
	}
	if dev.Revoked() {
		s.log.InfoContext(ctx, "revoked device refused", "device", dev.ID)
		writeError(w, http.StatusForbidden, signoff.ErrCodeRevoked, "this tablet has been revoked; enrol it again")
		return dev, false
	}
	now := s.now()
	if d := now.Sub(hdr.At); d > proto.ClockSkew || d < -proto.ClockSkew {
		writeError(w, http.StatusUnauthorized, signoff.ErrCodeClock, "the tablet's clock is more than a day out; set its date and time")
		return dev, false
	}
	err = s.store.UseNonce(ctx, dev.ID, hdr.Nonce, now, now.Add(2*proto.ClockSkew))
	if errors.Is(err, ErrReplay) {
		writeError(w, http.StatusConflict, signoff.ErrCodeReplay, "this request was already received")
		return dev, false
	} else if err != nil {
		s.internal(w, r, err)
		return dev, false
	}
	return dev, true
}

func (s *Server) onBatch(w http.ResponseWriter, r *http.Request, dev Device, body []byte) {
	var req proto.BatchRequest
	if err := proto.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, "the batch cannot be read: "+err.Error())
		return
	}
	if len(req.Records) > proto.MaxBatchRecords {
		writeError(w, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge,
			"a batch may hold at most "+strconv.Itoa(proto.MaxBatchRecords)+" records")
		return
	}
	results, err := s.ingest(r.Context(), dev, req.Records)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "batch", "device", dev.ID, "records", len(results), "outcomes", tally(results))
	writeJSON(w, http.StatusOK, proto.BatchResponse{Results: results})
}

// tally counts results by status, for the log.
func tally(results []proto.Result) map[string]int {
	n := map[string]int{}
	for _, r := range results {
		n[r.Status]++
	}
	return n
}

func (s *Server) onRoster(w http.ResponseWriter, r *http.Request, _ Device, _ []byte) {
	since, err := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	if err != nil && r.URL.Query().Get("since") != "" || since < 0 {
		writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, "since must be a roster version")
		return
	}
	page, err := s.store.Roster(r.Context(), since) // usually unchanged: no pupils read
	if err == nil && page.Version != since {
		page, err = s.store.Roster(r.Context(), 0)
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rosterAnswer(page, since))
}

// rosterAnswer is what a kiosk at version since gets: nothing when it is
// current, else every active pupil (the kiosk applies the whole list).
func rosterAnswer(all proto.RosterPage, since int64) proto.RosterPage {
	out := proto.RosterPage{Version: all.Version, Pupils: []proto.Pupil{}}
	if all.Version == since {
		return out
	}
	for _, p := range all.Pupils {
		if p.Active {
			out.Pupils = append(out.Pupils, p)
		}
	}
	return out
}

func (s *Server) onPack(w http.ResponseWriter, r *http.Request, _ Device, _ []byte) {
	m, err := s.store.CurrentPack(r.Context())
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusNotFound, signoff.ErrCodeNotFound, "the hub has no policy pack published")
		return
	} else if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) onAsset(w http.ResponseWriter, r *http.Request, _ Device, _ []byte) {
	hash := r.PathValue("hash")
	if !isHex64(hash) {
		writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, "an asset is named by its SHA-256")
		return
	}
	data, err := s.store.Asset(r.Context(), hash)
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusNotFound, signoff.ErrCodeNotFound, "no such asset")
		return
	} else if err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(data)
}

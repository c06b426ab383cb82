package hub

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
	"smartkiosk/store/record"
)

// onDrafts keeps the list of sign-offs in progress a kiosk reports,
// replacing its last one. Refusals never repeat a UPN.
func (s *Server) onDrafts(w http.ResponseWriter, r *http.Request, dev Device, body []byte) {
	if len(body) > proto.MaxDraftsBytes {
		writeError(w, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge,
			"a drafts report may be at most "+strconv.Itoa(proto.MaxDraftsBytes>>10)+" KiB")
		return
	}
	var req proto.DraftsRequest
	if err := proto.Unmarshal(body, &req); err != nil || req.Drafts == nil {
		writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, "the drafts report cannot be read")
		return
	}
	if len(req.Drafts) > proto.MaxDraftNotes {
		writeError(w, http.StatusRequestEntityTooLarge, signoff.ErrCodeTooLarge,
			"a drafts report may list at most "+strconv.Itoa(proto.MaxDraftNotes)+" drafts")
		return
	}
	if err := checkDraftNotes(req.Drafts); err != nil {
		writeError(w, http.StatusBadRequest, signoff.ErrCodeMalformed, err.Error())
		return
	}
	if err := s.store.PutDrafts(r.Context(), dev.ID, req.Drafts, s.now().UTC()); err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "drafts", "device", dev.ID, "drafts", len(req.Drafts))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// checkDraftNotes wants each id a UUID in its usual lower-case form, listed
// once, and each UPN present, short and printable. Errors name a note by
// its position only.
func checkDraftNotes(notes []record.DraftNote) error {
	seen := make(map[string]bool, len(notes))
	for i, n := range notes {
		if u, err := uuid.Parse(n.ID); err != nil || u.String() != n.ID {
			return fmt.Errorf("draft %d: its id is not a UUID", i+1)
		}
		if seen[n.ID] {
			return fmt.Errorf("draft %d: its id is listed twice", i+1)
		}
		seen[n.ID] = true
		if err := checkUPN(n.PupilRef); err != nil {
			return fmt.Errorf("draft %d: %w", i+1, err)
		}
	}
	return nil
}

func checkUPN(upn string) error {
	switch {
	case strings.TrimSpace(upn) == "":
		return fmt.Errorf("its pupil's UPN is empty")
	case len(upn) > proto.MaxUPNBytes:
		return fmt.Errorf("its pupil's UPN is longer than %d bytes", proto.MaxUPNBytes)
	case !utf8.ValidString(upn) || strings.ContainsFunc(upn, unicode.IsControl):
		return fmt.Errorf("its pupil's UPN has a character that cannot be in one")
	}
	return nil
}

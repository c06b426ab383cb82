package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"smartkiosk/signoff"
)

// What an admin sets for the reception tablets: the guest Wi-Fi (for the
// school, and for one tablet where it differs), how long visitors' details
// are kept, and the school's staff list. Kiosks fetch it as a
// signoff.Reception at every sync (GET /v1/reception).

// Setting keys (Store.Setting).
const (
	settingReception = "reception"  // JSON of ReceptionSettings
	settingStaffList = "staff_list" // JSON array of names, in the order given
)

// ReceptionSettings are the admin's reception settings.
type ReceptionSettings struct {
	GuestWiFi signoff.GuestWiFi `json:"guest_wifi"`
	// Kiosks holds the guest network of a tablet that has its own, by
	// device id; a tablet not listed gets GuestWiFi.
	Kiosks map[string]signoff.GuestWiFi `json:"kiosks,omitempty"`
	// VisitorRetentionDays is how long a visitor's details are kept after
	// their last visit (0: signoff.DefaultVisitorRetentionDays).
	VisitorRetentionDays int `json:"visitor_retention_days,omitempty"`
}

// Limits on what an admin may type.
const (
	maxNetworkBytes  = 32 // an SSID
	minPasswordBytes = 8  // WPA2 personal
	maxPasswordBytes = 63
	maxRetentionDays = 3650
)

// GetReception returns the reception settings, the defaults when none
// were ever saved.
func GetReception(ctx context.Context, st Store) (ReceptionSettings, error) {
	var rs ReceptionSettings
	data, err := st.Setting(ctx, settingReception)
	if errors.Is(err, ErrNotFound) {
		return rs, nil
	}
	if err != nil {
		return rs, err
	}
	if err := json.Unmarshal(data, &rs); err != nil {
		return rs, fmt.Errorf("the reception settings cannot be read: %w", err)
	}
	return rs, nil
}

// PutReception saves the reception settings.
func PutReception(ctx context.Context, st Store, rs ReceptionSettings, at time.Time) error {
	data, err := json.Marshal(rs)
	if err != nil {
		return err
	}
	return st.PutSetting(ctx, settingReception, data, at)
}

// For is what the tablet deviceID is sent: its own guest network if it
// has one, else the school's, and the retention (never 0).
func (rs ReceptionSettings) For(deviceID string, staff []string) signoff.Reception {
	r := signoff.Reception{GuestWiFi: rs.GuestWiFi, Staff: staff, VisitorRetentionDays: rs.VisitorRetentionDays}
	if own, ok := rs.Kiosks[deviceID]; ok && own.Network != "" {
		r.GuestWiFi = own
	}
	r.VisitorRetentionDays = r.RetentionDays()
	return r
}

// CheckGuestWiFi says in a sentence what is wrong with a guest network an
// admin typed, or nil. No network and no password is fine: no guest Wi-Fi.
func CheckGuestWiFi(w signoff.GuestWiFi) error {
	switch n, p := len(w.Network), len(w.Password); {
	case n == 0 && p > 0:
		return errors.New("give the guest network's name as well as its password")
	case n > maxNetworkBytes:
		return fmt.Errorf("a Wi-Fi network name has at most %d characters, and %q is longer", maxNetworkBytes, w.Network)
	case !utf8.ValidString(w.Network) || !utf8.ValidString(w.Password) || hasControl(w.Network) || hasControl(w.Password):
		return errors.New("the network name and password can hold letters, digits, spaces and punctuation only")
	case p > 0 && (p < minPasswordBytes || p > maxPasswordBytes):
		return fmt.Errorf("a Wi-Fi password has %d to %d characters and the one typed has %d; leave it empty for an open network",
			minPasswordBytes, maxPasswordBytes, p)
	}
	return nil
}

// sentence is an error as a page shows it: a capital and a full stop.
func sentence(err error) string {
	msg := err.Error()
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
}

// ParseRetentionDays reads the days an admin typed ("" is the default).
func ParseRetentionDays(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return signoff.DefaultVisitorRetentionDays, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxRetentionDays {
		return 0, fmt.Errorf("keep visitors' details for a whole number of days from 1 to %d (ten years); %q is not one", maxRetentionDays, s)
	}
	return n, nil
}

// onReception answers a tablet's GET /v1/reception.
func (s *Server) onReception(w http.ResponseWriter, r *http.Request, dev Device, _ []byte) {
	rs, err := GetReception(r.Context(), s.store)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	staff, err := StaffList(r.Context(), s.store)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rs.For(dev.ID, staff))
}

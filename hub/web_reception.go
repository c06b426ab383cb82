package hub

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"smartkiosk/hub/proto"
	"smartkiosk/signoff"
)

// The admin's reception settings on the Kiosks page: the guest Wi-Fi for
// the school and for one tablet, visitor retention, and the staff list.

// receptionForm is what the Kiosks page shows of the reception settings.
type receptionForm struct {
	Network, Password string
	RetentionDays     int
	Kiosks            []kioskWiFi // every active tablet, for the per-tablet form
	Own               []kioskWiFi // the tablets with a network of their own
	Staff             []string    // the first names of the staff list, to check it
	StaffCount        int
}

// kioskWiFi is a tablet and the guest network it has of its own.
type kioskWiFi struct {
	ID, Label, Network string
}

// staffShown is how many names of the staff list the Kiosks page shows.
const staffShown = 12

func (w *web) receptionForm(ctx context.Context, devs []Device) (receptionForm, error) {
	rs, err := GetReception(ctx, w.s.store)
	if err != nil {
		return receptionForm{}, err
	}
	staff, err := StaffList(ctx, w.s.store)
	if err != nil {
		return receptionForm{}, err
	}
	f := receptionForm{Network: rs.GuestWiFi.Network, Password: rs.GuestWiFi.Password,
		RetentionDays: signoff.Reception{VisitorRetentionDays: rs.VisitorRetentionDays}.RetentionDays(),
		Staff:         staff[:min(len(staff), staffShown)], StaffCount: len(staff)}
	for _, d := range devs {
		if d.Revoked() {
			continue
		}
		k := kioskWiFi{ID: d.ID, Label: deviceName(d)}
		f.Kiosks = append(f.Kiosks, k)
		if own, ok := rs.Kiosks[d.ID]; ok && own.Network != "" {
			k.Network = own.Network
			f.Own = append(f.Own, k)
		}
	}
	return f, nil
}

func deviceName(d Device) string {
	if l := strings.TrimSpace(d.Label); l != "" {
		return l + " (" + proto.ShortDeviceID(d.ID) + ")"
	}
	return proto.ShortDeviceID(d.ID)
}

// onReceptionSave saves the school's guest Wi-Fi and visitor retention.
func (w *web) onReceptionSave(rw http.ResponseWriter, r *http.Request, si signedIn) {
	wifi := signoff.GuestWiFi{Network: strings.TrimSpace(r.FormValue("network")), Password: r.FormValue("password")}
	if err := CheckGuestWiFi(wifi); err != nil {
		w.renderAdmin(rw, r, si, "", "The guest Wi-Fi was not saved: "+sentence(err))
		return
	}
	days, err := ParseRetentionDays(r.FormValue("retention_days"))
	if err != nil {
		w.renderAdmin(rw, r, si, "", "The reception settings were not saved: "+sentence(err))
		return
	}
	err = w.updateReception(r.Context(), func(rs *ReceptionSettings) {
		rs.GuestWiFi, rs.VisitorRetentionDays = wifi, days
	})
	if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("reception settings saved", "by_role", si.user.Role, "guest_wifi", wifi.Network != "", "retention_days", days)
	notice := fmt.Sprintf("Saved. Visitors' details are kept for %d days after their last visit. ", days)
	if wifi.Network == "" {
		notice += "No guest Wi-Fi is shown on the tablets."
	} else {
		notice += "Tablets show the guest network " + wifi.Network + " after someone accepts the Wi-Fi policy."
	}
	w.renderAdmin(rw, r, si, notice+" Tablets fetch this at their next sync.", "")
}

// onKioskWiFiSave gives one tablet a guest network of its own, or (an
// empty network) takes it back to the school's.
func (w *web) onKioskWiFiSave(rw http.ResponseWriter, r *http.Request, si signedIn) {
	dev, err := w.s.store.Device(r.Context(), r.FormValue("device"))
	if err != nil || dev.Revoked() {
		w.renderAdmin(rw, r, si, "", "Choose one of the connected tablets for its own guest Wi-Fi.")
		return
	}
	wifi := signoff.GuestWiFi{Network: strings.TrimSpace(r.FormValue("network")), Password: r.FormValue("password")}
	if err := CheckGuestWiFi(wifi); err != nil {
		w.renderAdmin(rw, r, si, "", "The tablet's guest Wi-Fi was not saved: "+sentence(err))
		return
	}
	err = w.updateReception(r.Context(), func(rs *ReceptionSettings) {
		if wifi.Network == "" {
			delete(rs.Kiosks, dev.ID)
			return
		}
		if rs.Kiosks == nil {
			rs.Kiosks = map[string]signoff.GuestWiFi{}
		}
		rs.Kiosks[dev.ID] = wifi
	})
	if err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("tablet guest wifi saved", "by_role", si.user.Role, "device", dev.ID, "own", wifi.Network != "")
	notice := deviceName(dev) + " now shows the school's guest Wi-Fi."
	if wifi.Network != "" {
		notice = deviceName(dev) + " now shows its own guest network, " + wifi.Network + "."
	}
	w.renderAdmin(rw, r, si, notice+" It fetches this at its next sync.", "")
}

// updateReception changes the saved reception settings with edit.
func (w *web) updateReception(ctx context.Context, edit func(*ReceptionSettings)) error {
	rs, err := GetReception(ctx, w.s.store)
	if err != nil {
		return err
	}
	edit(&rs)
	return PutReception(ctx, w.s.store, rs, w.s.now())
}

// maxStaffListBytes is the largest staff list file or paste taken.
const maxStaffListBytes = 1 << 20

// onStaffListSave replaces the staff list with the names pasted or the
// CSV file chosen: all of it, or (on any problem) none of it.
func (w *web) onStaffListSave(rw http.ResponseWriter, r *http.Request, si signedIn) {
	text, from := r.FormValue("names"), "The list pasted"
	if f, hdr, err := r.FormFile("staff_file"); err == nil {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxStaffListBytes+1))
		if err != nil || len(data) > maxStaffListBytes {
			w.renderAdmin(rw, r, si, "", "The staff list file could not be read, or is larger than 1 MB: choose a CSV file of names.")
			return
		}
		text, from = string(data), hdr.Filename
	}
	if strings.TrimSpace(text) == "" {
		w.renderAdmin(rw, r, si, "", "Paste the staff's names, one a line, or choose a CSV file with a Name column.")
		return
	}
	names, err := ParseStaffList(text)
	if err != nil {
		w.renderAdmin(rw, r, si, "", from+" was not imported, and the staff list is as it was: "+sentence(err))
		return
	}
	if err := PutStaffList(r.Context(), w.s.store, names, w.s.now()); err != nil {
		w.fail(rw, err)
		return
	}
	w.s.log.Info("staff list replaced", "by_role", si.user.Role, "names", len(names))
	w.renderAdmin(rw, r, si, "The staff list now has "+strconv.Itoa(len(names))+" names. Staff and visitors counts who has signed against it; tablets fetch it at their next sync.", "")
}

package signoff

// What a tablet does, and what the hub tells a reception tablet.

// Tablet modes: what the locked start screen offers. An admin chooses on
// the kiosk (SettingTabletMode); a kiosk that never chose is a classroom
// tablet, as every kiosk was before reception mode.
const (
	TabletClassroom = "classroom" // pupils' sign-offs, through an adult's PIN
	TabletReception = "reception" // staff, visitors and volunteers, Wi-Fi: self-service
	TabletBoth      = "both"
)

// TabletModes lists the modes in the order an admin is offered them.
var TabletModes = []string{TabletClassroom, TabletReception, TabletBoth}

// Kiosk setting keys (store.Setting) for reception.
const (
	// SettingTabletMode holds one of TabletModes as plain text.
	SettingTabletMode = "tablet_mode"
	// SettingReception holds the hub's Reception as JSON, replaced at
	// every sync; absent on a kiosk with no hub.
	SettingReception = "reception"
)

// Reception is what the hub sends a kiosk for its reception screens.
type Reception struct {
	// GuestWiFi is the guest network IT set for this tablet, shown only
	// after someone accepts the Wi-Fi policy; empty when none is set.
	GuestWiFi GuestWiFi `json:"guest_wifi"`
	// Staff is the school's staff list (names only), so staff without a
	// kiosk account can find their name and sign the staff policy.
	Staff []string `json:"staff,omitempty"`
	// VisitorRetentionDays is how long a visitor's or volunteer's name,
	// organisation and signature are kept after their last visit before
	// they are erased; 0 means DefaultVisitorRetentionDays.
	VisitorRetentionDays int `json:"visitor_retention_days,omitempty"`
}

// GuestWiFi is a guest network's name and password.
type GuestWiFi struct {
	Network  string `json:"network,omitempty"`
	Password string `json:"password,omitempty"`
}

// DefaultVisitorRetentionDays is one year after the last visit.
const DefaultVisitorRetentionDays = 365

// RetentionDays is r's visitor retention, the default when unset.
func (r Reception) RetentionDays() int {
	if r.VisitorRetentionDays <= 0 {
		return DefaultVisitorRetentionDays
	}
	return r.VisitorRetentionDays
}

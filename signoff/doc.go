// Package signoff is the domain core of SMART Kiosk: who signs (the
// signatories), what they sign (forms, and the bands a school's pack
// defines), and the rules every side agrees on. It is pure Go — no SQL, no
// Fyne, no HTTP — so the kiosk, its store, the hub and the renderers can
// all stand on it; store/record stays the signed wire format.
package signoff

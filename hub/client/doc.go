// Package client is the kiosk's side of the sync with its hub: the signed
// HTTP client and enrolment, the background Syncer with its Status, the
// installing of policy packs fetched from the hub, and the writing of
// offline bundles. It speaks package proto and never imports the hub
// server (package hub), so the kiosk binary links no server, templates or
// QR encoder.
package client

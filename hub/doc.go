// Package hub syncs kiosks with the school's hub: the protocol types and
// request signing, the HTTP server, the kiosk-side client and background
// sync, offline bundles, and the Store interface the hub's SQLite and
// PostgreSQL stores implement.
package hub

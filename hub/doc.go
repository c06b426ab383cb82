// Package hub is the school's hub server: the HTTP API kiosks sync with,
// the tutor, staff-and-visitors and admin pages, jobs, sign-in, the importing of offline
// bundles, and the Store interface the hub's SQLite and PostgreSQL stores
// implement. What the kiosk shares with it is in package proto; the
// kiosk's own side is package client.
package hub

// Package proto is what a kiosk and its hub both need to talk: the wire
// types of the sync API (paths, limits, requests and answers, roster and
// pack manifests), request signing and its check, receipts, the result
// statuses (stored, duplicate, conflict, invalid) and error codes, the
// offline bundle format, and the enrolment-code helpers. It holds no
// server, no templates and no SQL: the kiosk links it, and so does the hub.
package proto

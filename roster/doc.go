// Package roster reads the pupil roster a school's MIS exports as CSV
// (SIMS, Arbor, Bromcom) or Excel saves it (UTF-8, Windows-1252 or
// UTF-16): it finds the heading row and the columns by their headings, checks
// every row (UPN and its check letter, names, class, year, band,
// language) and says what to fix in words a teacher can act on. The kiosk
// and the hub both import rosters through it.
//
// It holds no SQL and imports only the standard library and the domain
// core, smartkiosk/signoff: a Row is a signoff.Pupil and the line it came
// from. What an import then changes is the store's (kiosk) or the hub's.
package roster

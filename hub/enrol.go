package hub

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"smartkiosk/hub/proto"
	"strings"
	"time"

	"rsc.io/qr"
)

// EnrolCodeTTL is how long a one-time enrolment code works.
const EnrolCodeTTL = 15 * time.Minute

// codeAlphabet is Crockford's base 32: no I, L, O or U to misread.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewEnrolCode makes a one-time code (10 characters, 50 bits, shown as
// XXXXX-XXXXX), keeps its hash in st and returns it.
func NewEnrolCode(ctx context.Context, st Store, label string, now time.Time) (string, EnrolCode, error) {
	var raw [10]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", EnrolCode{}, err
	}
	var b strings.Builder
	for i, r := range raw {
		if i == 5 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[r&31])
	}
	code := b.String()
	c := EnrolCode{Hash: proto.CodeHash(code), Label: label, CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(EnrolCodeTTL)}
	if err := st.CreateEnrolCode(ctx, c); err != nil {
		return "", EnrolCode{}, fmt.Errorf("keep the enrolment code: %w", err)
	}
	return code, c, nil
}

// EnrolURI is what the enrolment QR code holds: the hub's address, the
// code and the certificate's fingerprint.
func EnrolURI(hubURL, code, fingerprint string) string {
	q := url.Values{"hub": {hubURL}, "code": {code}}
	if fingerprint != "" {
		q.Set("fp", fingerprint)
	}
	return "smartkiosk:enrol?" + q.Encode()
}

// QRPNG draws text as a QR code PNG.
func QRPNG(text string) ([]byte, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, err
	}
	c.Scale = 6
	return c.PNG(), nil
}

// QRText draws text as a QR code in a terminal, two modules a character.
func QRText(text string) (string, error) {
	c, err := qr.Encode(text, qr.L)
	if err != nil {
		return "", err
	}
	black := func(x, y int) bool { return x >= 0 && y >= 0 && x < c.Size && y < c.Size && c.Black(x, y) }
	var b strings.Builder
	for y := -2; y < c.Size+2; y += 2 {
		for x := -2; x < c.Size+2; x++ {
			// Light modules print as ink on a dark terminal, so draw the light ones.
			top, bottom := !black(x, y), !black(x, y+1)
			switch {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteRune(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// FormatFingerprint groups a fingerprint in fours for reading aloud.
func FormatFingerprint(fp string) string {
	var parts []string
	for i := 0; i < len(fp); i += 4 {
		parts = append(parts, strings.ToUpper(fp[i:min(i+4, len(fp))]))
	}
	return strings.Join(parts, " ")
}

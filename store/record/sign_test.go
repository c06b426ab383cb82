package record

import (
	"crypto/ed25519"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// testKey is a fixed key, so failures reproduce.
func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed([]byte("smartkiosk test device key seed!"))
}

func signedBody(t *testing.T) (body, sig []byte) {
	t.Helper()
	body, err := validBody().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return body, Sign(testKey(), body)
}

func TestVerify(t *testing.T) {
	pub := testKey().Public().(ed25519.PublicKey)
	body, sig := signedBody(t)
	t.Run("OK", func(t *testing.T) {
		if err := Verify(pub, body, sig); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrAnyByteChanged", func(t *testing.T) {
		for i := range body {
			changed := append([]byte(nil), body...)
			changed[i] ^= 0x01
			if err := Verify(pub, changed, sig); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("byte %d changed: err = %v, want ErrBadSignature", i, err)
			}
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		other := ed25519.NewKeyFromSeed([]byte("another device key seed, 32 byte"))
		if err := Verify(other.Public().(ed25519.PublicKey), body, sig); !errors.Is(err, ErrBadSignature) {
			t.Errorf("err = %v, want ErrBadSignature", err)
		}
	})
	t.Run("ErrNoContext", func(t *testing.T) {
		// A signature over the bare body (no domain prefix) must not pass.
		bare := ed25519.Sign(testKey(), body)
		if err := Verify(pub, body, bare); !errors.Is(err, ErrBadSignature) {
			t.Errorf("err = %v, want ErrBadSignature", err)
		}
	})
	t.Run("ErrKeySize", func(t *testing.T) {
		if err := Verify(pub[:31], body, sig); err == nil {
			t.Error("a 31-byte key was accepted")
		}
	})
}

func TestOpen(t *testing.T) {
	pub := testKey().Public().(ed25519.PublicKey)
	t.Run("OK", func(t *testing.T) {
		body, sig := signedBody(t)
		b, err := Open(pub, body, sig)
		if err != nil || b.Device != testDevice {
			t.Fatalf("Open = %+v, %v", b, err)
		}
	})
	t.Run("ErrWrongDevice", func(t *testing.T) {
		b := validBody()
		b.Device = strings.Repeat("ab", deviceIDBytes)
		body, err := b.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		_, err = Open(pub, body, Sign(testKey(), body))
		if err == nil || !strings.Contains(err.Error(), "names device") {
			t.Errorf("err = %v, want one about the device", err)
		}
	})
}

func TestDeviceID(t *testing.T) {
	pub := testKey().Public().(ed25519.PublicKey)
	id := DeviceID(pub)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) || id != DeviceID(pub) {
		t.Errorf("DeviceID = %q, want 32 stable lower-case hex digits", id)
	}
	other := ed25519.NewKeyFromSeed([]byte("another device key seed, 32 byte"))
	if DeviceID(other.Public().(ed25519.PublicKey)) == id {
		t.Error("two keys share a device id")
	}
}

func TestAttachmentHash(t *testing.T) {
	salt := []byte("0123456789abcdef")
	data := []byte("Ada Lovelace")
	h := AttachmentHash(salt, data)
	ref := AttachmentRef{Kind: AttachDisplayName, Type: "text/plain", Hash: h}
	t.Run("OK", func(t *testing.T) {
		if err := CheckAttachment(ref, salt, data); err != nil {
			t.Fatal(err)
		}
		if err := ref.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Differs", func(t *testing.T) {
		otherSalt := []byte("0123456789abcdeF")
		for name, got := range map[string]string{
			"other salt":     AttachmentHash(otherSalt, data),
			"other data":     AttachmentHash(salt, []byte("Ada Lovelacf")),
			"byte moved":     AttachmentHash(append(salt[1:], 'A'), append([]byte{'0'}, data[1:]...)),
			"plain SHA-256":  Hash(data),
			"salted, no ctx": Hash(append(append([]byte(nil), salt...), data...)),
		} {
			if got == h {
				t.Errorf("%s gives the same hash", name)
			}
		}
	})
	t.Run("ErrCheck", func(t *testing.T) {
		if err := CheckAttachment(ref, salt, []byte("Ada Lovelacf")); err == nil {
			t.Error("changed data passed")
		}
		if err := CheckAttachment(ref, salt[:8], data); err == nil {
			t.Error("a short salt passed")
		}
	})
}

func TestVerifyAs_ContextsDoNotMix(t *testing.T) {
	key := testKey()
	pub := key.Public().(ed25519.PublicKey)
	msg := []byte(`{"record":"x"}`)
	contexts := []string{SignContext, RequestContext, ReceiptContext, EvidenceContext}
	for _, signed := range contexts {
		sig := SignAs(key, signed, msg)
		for _, checked := range contexts {
			err := VerifyAs(pub, checked, msg, sig)
			if (signed == checked) != (err == nil) {
				t.Errorf("signed as %q, checked as %q: err = %v", signed, checked, err)
			}
		}
	}
}

package store

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/crypto/chacha20poly1305"
)

// Personal data is sealed field by field with XChaCha20-Poly1305 under the
// data key. A sealed value is a version byte, a random 24-byte nonce and the
// ciphertext. The associated data names where the value belongs (table,
// column, row), so a sealed value moved to another row or column no longer
// opens.
const sealVersion = 1

// ErrSealBroken means a sealed value could not be opened: it was changed,
// moved, or sealed under another data key.
var ErrSealBroken = errors.New("sealed data cannot be opened: it was changed or belongs elsewhere")

// errNoDataKey is reported when a sealed value must be opened without data.key.
var errNoDataKey = errors.New("data.key is missing, so sealed data cannot be opened")

// place is the associated data of a sealed value: where it belongs.
type place []string

func at(table, column string, row ...any) place {
	p := place{table, column}
	for _, r := range row {
		switch v := r.(type) {
		case int64:
			p = append(p, strconv.FormatInt(v, 10))
		case int:
			p = append(p, strconv.Itoa(v))
		default:
			p = append(p, fmt.Sprint(v))
		}
	}
	return p
}

// bytes is the length-prefixed encoding of the parts, so no two different
// places encode alike.
func (p place) bytes() []byte {
	out := []byte("smartkiosk/seal/v1")
	for _, part := range p {
		out = binary.AppendUvarint(out, uint64(len(part)))
		out = append(out, part...)
	}
	return out
}

func (k *keyring) seal(plain []byte, where place) []byte {
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, 1+chacha20poly1305.NonceSizeX+len(plain)+k.aead.Overhead())
	out[0] = sealVersion
	rand.Read(out[1:]) // never returns an error
	return k.aead.Seal(out, out[1:], plain, where.bytes())
}

func (k *keyring) open(sealed []byte, where place) ([]byte, error) {
	if k.aead == nil {
		return nil, errNoDataKey
	}
	if len(sealed) < 1+chacha20poly1305.NonceSizeX+k.aead.Overhead() || sealed[0] != sealVersion {
		return nil, ErrSealBroken
	}
	nonce, ct := sealed[1:1+chacha20poly1305.NonceSizeX], sealed[1+chacha20poly1305.NonceSizeX:]
	plain, err := k.aead.Open(nil, nonce, ct, where.bytes())
	if err != nil {
		return nil, ErrSealBroken
	}
	return plain, nil
}

func (k *keyring) sealString(s string, where place) []byte { return k.seal([]byte(s), where) }

func (k *keyring) openString(sealed []byte, where place) (string, error) {
	plain, err := k.open(sealed, where)
	return string(plain), err
}

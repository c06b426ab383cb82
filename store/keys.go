package store

import (
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/chacha20poly1305"

	"smartkiosk/store/record"
)

// Key files, beside kiosk.db in the data folder, owner-only (0600). They are
// never inside the database, so a copy of kiosk.db (or a backup) alone shows
// no names and cannot be re-signed.
const (
	DeviceKeyFile = "device.key" // Ed25519 private key, PKCS #8 PEM: signs records
	DataKeyFile   = "data.key"   // 32-byte XChaCha20-Poly1305 key, PEM: seals personal data
)

const dataKeyPEMType = "SMARTKIOSK DATA KEY"

// Errors about the key files.
var (
	ErrKeysMissing  = errors.New("the kiosk's key files are missing")
	ErrKeysMismatch = errors.New("the key files do not belong to this database")
)

// Device is the tablet's signing identity, shown in the adult area and used
// by the hub to check the device's records.
type Device struct {
	ID        string // record.DeviceID(PublicKey)
	PublicKey ed25519.PublicKey
}

// PublicKeyHex is the public key as 64 hex digits (for `verify --public-key`).
func (d Device) PublicKeyHex() string { return hex.EncodeToString(d.PublicKey) }

// keyring holds the loaded keys.
type keyring struct {
	device    Device
	priv      ed25519.PrivateKey
	aead      cipher.AEAD
	dataKeyID string
	pinPepper []byte // the device secret PIN hashes are keyed with, derived from the data key
}

// loadKeys reads the key files in dir. Missing files are made only when
// create is true (the database has never been bound to keys); otherwise a
// missing file is ErrKeysMissing.
func loadKeys(dir string, create bool) (*keyring, error) {
	priv, err := loadOrCreate(filepath.Join(dir, DeviceKeyFile), create, record.NewKeyPEM, record.ParseKeyPEM)
	if err != nil {
		return nil, err
	}
	dataKey, err := loadOrCreate(filepath.Join(dir, DataKeyFile), create, newDataKeyPEM, parseDataKey)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(dataKey)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DataKeyFile, err)
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &keyring{
		device: Device{ID: record.DeviceID(pub), PublicKey: pub},
		priv:   priv, aead: aead, dataKeyID: dataKeyID(dataKey), pinPepper: pinPepper(dataKey),
	}, nil
}

// readKeys reads the key files in dir without ever creating or changing
// one (for verify). A missing file leaves its part of the keyring empty: no
// device (nil PublicKey), or no aead.
func readKeys(dir string) (*keyring, error) {
	k := &keyring{}
	priv, err := readKeyFile(filepath.Join(dir, DeviceKeyFile), record.ParseKeyPEM)
	switch {
	case err == nil:
		pub := priv.Public().(ed25519.PublicKey)
		k.device, k.priv = Device{ID: record.DeviceID(pub), PublicKey: pub}, priv
	case !errors.Is(err, ErrKeysMissing):
		return nil, err
	}
	dataKey, err := readKeyFile(filepath.Join(dir, DataKeyFile), parseDataKey)
	switch {
	case err == nil:
		k.aead, _ = chacha20poly1305.NewX(dataKey) // parseDataKey checked the size
		k.dataKeyID = dataKeyID(dataKey)
	case !errors.Is(err, ErrKeysMissing):
		return nil, err
	}
	return k, nil
}

// pinPepper is the device secret staff PINs are hashed with: derived
// from the data key, so it lives only in data.key, outside the database. A
// copied database alone therefore cannot be brute-forced for PINs.
func pinPepper(dataKey []byte) []byte {
	m := hmac.New(sha256.New, dataKey)
	m.Write([]byte("smartkiosk/pin-pepper/v1"))
	return m.Sum(nil)
}

// dataKeyID names a data key without revealing it.
func dataKeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("smartkiosk/data-key-id/v1\x00"), key...))
	return hex.EncodeToString(sum[:8])
}

func loadOrCreate[K any](path string, create bool, fresh func() ([]byte, error), parse func([]byte) (K, error)) (K, error) {
	k, err := readKeyFile(path, parse)
	if err == nil {
		return k, tightenMode(path)
	}
	if !errors.Is(err, ErrKeysMissing) || !create {
		return k, err
	}
	data, err := fresh()
	if err != nil {
		return k, fmt.Errorf("make %s: %w", filepath.Base(path), err)
	}
	if err := writeNewFile(path, data, 0o600); err != nil && !errors.Is(err, fs.ErrExist) {
		return k, fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return readKeyFile(path, parse) // another process may have won the race: use its key
}

func readKeyFile[K any](path string, parse func([]byte) (K, error)) (K, error) {
	var zero K
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return zero, fmt.Errorf("%w: no %s in %s", ErrKeysMissing, filepath.Base(path), filepath.Dir(path))
	}
	if err != nil {
		return zero, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	k, err := parse(data)
	if err != nil {
		return zero, fmt.Errorf("%s is damaged: %w", path, err)
	}
	return k, nil
}

// tightenMode makes a key file owner-only if someone loosened it.
func tightenMode(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return os.Chmod(path, 0o600)
	}
	return nil
}

func newDataKeyPEM() ([]byte, error) {
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key) // never returns an error
	return pem.EncodeToMemory(&pem.Block{Type: dataKeyPEMType, Bytes: key}), nil
}

func parseDataKey(data []byte) ([]byte, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != dataKeyPEMType || len(block.Bytes) != chacha20poly1305.KeySize {
		return nil, fmt.Errorf("not a %d-byte %s", chacha20poly1305.KeySize, dataKeyPEMType)
	}
	return block.Bytes, nil
}

// writeNewFile writes data to path durably and atomically, failing with
// fs.ErrExist if path exists: a temporary file is written and synced, then
// hard-linked into place (a link never replaces a file), and the folder is
// synced. A crash leaves either no file or the whole file.
func writeNewFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Chmod(perm), tmp.Sync(), tmp.Close())
	if err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir makes a rename, link or removal in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

package hub

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"smartkiosk/store/record"
	"time"
)

// Files in the hub's data folder, owner-only, made on first start.
const (
	HubKeyFile  = "hub.key" // Ed25519, PKCS #8 PEM: signs receipts
	CertFile    = "tls.crt" // the self-made certificate, PEM
	CertKeyFile = "tls.key" // its ECDSA P-256 key, PKCS #8 PEM
)

// Identity is the hub's receipt key and its TLS certificate.
type Identity struct {
	Key         ed25519.PrivateKey
	Cert        tls.Certificate
	Fingerprint string // hex SHA-256 of the certificate, as kiosks pin it
}

// LoadIdentity reads the hub's keys from dir, making any that are missing.
// A new certificate names hosts (DNS names or IP addresses) plus
// localhost; it is valid for ten years, since kiosks pin it rather than
// trust a CA.
func LoadIdentity(dir string, hosts []string) (Identity, error) {
	var id Identity
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return id, err
	}
	keyPEM, err := readOrMake(filepath.Join(dir, HubKeyFile), record.NewKeyPEM)
	if err != nil {
		return id, err
	}
	if id.Key, err = record.ParseKeyPEM(keyPEM); err != nil {
		return id, fmt.Errorf("%s: %w", HubKeyFile, err)
	}
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, CertKeyFile)
	if _, err := os.Stat(certPath); errors.Is(err, fs.ErrNotExist) {
		if err := makeCert(certPath, keyPath, hosts); err != nil {
			return id, fmt.Errorf("make the hub's certificate: %w", err)
		}
	}
	if id.Cert, err = tls.LoadX509KeyPair(certPath, keyPath); err != nil {
		return id, fmt.Errorf("the hub's certificate: %w", err)
	}
	sum := sha256.Sum256(id.Cert.Certificate[0])
	id.Fingerprint = hex.EncodeToString(sum[:])
	return id, nil
}

func readOrMake(path string, make func() ([]byte, error)) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return data, err
	}
	if data, err = make(); err != nil {
		return nil, err
	}
	return data, os.WriteFile(path, data, 0o600)
}

func makeCert(certPath, keyPath string, hosts []string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "SMART Kiosk hub", Organization: []string{"SMART Kiosk"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"smartkiosk/hub/sqlitestore"
)

// hubBinary builds the hub for the test.
func hubBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "smartkiosk-hub")
	cmd := exec.Command("go", "build", "-o", bin, "smartkiosk/cmd/smartkiosk-hub")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the hub: %v\n%s", err, out)
	}
	return bin
}

// run runs a command and returns its output, failing the test on error.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// startHub runs the hub binary on a free loopback port and returns its
// address and certificate fingerprint once it listens.
func startHub(t *testing.T, bin, data string) (url, pin string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--data", data, "--listen", addr)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	ready := make(chan map[string]any, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == "hub listening" {
				ready <- line
			}
		}
	}()
	select {
	case line := <-ready:
		url, _ = line["url"].(string)
		pin, _ = line["cert_sha256"].(string)
		return url, pin
	case <-time.After(60 * time.Second):
		t.Fatal("the hub did not start within 60 s")
	}
	return "", ""
}

var enrolCode = regexp.MustCompile(`Enrolment code: (\S+)`)

// syncToHub takes the kiosk's waiting records to a real hub twice over:
// first on a "USB stick" (an offline bundle the hub imports), then by
// enrolling and syncing, which the hub acknowledges as duplicates. The hub
// ends up holding each record once, with the same bytes, and nothing waits.
func (s *session) syncToHub(recordIDs []string) {
	t := s.t
	t.Helper()
	// The window's own background sync would otherwise race the steps
	// below once the tablet is enrolled: the IT manager works with the
	// kiosk closed.
	s.stop()
	hubBin, hubData := hubBinary(t), t.TempDir()
	url, pin := startHub(t, hubBin, hubData)

	stick := t.TempDir()
	out := run(t, s.bin, "hub", "bundle", "--data", s.data, "--to", stick)
	bundles, _ := filepath.Glob(filepath.Join(stick, "*.skbundle"))
	if len(bundles) != 1 || !strings.Contains(out, "1 waiting record") {
		t.Fatalf("bundle: %v\n%s", bundles, out)
	}
	code := enrolCode.FindStringSubmatch(run(t, hubBin, "enrol-code", "--data", hubData, "--hub-url", url))
	if code == nil {
		t.Fatal("no enrolment code")
	}
	run(t, s.bin, "hub", "enrol", "--data", s.data, "--url", url, "--code", code[1], "--fingerprint", pin)
	if out := run(t, hubBin, "import", "--data", hubData, bundles[0]); !strings.Contains(out, "1 stored") {
		t.Fatalf("import: %s", out)
	}
	if out := run(t, hubBin, "import", "--data", hubData, bundles[0]); !strings.Contains(out, "0 stored, 1 already on the hub") {
		t.Fatalf("import again: %s", out)
	}
	if out := run(t, s.bin, "hub", "sync", "--data", s.data); !strings.Contains(out, "0 record(s) waiting") {
		t.Fatalf("sync: %s", out)
	}
	st, err := sqlitestore.Open(filepath.Join(hubData, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if n, err := st.CountRecords(ctx); err != nil || n != len(recordIDs) {
		t.Fatalf("hub holds %d records (%v), want %d", n, err, len(recordIDs))
	}
	for _, id := range recordIDs {
		rec, err := st.Record(ctx, id)
		if err != nil {
			t.Fatalf("record %s on the hub: %v", id, err)
		}
		if len(rec.Attachments) == 0 {
			t.Errorf("record %s reached the hub without its attachments", id)
		}
	}
	if _, err := os.Stat(filepath.Join(hubData, "tls.crt")); err != nil {
		t.Errorf("the hub made no certificate: %v", err)
	}
}

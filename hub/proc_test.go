package hub_test

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
	"sync"
	"syscall"
	"testing"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/client"
	"smartkiosk/hub/pgstore"
	"smartkiosk/hub/sqlitestore"
)

// These tests run the real hub binary, so it can be killed.

var (
	hubBinOnce sync.Once
	hubBin     string
	hubBinErr  error
)

func hubBinary(t *testing.T) string {
	t.Helper()
	hubBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "smartkiosk-hub-bin-")
		if err != nil {
			hubBinErr = err
			return
		}
		hubBin = filepath.Join(dir, "smartkiosk-hub")
		out, err := exec.Command("go", "build", "-o", hubBin, "smartkiosk/cmd/smartkiosk-hub").CombinedOutput()
		if err != nil {
			hubBinErr = err
			t.Logf("%s", out)
		}
	})
	if hubBinErr != nil {
		t.Fatalf("build the hub: %v", hubBinErr)
	}
	return hubBin
}

// hubProc is a running hub binary.
type hubProc struct {
	cmd  *exec.Cmd
	url  string
	pin  string
	args []string // --data … [--postgres …]
	done chan struct{}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startProc runs `smartkiosk-hub serve` on addr and waits (at most 60 s)
// until it says it is listening.
func startProc(t *testing.T, addr string, args ...string) *hubProc {
	t.Helper()
	p := &hubProc{args: args, done: make(chan struct{})}
	p.cmd = exec.Command(hubBinary(t), append([]string{"serve", "--listen", addr}, args...)...)
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = os.Stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	ready := make(chan map[string]any, 1)
	go func() {
		defer close(p.done)
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
		p.url, _ = line["url"].(string)
		p.pin, _ = line["cert_sha256"].(string)
	case <-time.After(60 * time.Second):
		t.Fatal("the hub did not start within 60 s")
	}
	return p
}

func (p *hubProc) kill() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		_ = p.cmd.Wait()
	}
}

var codeLine = regexp.MustCompile(`Enrolment code: (\S+)`)

// code runs `smartkiosk-hub enrol-code` beside the running hub.
func (p *hubProc) code(t *testing.T) string {
	t.Helper()
	out, err := exec.Command(hubBinary(t), append([]string{"enrol-code", "--hub-url", p.url}, p.args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("enrol-code: %v\n%s", err, out)
	}
	m := codeLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no code in:\n%s", out)
	}
	return string(m[1])
}

// procKiosks enrols n simulated kiosks with the hub process, each with
// records signed.
func procKiosks(t *testing.T, p *hubProc, n, records int) ([]*simKiosk, []*client.Syncer) {
	t.Helper()
	ks, ss := make([]*simKiosk, n), make([]*client.Syncer, n)
	for i := range ks {
		ks[i] = newSimKiosk(t)
		ss[i] = client.NewSyncer(ks[i], client.SyncerOptions{PublicKey: ks[i].pub, BatchSize: 3, Timeout: 3 * time.Second})
		if err := ss[i].Enrol(context.Background(), p.url, p.code(t), p.pin); err != nil {
			t.Fatalf("enrol kiosk %d: %v", i, err)
		}
		ks[i].sign(t, records)
	}
	return ks, ss
}

// TestHub_KilledMidSync kills the hub with SIGKILL while kiosks sync,
// starts it again on the same data, and checks nothing was lost or doubled.
func TestHub_KilledMidSync(t *testing.T) {
	data := t.TempDir()
	addr := freePort(t)
	p := startProc(t, addr, "--data", data)
	ks, ss := procKiosks(t, p, 20, 15)
	interruptMidSync(t, ks, ss, func() {
		p.kill()
		time.Sleep(500 * time.Millisecond)
		p = startProc(t, addr, "--data", data)
	})
	p.kill()
	checkHubHolds(t, openHubDB(t, data), ks...)
}

// interruptMidSync has the kiosks drain to the hub and, once some but not
// all of their records are acknowledged, calls interrupt; the kiosks retry
// until everything is through (at most 3 minutes).
func interruptMidSync(t *testing.T, ks []*simKiosk, ss []*client.Syncer, interrupt func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		drainAll(t, ctx, ks, ss)
	}()
	waitFor(t, ctx, func() bool { return acked(ks) >= 30 })
	total := 0
	for _, k := range ks {
		total += len(k.records)
	}
	if acked(ks) == total {
		t.Fatal("every record was acknowledged before the interruption: nothing was tested")
	}
	interrupt()
	<-drained
}

// acked counts the records the kiosks have had acknowledged.
func acked(ks []*simKiosk) int {
	n := 0
	for _, k := range ks {
		k.mu.Lock()
		n += len(k.acks)
		k.mu.Unlock()
	}
	return n
}

func openHubDB(t *testing.T, data string) hub.Store {
	t.Helper()
	st, err := sqlitestore.Open(filepath.Join(data, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// pgScript runs scripts/pg-test.sh.
func pgScript(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command("bash", append([]string{"../scripts/pg-test.sh"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("pg-test.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestHub_PostgresStoppedMidSync runs the hub on its own PostgreSQL
// cluster (not the one other packages test against, since it is stopped
// here), stops PostgreSQL with `pg_ctl -m immediate` while kiosks sync,
// starts it again, and checks nothing was lost or doubled.
func TestHub_PostgresStoppedMidSync(t *testing.T) {
	cluster, err := os.MkdirTemp("", "smartkiosk-pg-") // t.TempDir's parent is private to root; PostgreSQL runs as postgres
	if err != nil {
		t.Fatal(err)
	}
	pgScript(t, "start", cluster)
	t.Cleanup(func() {
		pgScript(t, "stop", cluster)
		os.RemoveAll(cluster)
	})
	raw, err := os.ReadFile(filepath.Join(cluster, "url"))
	if err != nil {
		t.Fatal(err)
	}
	pgURL := strings.TrimSpace(string(raw))
	p := startProc(t, freePort(t), "--data", t.TempDir(), "--postgres", pgURL)
	ks, ss := procKiosks(t, p, 20, 15)
	interruptMidSync(t, ks, ss, func() {
		pgScript(t, "stop-immediate", cluster)
		time.Sleep(time.Second)
		pgScript(t, "start", cluster)
	})
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkHubHolds(t, st, ks...)
}

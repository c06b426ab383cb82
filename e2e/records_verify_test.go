package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartkiosk/store"
	"smartkiosk/store/record"
)

// verifyFolder is a kiosk data folder with the demo school and three
// signed records; it returns their ids.
func verifyFolder(t *testing.T) (dir string, ids []string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	st, err := store.Open(filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	classes, _ := st.Classes(ctx)
	pupils, _ := st.PupilsInClass(ctx, classes[0])
	adult, err := st.CheckPIN(ctx, store.DemoTAPIN)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		b := &record.Body{
			ID: record.NewID(), Kind: record.KindAgreement, PupilRef: pupils[i].UPN, Form: "pupil-" + pupils[i].Band,
			Band: pupils[i].Band, BandAlias: "P7–L1", Language: "en-GB",
			Pack:      record.PackRef{ID: "example", Version: "2026.1", Fingerprint: "sha256:00"},
			Answers:   []record.Answer{{Statement: "s.1", Answer: record.AnswerNotSure, OffsetMS: 900}},
			Adult:     record.AdultRef{StaffID: adult.ID, Role: adult.Role},
			StartedAt: time.Now().UTC(), SignedAt: time.Now().UTC(),
		}
		if err := st.SaveRecord(ctx, b); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	return dir, ids
}

// runVerify runs `smartkiosk verify` with no display at all.
func runVerify(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"verify"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestKiosk_Verify(t *testing.T) {
	bin := kioskBinary(t)
	dir, ids := verifyFolder(t)
	t.Run("OK", func(t *testing.T) {
		out, errs, code := runVerify(t, bin, "--data", dir)
		if code != 0 || !strings.Contains(out, "3 records and 1 backup(s) checked") || !strings.Contains(out, "holds") {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		tamperBody(t, dir, ids[1])
		out, errs, code := runVerify(t, bin, "--data", dir)
		if code != 1 || !strings.Contains(out, "record "+ids[1]+" (sequence 2): the signature does not match") ||
			!strings.Contains(out, "record "+ids[2]+" (sequence 3): its previous-record hash does not match") ||
			!strings.Contains(errs, "problem(s) found") {
			t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
		}
	})
	t.Run("ErrNoFolder", func(t *testing.T) {
		_, errs, code := runVerify(t, bin, "--data", filepath.Join(dir, "nowhere"))
		if code != 1 || !strings.Contains(errs, "no kiosk database") {
			t.Errorf("exit %d, stderr: %s", code, errs)
		}
	})
	t.Run("ErrPublicKey", func(t *testing.T) {
		_, errs, code := runVerify(t, bin, "--data", dir, "--public-key", "abc") // a wrong command line: exit 2, with the usage
		if code != 2 || !strings.Contains(errs, "64 hex digits") || !strings.Contains(errs, "usage:") {
			t.Errorf("exit %d, stderr: %s", code, errs)
		}
	})
}

// tamperBody changes one byte of a stored body, as someone with the file
// and a SQLite shell could (dropping the guard trigger first).
func tamperBody(t *testing.T, dir, id string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP TRIGGER records_immutable`,
		`UPDATE records SET body = CAST(REPLACE(CAST(body AS TEXT), 'not_sure', 'agree') AS BLOB) WHERE record_id = ?`,
	} {
		if _, err := db.Exec(q, id); err != nil {
			t.Fatal(err)
		}
	}
}

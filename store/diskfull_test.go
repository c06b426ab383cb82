package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"smartkiosk/store/record"
)

// smallDisk mounts a tmpfs of the given size (e.g. "4m") on a temporary
// folder, unmounted at cleanup. Mounting needs root (as in CI) or
// passwordless sudo; without either the test fails and says so.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	var sudo []string
	if os.Geteuid() != 0 {
		if exec.Command("sudo", "-n", "true").Run() != nil {
			t.Fatal("the full-disk test mounts a small tmpfs, which needs root or passwordless sudo; " +
				"run `make test` as root (CI does), or allow `sudo -n mount` and `sudo -n umount`")
		}
		sudo = []string{"sudo", "-n"}
	}
	opts := fmt.Sprintf("size=%s,mode=0700,uid=%d,gid=%d", size, os.Getuid(), os.Getgid())
	if out, err := run(sudo, "mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir); err != nil {
		t.Fatalf("mount a %s tmpfs on %s: %v\n%s", size, dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := run(sudo, "umount", dir); err != nil {
			t.Errorf("umount %s: %v\n%s", dir, err, out)
		}
	})
	return dir
}

func run(prefix []string, args ...string) ([]byte, error) {
	all := append(append([]string(nil), prefix...), args...)
	return exec.Command(all[0], all[1:]...).CombinedOutput()
}

// fillDisk writes a file until the disk has no space left, and returns it.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, chunk := range []int{64 << 10, 4 << 10, 1} {
		buf := make([]byte, chunk)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
	}
	return name
}

// TestStore_DiskFull saves a sign-off on a full disk: the save fails with
// ErrDiskFull, nothing of the record is written, the draft is kept and the
// database stays sound; once space is freed the same save succeeds.
func TestStore_DiskFull(t *testing.T) {
	ctx := context.Background()
	dir := smallDisk(t, "4m")
	s := openAt(t, filepath.Join(dir, DatabaseFile))
	pupilID := mustAddPupil(t, s, testPupil(1, "Ada", "Lovelace", "Oak", "b"))
	pupil, _ := s.Pupil(ctx, pupilID)
	f := fixture{s: s, pupil: pupil, staffID: mustAddStaff(t, s, "Sam Example", RoleTA, "246810")}
	b := f.body(0)
	f.mustSaveDraft(t, b.ID)
	mark := make([]byte, 1<<20) // a large mark: the WAL must grow to hold it
	rand.Read(mark)
	att := Attachment{Kind: record.AttachPupilMark, MediaType: "image/png", Data: mark}

	filler := fillDisk(t, dir)
	err := s.SaveRecord(ctx, b, att)
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("SaveRecord on a full disk: err = %v, want ErrDiskFull", err)
	}
	assertNothingWritten(t, s)
	if d, err := s.Draft(ctx, b.ID); err != nil || !bytes.Equal(d.State, []byte(`{"answers":[]}`)) {
		t.Errorf("the draft after a failed save: %+v, %v", d, err)
	}
	if lines, err := checkLines(ctx, s.db, "integrity_check"); err != nil || lines[0] != "ok" {
		t.Errorf("integrity_check after a failed save = %q, %v", lines, err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRecord(ctx, b, att); err != nil {
		t.Fatalf("the same save once space was freed: %v", err)
	}
	if _, err := s.Draft(ctx, b.ID); !errors.Is(err, ErrAlreadySaved) {
		t.Errorf("Draft after the save: err = %v, want ErrAlreadySaved", err)
	}
	checkStoredAttachments(t, s, f.onlyRecord(t).Body, "Ada Lovelace", "Sam Example", string(mark))
}

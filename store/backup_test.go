package store

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestBackupDay(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		want time.Time
	}{
		{"kiosk-2026-11-01.db", day},
		{filepath.Join("backups", "kiosk-2026-11-01.db"), day},
		{"2026-11-01.db", time.Time{}}, // no prefix: not the kiosk's backup
		{filepath.Join("backups", "other-2026-11-01.db"), time.Time{}},
		{"kiosk2026-11-01.db", time.Time{}},
		{"kiosk-2026-11-01.db.tmp", time.Time{}},
		{"kiosk-2026-13-01.db", time.Time{}},
		{"kiosk-2026-11-01", time.Time{}},
	} {
		if got := backupDay(tc.name); !got.Equal(tc.want) {
			t.Errorf("backupDay(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBackups_OnlyBackupNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, n := range []string{"kiosk-2026-11-01.db", "2026-11-02.db", "other-2026-11-03.db", "kiosk2026-11-04.db"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := backups(dir)
	want := []string{filepath.Join(dir, "kiosk-2026-11-01.db")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("backups = %q, %v; want %q", got, err, want)
	}
}

package hub_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"smartkiosk/hub"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/version"
)

// TestHealthz: /healthz and /version answer without a sign-in; healthz is
// 200 while the database answers and 503 with the reason once it does not,
// and reports the data folder's free space.
func TestHealthz(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := sqlitestore.Open(filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(hub.NewServer(hub.Config{Store: st, DataDir: dir}).Handler(hub.WebOptions{}))
	t.Cleanup(ts.Close)
	health := func() (int, hub.Health) {
		t.Helper()
		resp, err := http.Get(ts.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h hub.Health
		if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, h
	}
	code, h := health()
	enough := h.DiskFreeBytes >= 512<<20
	if h.Database != "ok" || h.DiskFreeBytes == 0 || (h.Disk == "ok") != enough || (code == http.StatusOK) != enough ||
		h.Version != version.Version {
		t.Errorf("healthy hub: %d %+v", code, h)
	}
	st.Close()
	if code, h := health(); code != http.StatusServiceUnavailable || h.Status != "failing" || h.Database != "the database does not answer" {
		t.Errorf("a closed database: %d %+v", code, h)
	}

	resp, err := http.Get(ts.URL + "/version")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v hub.VersionInfo
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != http.StatusOK || v.Version != version.Version {
		t.Errorf("/version: %d %+v %v", resp.StatusCode, v, err)
	}
}

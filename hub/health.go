package hub

import (
	"context"
	"net/http"
	"time"

	"smartkiosk/version"
)

// minFreeBytes is the least free space the hub's data folder may have
// before /healthz says so: a few days of a school's records, and room for
// an export or a backup.
const minFreeBytes = 512 << 20

// Health is /healthz's answer: whether the hub can take sign-offs now.
type Health struct {
	Status        string `json:"status"`   // "ok" or "failing"
	Database      string `json:"database"` // "ok", or why not
	Disk          string `json:"disk"`     // "ok", "unknown" or why not
	DiskFreeBytes uint64 `json:"disk_free_bytes,omitempty"`
	Version       string `json:"version"`
}

// VersionInfo is /version's answer.
type VersionInfo struct {
	Service string `json:"service"`
	Version string `json:"version"`
}

// onHealth answers 200 when the database answers and the data folder has
// room, else 503 with what is wrong: for a monitoring system or a load
// balancer, so it needs no sign-in and tells nothing about pupils.
func (s *Server) onHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	h := Health{Status: "ok", Database: "ok", Disk: "unknown", Version: version.Version}
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("health check: database", "err", err)
		h.Status, h.Database = "failing", "the database does not answer"
	}
	if s.dataDir != "" {
		switch free, err := diskFree(s.dataDir); {
		case err != nil:
			s.log.Error("health check: disk", "err", err)
		case free < minFreeBytes:
			h.Status, h.Disk, h.DiskFreeBytes = "failing", "less than 512 MiB free in the data folder", free
		default:
			h.Disk, h.DiskFreeBytes = "ok", free
		}
	}
	status := http.StatusOK
	if h.Status != "ok" {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, h)
}

func (s *Server) onVersion(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, VersionInfo{Service: "smartkiosk-hub", Version: version.Version})
}

package policy

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// NarrationDir is the pack folder that holds the narration clips; only
// files under it can be replaced by a school's recordings.
const NarrationDir = "narration"

// RecordingsDir is where a school keeps its own recordings for a pack:
// <dataDir>/recordings/<pack id>. A file there at the same path as one of
// the pack's clips (e.g. narration/en-GB/a.1.ogg) replaces that clip.
func RecordingsDir(dataDir, packID string) string {
	return filepath.Join(dataDir, "recordings", packID)
}

// Recordings returns the pack with the school's recordings laid over its
// narration: OverlayFS(pack, the folder RecordingsDir names). A pack id
// that is not a single plain folder name gets no recordings.
func Recordings(pack fs.FS, dataDir, packID string) fs.FS {
	if !fs.ValidPath(packID) || strings.Contains(packID, "/") || packID == "." {
		return pack
	}
	return OverlayFS(pack, os.DirFS(RecordingsDir(dataDir, packID)))
}

// OverlayFS returns a file system that serves a file under NarrationDir
// from over when over holds it as a non-empty regular file (not a link),
// and every other file (pack.toml, pictures, clips with no recording) from
// base. Directory listings come from base. Load the pack through it so that validation and
// the fingerprint cover the clips pupils actually hear.
func OverlayFS(base, over fs.FS) fs.FS { return overlayFS{base: base, over: over} }

type overlayFS struct{ base, over fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if fs.ValidPath(name) && strings.HasPrefix(name, NarrationDir+"/") {
		if f, ok := o.recording(name); ok {
			return f, nil
		}
	}
	return o.base.Open(name)
}

// Lstat makes the overlay an fs.ReadLinkFS, so that Load sees a link in
// the pack folder through it (a recording is never a link: see recording).
func (o overlayFS) Lstat(name string) (fs.FileInfo, error) {
	if fs.ValidPath(name) && strings.HasPrefix(name, NarrationDir+"/") {
		if info, ok := o.usable(name); ok {
			return info, nil
		}
	}
	return fs.Lstat(o.base, name)
}

// ReadLink reads a link of the pack folder.
func (o overlayFS) ReadLink(name string) (string, error) { return fs.ReadLink(o.base, name) }

// usable reports whether over holds name as a recording: a non-empty
// regular file of its own, not a link.
func (o overlayFS) usable(name string) (fs.FileInfo, bool) {
	info, err := statInPack(o.over, name)
	if err != nil || info.Size() == 0 {
		return nil, false
	}
	return info, true
}

// recording opens over's file name if it is a usable recording.
func (o overlayFS) recording(name string) (fs.File, bool) {
	if _, ok := o.usable(name); !ok {
		return nil, false
	}
	f, err := o.over.Open(name)
	if err != nil {
		return nil, false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() == 0 {
		f.Close()
		return nil, false
	}
	return f, true
}

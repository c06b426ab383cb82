package screens

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
)

// A drive is a place an adult takes files from or saves them to: a USB
// stick, a shared drive, or the tablet's own home folder.
type drive struct {
	name string // as shown: the stick's label ("KINGSTON")
	path string
}

// mediaFolders are where the system mounts USB sticks and shared drives,
// each drive a folder in them (/media/<user>/KINGSTON).
func mediaFolders() []string {
	switch runtime.GOOS {
	case "windows":
		return nil // drive letters: see findDrives
	case "darwin":
		return []string{"/Volumes"}
	}
	var out []string
	if u, err := user.Current(); err == nil {
		out = append(out, filepath.Join("/media", u.Username), filepath.Join("/run/media", u.Username))
	}
	return append(out, "/media", "/mnt")
}

// findDrives lists the drives in the media folders, then the home folder.
// A folder that cannot be read is left out: a stick being pulled out
// while the list is made is simply not on it.
func findDrives(media []string, home string) []drive {
	var out []drive
	seen := map[string]bool{}
	add := func(name, path string) {
		real, err := filepath.EvalSymlinks(path)
		if err != nil || seen[real] {
			return
		}
		if info, err := os.Stat(real); err != nil || !info.IsDir() {
			return
		}
		seen[real] = true
		out = append(out, drive{name: name, path: path})
	}
	for _, m := range media {
		seen[filepath.Clean(m)] = true // a media folder is not itself a drive
	}
	for _, m := range media {
		entries, err := os.ReadDir(m)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), ".") && isDirEntry(m, e) {
				add(e.Name(), filepath.Join(m, e.Name()))
			}
		}
	}
	if runtime.GOOS == "windows" && len(media) == 0 {
		for l := 'D'; l <= 'Z'; l++ {
			add(string(l)+":", string(l)+`:\`)
		}
	}
	if home != "" {
		add("", home) // shown as "This tablet"
	}
	return out
}

// isDirEntry reports whether an entry is a folder, following a link.
func isDirEntry(dir string, e fs.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	info, err := os.Stat(filepath.Join(dir, e.Name()))
	return err == nil && info.IsDir()
}

// A listed item in a folder: a subfolder, or a file the picker offers.
type listed struct {
	name string
	dir  bool
}

// maxListed is how many items a folder shows; a stick with more has them
// counted, not listed.
const maxListed = 400

// listFolder reads a folder: its subfolders and, when withFiles is set,
// its CSV files, folders first, each sorted by name; hidden ones are left
// out. more counts what did not fit.
func listFolder(dir string, withFiles bool) (items []listed, more int, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case isDirEntry(dir, e):
			items = append(items, listed{name: name, dir: true})
		case withFiles && strings.EqualFold(filepath.Ext(name), ".csv") && e.Type()&fs.ModeType&^fs.ModeSymlink == 0:
			items = append(items, listed{name: name})
		}
	}
	slices.SortFunc(items, func(a, b listed) int {
		if a.dir != b.dir {
			if a.dir {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	if len(items) > maxListed {
		more, items = len(items)-maxListed, items[:maxListed]
	}
	return items, more, nil
}

// maxPicked is the largest file the picker reads: a whole school's roster
// is a few hundred kilobytes.
const maxPicked = 20 << 20

var errTooBig = errors.New("the file is larger than the picker reads")

// readPicked reads a chosen file whole, refusing one too big to be a roster.
func readPicked(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPicked+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPicked {
		return nil, errTooBig
	}
	return data, nil
}

// driveGone reports whether an error means the drive is no longer there
// (pulled out, unmounted, or failing).
func driveGone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.EIO) || errors.Is(err, syscall.ENODEV) ||
		errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ESTALE)
}

package policy

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// What a pack folder may hold, in one place: Load refuses a pack over any
// of them with a sentence that states the limit, the hub refuses to
// publish it, and a kiosk never downloads a pack file bigger than
// MaxFileBytes. A symbol is drawn about 35 mm wide and a clip lasts a
// sentence (about 20 KB), so these leave room for schools' own pictures
// and recordings and still stop a wrong file (a photo, a video) early.
const (
	MaxPackTOMLBytes = 1 << 20   // pack.toml itself
	MaxPictureBytes  = 2 << 20   // one picture (SVG or PNG)
	MaxClipBytes     = 5 << 20   // one narration clip (Ogg Vorbis)
	MaxPackBytes     = 100 << 20 // pack.toml and every file it names, together
	// MaxFileBytes is the largest single file a pack may hold.
	MaxFileBytes = max(MaxPackTOMLBytes, MaxPictureBytes, MaxClipBytes)

	// MaxPictureSide bounds a PNG picture's width and height in pixels.
	MaxPictureSide = 2048
)

// How much a pupil, or an adult, is asked to answer in one sitting.
const (
	// MaxPupilScreens is the most screens a band's pupil form may have: one
	// per rule statement, plus the consequences and the agreement.
	MaxPupilScreens = 30
	// MaxSectionStatements is the most statements a section (consequences,
	// agreement) may list: they are shown and read on one screen.
	MaxSectionStatements = 8
	// MaxFormStatements is the most statements any form may have in all.
	MaxFormStatements = 150
)

// sizeText writes a byte count as a teacher reads it: "2 MB", "3.4 MB", "900 KB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		return strings.TrimSuffix(s, ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// overText writes n, which is over limit, so that it reads as more than
// limit: "3.4 MB", or "just over 2 MB" where both would round the same.
func overText(n, limit int64) string {
	if sizeText(n) == sizeText(limit) {
		return "just over " + sizeText(limit)
	}
	return sizeText(n)
}

// limitsText states every size limit, for a sentence about one of them.
func limitsText() string {
	return fmt.Sprintf("a picture may be at most %s, a narration clip %s and the whole pack %s",
		sizeText(MaxPictureBytes), sizeText(MaxClipBytes), sizeText(MaxPackBytes))
}

// Why a path in a pack is not one of its own files.
var (
	errSymlink = errors.New("is a symbolic link (a shortcut to a file elsewhere): " +
		"copy the file itself into the pack folder")
	errFolder  = errors.New("is a folder, not a file")
	errSpecial = errors.New("is not a regular file (a device, pipe or socket): " +
		"put the file itself in the pack folder")
)

// statInPack returns the FileInfo of name, which must be a regular file of
// fsys itself: not a symbolic link, and not under a folder that is one,
// so that a pack can never serve a file from outside its folder (a
// picture linked to the hub's key). On a file system that has no links
// (embedded, in memory) this is fs.Stat. The error is errSymlink,
// errFolder, errSpecial, or fs.Stat's.
func statInPack(fsys fs.FS, name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		info, err := fs.Lstat(fsys, dir)
		if err != nil {
			return nil, err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, errSymlink
		}
	}
	info, err := fs.Lstat(fsys, name)
	switch {
	case err != nil:
		return nil, err
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, errSymlink
	case info.IsDir():
		return nil, errFolder
	case !info.Mode().IsRegular():
		return nil, errSpecial
	}
	return info, nil
}

// readPackTOML reads pack.toml as Load takes it: a regular file of the
// pack folder, at most MaxPackTOMLBytes.
func readPackTOML(fsys fs.FS) ([]byte, error) {
	info, err := statInPack(fsys, PackFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read policy pack: the folder has no %s: %w", PackFile, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read policy pack: %s %w", PackFile, err)
	}
	if info.Size() > MaxPackTOMLBytes {
		return nil, fmt.Errorf("read policy pack: %s is %s; it may be at most %s", PackFile,
			overText(info.Size(), MaxPackTOMLBytes), sizeText(MaxPackTOMLBytes))
	}
	data, err := fs.ReadFile(fsys, PackFile)
	if err != nil {
		return nil, fmt.Errorf("read policy pack: %w", err)
	}
	if len(data) > MaxPackTOMLBytes { // it grew after the check
		return nil, fmt.Errorf("read policy pack: %s is over %s", PackFile, sizeText(MaxPackTOMLBytes))
	}
	return data, nil
}

// fileKind is what a pack file is for, which sets its limit and format.
type fileKind int

const (
	kindPicture fileKind = iota
	kindClip
)

func (k fileKind) limit() int64 {
	if k == kindClip {
		return MaxClipBytes
	}
	return MaxPictureBytes
}

// checkedFile is a file the checker has looked at, so a picture used on
// ten screens is read once and counted once in the pack's total.
type checkedFile struct {
	kind    fileKind
	problem string // "" when the file is fine for kind
}

// checkFile reports a referenced file that is unnamed, outside the pack,
// missing, not a regular file of the pack, over its size limit, or not a
// picture (SVG or PNG) or clip (Ogg Vorbis) as kind says it must be.
func (c *checker) checkFile(where, what, name string, kind fileKind) {
	switch {
	case name == "":
		c.addf("%s: %s has no file name", where, what)
		return
	case !fs.ValidPath(name) || name == ".":
		c.addf("%s: %s %q is not a path inside the pack (use forward slashes, no ..)", where, what, name)
		return
	}
	done, ok := c.files[name]
	if !ok || done.kind != kind {
		done = checkedFile{kind: kind, problem: c.fileProblem(name, kind)}
		c.files[name] = done
	}
	if done.problem != "" {
		c.addf("%s: %s file %q %s", where, what, name, done.problem)
	}
}

// fileProblem says what is wrong with one file for kind, or "".
func (c *checker) fileProblem(name string, kind fileKind) string {
	info, err := statInPack(c.fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "is missing"
	case err != nil && (errors.Is(err, errSymlink) || errors.Is(err, errFolder) || errors.Is(err, errSpecial)):
		return err.Error()
	case err != nil:
		return "cannot be read: " + err.Error()
	case info.Size() > kind.limit():
		return fmt.Sprintf("is %s, too big: %s", overText(info.Size(), kind.limit()), limitsText())
	}
	c.total += info.Size()
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		return "cannot be read: " + err.Error()
	}
	if int64(len(data)) > kind.limit() { // it grew after the check
		return fmt.Sprintf("is over %s, too big: %s", sizeText(kind.limit()), limitsText())
	}
	return formatProblems.check(kind, name, data)
}

// formatCache remembers what the format checks said about file contents
// already seen, by hash: decoding a clip's Vorbis set-up takes about a
// millisecond, and the kiosk, the hub and the tests load the same pack
// many times. A full cache starts again.
type formatCache struct {
	mu   sync.Mutex
	seen map[formatKey]string
}

type formatKey struct {
	kind fileKind
	ext  string
	sum  [sha256.Size]byte
}

const maxFormatCache = 1 << 14

var formatProblems = &formatCache{seen: map[formatKey]string{}}

func (fc *formatCache) check(kind fileKind, name string, data []byte) string {
	key := formatKey{kind: kind, ext: strings.ToLower(path.Ext(name)), sum: sha256.Sum256(data)}
	fc.mu.Lock()
	problem, ok := fc.seen[key]
	fc.mu.Unlock()
	if ok {
		return problem
	}
	if kind == kindClip {
		problem = clipProblem(data)
	} else {
		problem = pictureProblem(name, data)
	}
	fc.mu.Lock()
	if len(fc.seen) >= maxFormatCache {
		clear(fc.seen)
	}
	fc.seen[key] = problem
	fc.mu.Unlock()
	return problem
}

// checkTotal reports a pack bigger than MaxPackBytes, pack.toml included.
func (c *checker) checkTotal() {
	total := c.total
	if info, err := statInPack(c.fsys, PackFile); err == nil {
		total += info.Size()
	}
	if total > MaxPackBytes {
		c.addf("pack: pack.toml and the files it names come to %s, too big: %s", overText(total, MaxPackBytes), limitsText())
	}
}

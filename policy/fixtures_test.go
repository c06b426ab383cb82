package policy_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"
)

// Files a test pack holds must be real pictures and clips now that Load
// checks them: an SVG with the file's name in its title, and the test tone
// (testdata/tone.ogg, 1.5 s of Ogg Vorbis) under a serial number of its
// own, so that no two files of a pack have the same bytes.

var toneOnce = sync.OnceValues(func() ([]byte, error) { return os.ReadFile("testdata/tone.ogg") })

// svgFile is a small valid SVG picture that names name.
func svgFile(name string) []byte {
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72"><title>%s</title>`+
		`<circle cx="36" cy="36" r="30"/></svg>`, name)
}

// oggFile is the test tone as stream serial number serial: a different,
// equally valid Ogg Vorbis file for each serial.
// It panics when the tone cannot be read: packFS has no test to fail.
func oggFile(serial uint32) []byte {
	tone, err := toneOnce()
	if err != nil {
		panic(err)
	}
	data := append([]byte(nil), tone...)
	for i := 0; i < len(data); {
		if i+27 > len(data) || string(data[i:i+4]) != "OggS" {
			panic(fmt.Sprintf("testdata/tone.ogg: no Ogg page at byte %d", i))
		}
		segs := int(data[i+26])
		size := 27 + segs
		for _, s := range data[i+27 : i+27+segs] {
			size += int(s)
		}
		page := data[i : i+size]
		binary.LittleEndian.PutUint32(page[14:], serial)
		binary.LittleEndian.PutUint32(page[22:], 0)
		binary.LittleEndian.PutUint32(page[22:], oggCRC(page))
		i += size
	}
	return data
}

// oggCRC is the Ogg page checksum: CRC-32, polynomial 0x04c11db7, MSB
// first, no reflection, initial value and final XOR 0.
func oggCRC(b []byte) uint32 {
	var crc uint32
	for _, c := range b {
		crc ^= uint32(c) << 24
		for range 8 {
			if crc&0x80000000 != 0 {
				crc = crc<<1 ^ 0x04c11db7
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// fileFor is valid content for a pack file named name, its bytes its own
// (seed picks among the variants of a clip).
func fileFor(name string, seed uint32) []byte {
	if strings.EqualFold(path.Ext(name), ".ogg") {
		return oggFile(seed)
	}
	return svgFile(name)
}

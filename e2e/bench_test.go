package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkKiosk_FirstFrame measures, for the real binary on Xvfb, the time
// from exec to the first frame on screen (the cream background visible at
// the window's corner) and the process's resident memory at that point.
func BenchmarkKiosk_FirstFrame(b *testing.B) {
	bin := kioskBinary(b)
	firstFrame(b, func() *exec.Cmd { return exec.Command(bin, "--demo", "--windowed", "--data", b.TempDir()) })
}

// BenchmarkBareWindow_FirstFrame is the baseline measured the same way: a
// bare Fyne window (testdata/barewindow) with nothing but the cream.
func BenchmarkBareWindow_FirstFrame(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "barewindow")
	build := exec.Command("go", "build", "-tags", "x11", "-o", bin, "./testdata/barewindow")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	firstFrame(b, func() *exec.Cmd { return exec.Command(bin) })
}

// firstFrame runs command b.N times on its own Xvfb and reports the mean
// time to the first cream frame and the largest resident memory then.
func firstFrame(b *testing.B, command func() *exec.Cmd) {
	display := startXvfbTB(b)
	var total time.Duration
	var rssKB int
	for i := 0; i < b.N; i++ {
		cmd := command()
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		begin := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		for !creamAt(display, 5, 5) {
			if time.Since(begin) > 30*time.Second {
				_ = cmd.Process.Kill()
				b.Fatal("no frame within 30 s")
			}
			time.Sleep(10 * time.Millisecond)
		}
		total += time.Since(begin)
		rssKB = max(rssKB, vmRSS(cmd.Process.Pid))
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-first-frame")
	b.ReportMetric(float64(rssKB)/1024, "MB-rss")
}

// creamAt reports whether the pixel at x, y is the kiosk's cream (within a
// few levels: the GL driver rounds colours slightly).
func creamAt(display string, x, y int) bool {
	out, err := exec.Command("import", "-display", display, "-window", "root",
		"-crop", "1x1+"+strconv.Itoa(x)+"+"+strconv.Itoa(y), "-depth", "8", "txt:-").Output()
	if err != nil {
		return false
	}
	var r, g, bl int
	i := strings.LastIndex(string(out), "(")
	if i < 0 {
		return false
	}
	if _, err := fmt.Sscanf(string(out[i:]), "(%d,%d,%d)", &r, &g, &bl); err != nil {
		return false
	}
	near := func(v, want int) bool { return v >= want-6 && v <= want+6 }
	return near(r, 0xFF) && near(g, 0xF8) && near(bl, 0xE7)
}

func vmRSS(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return 0
}

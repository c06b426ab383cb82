package kioskcli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"smartkiosk/version"
)

// parse runs Parse with captured output.
func parse(t *testing.T, args ...string) (opts *Options, stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	opts, code = Parse(args, &out, &errOut)
	return opts, out.String(), errOut.String(), code
}

func TestParseArgs_Help(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}, {"--data", "x", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			opts, out, errOut, code := parse(t, args...)
			if opts != nil || code != 0 || errOut != "" {
				t.Fatalf("opts %v, exit %d, stderr %q; want no window, 0, nothing", opts, code, errOut)
			}
			for _, c := range kiosk.Commands {
				if !strings.Contains(out, "\n  "+c.Name+" ") {
					t.Errorf("--help does not list %q:\n%s", c.Name, out)
				}
			}
			for _, flag := range []string{"-data", "-demo", "-windowed", "-media", "-version"} {
				if !strings.Contains(out, flag) {
					t.Errorf("--help does not show %s", flag)
				}
			}
		})
	}
}

func TestParseArgs_CommandHelp(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{"help export": {"help", "export"}, "hub --help": {"hub", "--help"},
		"roster -h": {"roster", "-h"}, "staff help": {"staff", "help"}}
	for _, c := range kiosk.Commands {
		cases[c.Name] = append(strings.Fields(c.Name), "--help")
		cases[c.Name+" -h"] = append(strings.Fields(c.Name), "--data", "x", "-h")
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts, out, errOut, code := parse(t, args...)
			want := "smartkiosk " + strings.Join(strings.Fields(args[0]), " ")
			if args[0] == "help" {
				want = "smartkiosk " + args[1]
			}
			if opts != nil || code != 0 || errOut != "" || !strings.Contains(out, "usage:") || !strings.Contains(out, want) {
				t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant 0 and the usage of %s", code, errOut, out, want)
			}
		})
	}
}

// TestParseArgs_ErrUsage: a wrong command line exits 2 with the usage on
// stderr, never opens the window and never touches a data folder.
func TestParseArgs_ErrUsage(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"UnknownCommand": {"expotr", "--data", "DATA"}, "UnknownFlag": {"--data", "DATA", "--fullscreen"},
		"CommandAfterFlags": {"--data", "DATA", "export"}, "StrayWord": {"--demo", "please"},
		"BadFlagValue": {"--demo=maybe"}, "HubAlone": {"hub"}, "HubUnknown": {"hub", "frob", "--data", "DATA"},
		"HelpUnknown": {"help", "frob"}, "ExportArgument": {"export", "--data", "DATA", "out.csv"},
		"UnknownPack": {"--data", "DATA", "--demo", "--pack", "acme"}, "PackFolder": {"--pack", "wrotham/pictures"},
		"ExportUnknownPack": {"export", "--data", "DATA", "--pack", "Wrotham"},
		"RosterUnknownPack": {"roster", "import", "--data", "DATA", "--pack", "", "roster.csv"},
	}
	for _, c := range kiosk.Commands {
		cases[c.Name] = append(strings.Fields(c.Name), "--data", "DATA", "--nonsense")
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data := filepath.Join(t.TempDir(), "kiosk")
			args = replace(args, "DATA", data)
			opts, out, errOut, code := parse(t, args...)
			if opts != nil || code != 2 || out != "" {
				t.Errorf("opts %v, exit %d, stdout %q; want no window, 2, nothing", opts, code, out)
			}
			if !strings.HasPrefix(errOut, "smartkiosk") || !strings.Contains(errOut, "usage:") {
				t.Errorf("stderr does not say why and show the usage:\n%s", errOut)
			}
			if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a wrong command line touched the data folder: %v", err)
			}
		})
	}
}

func replace(args []string, old, new string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, old, new)
	}
	return out
}

func TestParseArgs_Version(t *testing.T) {
	t.Parallel()
	opts, out, errOut, code := parse(t, "--version")
	if opts != nil || code != 0 || errOut != "" {
		t.Fatalf("opts %v, exit %d, stderr %q", opts, code, errOut)
	}
	if !strings.HasPrefix(out, "smartkiosk "+version.Version) || out != version.Line("smartkiosk")+"\n" {
		t.Errorf("--version printed %q, want %q", out, version.Line("smartkiosk")+"\n")
	}
}

func TestParseGUI_Options(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		var out, errOut bytes.Buffer
		opts, code := parseGUI([]string{"--data", "/d", "--demo", "--pack", "wrotham", "--windowed", "--media", "/a, /b", "--media", "/c"}, &out, &errOut)
		want := &Options{Data: "/d", Demo: true, Pack: "wrotham", Windowed: true, Media: []string{"/a", "/b", "/c"}}
		if code != 0 || !reflect.DeepEqual(opts, want) || out.Len()+errOut.Len() > 0 {
			t.Errorf("opts %+v, exit %d, output %q; want %+v", opts, code, out.String()+errOut.String(), want)
		}
	})
	t.Run("Defaults", func(t *testing.T) {
		t.Parallel()
		var out, errOut bytes.Buffer
		opts, code := parseGUI(nil, &out, &errOut)
		want := &Options{Data: defaultDataDir(), Pack: "example"} // no --media: the file page looks where the system mounts drives
		if code != 0 || !reflect.DeepEqual(opts, want) {
			t.Errorf("opts %+v, exit %d; want %+v", opts, code, want)
		}
	})
}

// TestParseGUI_ErrUnknownPack: --pack names a built-in pack, and a wrong
// one is told which there are.
func TestParseGUI_ErrUnknownPack(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	opts, code := parseGUI([]string{"--demo", "--pack", "acme"}, &out, &errOut)
	want := `smartkiosk: --pack acme: there is no built-in pack "acme"; the built-in packs are "example" and "wrotham"` + "\n"
	if opts != nil || code != 2 || !strings.HasPrefix(errOut.String(), want) {
		t.Errorf("opts %+v, exit %d, stderr:\n%s\nwant 2 and it to start\n%s", opts, code, errOut.String(), want)
	}
}

func TestNeedDisplay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		goos, display, wayland string
		ok                     bool
	}{
		{"linux", "", "", false},
		{"freebsd", "", "", false},
		{"linux", ":0", "", true},
		{"linux", "", "wayland-0", true},
		{"windows", "", "", true},
		{"darwin", "", "", true},
	} {
		env := map[string]string{"DISPLAY": tc.display, "WAYLAND_DISPLAY": tc.wayland}
		err := needDisplay(tc.goos, func(k string) string { return env[k] })
		if (err == nil) != tc.ok {
			t.Errorf("%s DISPLAY=%q WAYLAND_DISPLAY=%q: %v", tc.goos, tc.display, tc.wayland, err)
		}
		if err != nil && !strings.Contains(err.Error(), "no display") || err != nil && !strings.Contains(err.Error(), "--help") {
			t.Errorf("the sentence does not say what to do: %v", err)
		}
	}
}

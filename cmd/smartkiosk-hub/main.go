// Command smartkiosk-hub is the school's hub: kiosks enrol with it and
// sync their signed records to it; staff sign in to its pages. It is one
// binary without cgo, storing in SQLite by default or PostgreSQL for a
// trust. main.go is the composition root; the work is in package hub.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"smartkiosk/hub"
	"smartkiosk/hub/pgstore"
	"smartkiosk/hub/sqlitestore"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// common are the flags every command takes.
type common struct {
	data, postgres string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", defaultDataDir(), "folder for the hub's keys, certificate and SQLite database")
	fs.StringVar(&c.postgres, "postgres", os.Getenv("SMARTKIOSK_HUB_POSTGRES"), "PostgreSQL URL (a trust's hub); empty uses SQLite in --data")
}

func defaultDataDir() string {
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "smartkiosk-hub")
	}
	return "smartkiosk-hub-data"
}

func (c *common) open(ctx context.Context) (hub.Store, error) {
	if c.postgres != "" {
		return pgstore.Open(ctx, c.postgres)
	}
	if err := os.MkdirAll(c.data, 0o700); err != nil {
		return nil, err
	}
	return sqlitestore.Open(filepath.Join(c.data, "hub.db"))
}

const usage = `usage:
  smartkiosk-hub [serve] --data DIR [--listen 127.0.0.1:8700] [--postgres URL] [--hostname NAME,...] [--plain-http]
  smartkiosk-hub enrol-code --data DIR [--label NAME] [--hub-url URL]
  smartkiosk-hub devices --data DIR
  smartkiosk-hub revoke --data DIR DEVICE
  smartkiosk-hub import --data DIR FILE.skbundle
  smartkiosk-hub roster import --data DIR FILE.csv
  smartkiosk-hub pack publish --data DIR FOLDER
  smartkiosk-hub user add --data DIR --name NAME --role admin|dsl|tutor [--class C ...] < password
  smartkiosk-hub verify PACK.zip [--hub-key HEX]
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if (cmd == "roster" || cmd == "pack" || cmd == "user") && len(args) > 0 {
		cmd, args = cmd+" "+args[0], args[1:]
	}
	commands := map[string]func([]string, io.Reader, io.Writer) error{
		"serve": serve, "enrol-code": enrolCode, "devices": devices, "revoke": revoke, "import": importBundle,
		"roster import": rosterImport, "pack publish": packPublish, "user add": userAdd, "verify": verifyEvidence,
	}
	f, ok := commands[cmd]
	if !ok {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if err := f(args, stdin, stdout); err != nil {
		fmt.Fprintln(stderr, "smartkiosk-hub:", err)
		return 1
	}
	return 0
}

func serve(args []string, _ io.Reader, stdout io.Writer) error {
	var c common
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.register(fs)
	listen := fs.String("listen", "127.0.0.1:8700", "address to listen on")
	hostnames := fs.String("hostname", "", "comma-separated names and addresses kiosks use to reach the hub (for its certificate)")
	plain := fs.Bool("plain-http", false, "serve plain HTTP, for a reverse proxy that terminates HTTPS")
	school := fs.String("school", "", "the school's name, shown on the hub's pages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewJSONHandler(stdout, nil))
	id, err := hub.LoadIdentity(c.data, splitList(*hostnames))
	if err != nil {
		return err
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	fp := id.Fingerprint
	if *plain {
		fp = ""
	}
	srv := hub.NewServer(hub.Config{Store: st, Key: id.Key, SchoolName: *school, CertSHA256: fp, Log: log})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	scheme := "https"
	if *plain {
		scheme = "http"
	}
	hubURL := scheme + "://" + advertised(ln.Addr().String(), splitList(*hostnames))
	hs := &http.Server{Handler: srv.Handler(hub.WebOptions{HubURL: hubURL, SecureCookie: !*plain}),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	if !*plain {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{id.Cert}, MinVersion: tls.VersionTLS12})
	}
	log.Info("hub listening", "url", hubURL, "cert_sha256", fp, "store", storeKind(c))
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func storeKind(c common) string {
	if c.postgres != "" {
		return "postgresql"
	}
	return "sqlite"
}

// advertised is the address to print for kiosks: the first --hostname
// with the listening port, else the listening address.
func advertised(addr string, hosts []string) string {
	if len(hosts) == 0 {
		return addr
	}
	_, port, _ := net.SplitHostPort(addr)
	return net.JoinHostPort(hosts[0], port)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func enrolCode(args []string, _ io.Reader, stdout io.Writer) error {
	var c common
	fs := flag.NewFlagSet("enrol-code", flag.ContinueOnError)
	c.register(fs)
	label := fs.String("label", "", "name of the tablet, for the hub's device list")
	hubURL := fs.String("hub-url", "https://127.0.0.1:8700", "the address kiosks use to reach the hub")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	id, err := hub.LoadIdentity(c.data, nil)
	if err != nil {
		return err
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	code, ec, err := hub.NewEnrolCode(ctx, st, *label, time.Now())
	if err != nil {
		return err
	}
	fp := id.Fingerprint
	if strings.HasPrefix(*hubURL, "http://") {
		fp = ""
	}
	qr, err := hub.QRText(hub.EnrolURI(*hubURL, code, fp))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\nEnrolment code: %s\nHub address:    %s\n", qr, code, *hubURL)
	if fp != "" {
		fmt.Fprintf(stdout, "Fingerprint:    %s\n", hub.FormatFingerprint(fp))
	}
	fmt.Fprintf(stdout, "It works once, until %s.\n", ec.ExpiresAt.Local().Format("15:04"))
	return nil
}

// withStore parses the common flags and opens the store for a short command.
func withStore(name string, args []string, extra func(*flag.FlagSet), f func(context.Context, hub.Store, common, []string) error) error {
	var c common
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return f(ctx, st, c, fs.Args())
}

func devices(args []string, _ io.Reader, stdout io.Writer) error {
	return withStore("devices", args, nil, func(ctx context.Context, st hub.Store, _ common, _ []string) error {
		devs, err := st.Devices(ctx)
		if err != nil {
			return err
		}
		for _, d := range devs {
			state := "active"
			if d.Revoked() {
				state = "revoked " + d.RevokedAt.Local().Format(time.DateTime)
			}
			fmt.Fprintf(stdout, "%s\t%s\tenrolled %s\t%s\n", d.ID, d.Label, d.EnrolledAt.Local().Format(time.DateTime), state)
		}
		return nil
	})
}

func revoke(args []string, _ io.Reader, stdout io.Writer) error {
	return withStore("revoke", args, nil, func(ctx context.Context, st hub.Store, _ common, rest []string) error {
		if len(rest) != 1 {
			return errors.New("name one device id (see: smartkiosk-hub devices)")
		}
		if err := st.RevokeDevice(ctx, rest[0], time.Now()); err != nil {
			return fmt.Errorf("revoke %s: %w", rest[0], err)
		}
		fmt.Fprintf(stdout, "Revoked %s: the hub refuses its requests from now on.\n", rest[0])
		return nil
	})
}

func importBundle(args []string, _ io.Reader, stdout io.Writer) error {
	return withStore("import", args, nil, func(ctx context.Context, st hub.Store, c common, rest []string) error {
		if len(rest) != 1 {
			return errors.New("name one bundle file (.skbundle)")
		}
		id, err := hub.LoadIdentity(c.data, nil)
		if err != nil {
			return err
		}
		f, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err := hub.NewServer(hub.Config{Store: st, Key: id.Key}).ImportBundle(ctx, f)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d record(s) from tablet %s: %d stored, %d already on the hub, %d conflicting, %d invalid\n",
			rep.Records, rep.Device, rep.Counts[hub.StatusStored], rep.Counts[hub.StatusDuplicate],
			rep.Counts[hub.StatusConflict], rep.Counts[hub.StatusInvalid])
		for _, r := range rep.Results {
			if !r.Acknowledged() {
				fmt.Fprintf(stdout, "  %s %s: %s\n", r.ID, r.Status, r.Reason)
			}
		}
		return nil
	})
}

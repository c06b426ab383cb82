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

	"smartkiosk/command"
	"smartkiosk/hub"
	"smartkiosk/hub/pgstore"
	"smartkiosk/hub/sqlitestore"
	"smartkiosk/signoff"
	"smartkiosk/version"
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
	return sqlitestore.Open(filepath.Join(c.data, dbFile))
}

// program is the hub's commands; stdin reaches the one that reads a
// password from it.
func program(stdin io.Reader) *command.Program {
	withIn := func(f func(*flag.FlagSet, []string, io.Reader, io.Writer) error) func(*flag.FlagSet, []string, io.Writer, io.Writer) error {
		return func(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error { return f(fs, args, stdin, stdout) }
	}
	p := &command.Program{Name: "smartkiosk-hub", Commands: []command.Command{
		{Name: "serve", Args: "[--data DIR | --postgres URL] [--listen 127.0.0.1:8700] [--hostname NAME,...] [--plain-http] [--school NAME]",
			Summary: "run the hub: kiosks sync to it and staff sign in to its pages", Run: serve},
		{Name: "enrol-code", Args: "[--data DIR] [--label NAME] [--hub-url URL]",
			Summary: "make a one-time code (and its QR code) that connects a tablet", Run: enrolCode},
		{Name: "devices", Args: "[--data DIR]", Summary: "list the tablets enrolled, and which are revoked", Run: devices},
		{Name: "revoke", Args: "[--data DIR] DEVICE", Summary: "refuse a lost or retired tablet from now on", Run: revoke},
		{Name: "import", Args: "[--data DIR] FILE.skbundle", Summary: "import a bundle of records a tablet saved to a USB stick", Run: importBundle},
		{Name: "roster import", Args: "[--data DIR] [--dry-run] [--allow-mass-leave] FILE.csv", Summary: "replace the roster with the school MIS's CSV export", Run: rosterImport},
		{Name: "pack publish", Args: "[--data DIR] FOLDER", Summary: "make a policy pack folder the one the kiosks download", Run: packPublish},
		{Name: "user add", Args: "[--data DIR] --name NAME --role admin|dsl|tutor [--class C ...] < password",
			Summary: "add a staff account, reading its password from standard input", Run: withIn(userAdd)},
		{Name: "verify", Args: "PACK.zip [--hub-key HEX]", Summary: "check an evidence pack offline", Run: verifyEvidence},
		{Name: "backup", Args: "[--data DIR | --postgres URL] FOLDER", Summary: "copy the hub's database and keys into a new folder, checked", Run: backup},
		{Name: "restore", Args: "[--data DIR] BACKUP", Summary: "put a backup into an empty data folder, each file checked first", Run: restore},
	}}
	p.Usage = func(w io.Writer) {
		fmt.Fprint(w, "usage: smartkiosk-hub COMMAND [flags]\n       smartkiosk-hub --version\n\nCommands:\n")
		p.PrintCommands(w)
	}
	return p
}

// run runs the hub's command line and returns the exit code: 0 done, 1
// failed (a sentence on stderr says why), 2 the command line is wrong.
// With no command it prints the usage: serving is always asked for.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	p := program(stdin)
	switch {
	case len(args) == 0:
		fmt.Fprintln(stderr, "smartkiosk-hub: name a command (to run the hub: smartkiosk-hub serve --data DIR)")
		p.Usage(stderr)
		return 2
	case command.IsHelp(args[0]) && len(args) == 1:
		p.Usage(stdout)
		return 0
	case args[0] == "help":
		return p.Run(append(args[1:len(args):len(args)], "--help"), stdout, stderr)
	case args[0] == "--version" || args[0] == "-version":
		fmt.Fprintln(stdout, version.Line("smartkiosk-hub"))
		return 0
	case strings.HasPrefix(args[0], "-"):
		fmt.Fprintf(stderr, "smartkiosk-hub: %q before a command: the command comes first, as in smartkiosk-hub serve %s\n", args[0], args[0])
		p.Usage(stderr)
		return 2
	}
	return p.Run(args, stdout, stderr)
}

func serve(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	var c common
	c.register(fs)
	listen := fs.String("listen", "127.0.0.1:8700", "address to listen on")
	hostnames := fs.String("hostname", "", "comma-separated names and addresses kiosks use to reach the hub (for its certificate)")
	plain := fs.Bool("plain-http", false, "serve plain HTTP, for a reverse proxy that terminates HTTPS")
	school := fs.String("school", "", "the school's name, shown on the hub's pages")
	if err := command.ParseOnlyFlags(fs, args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewJSONHandler(stdout, nil))
	id, err := hub.LoadIdentity(c.data, command.SplitList(*hostnames))
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
	srv := hub.NewServer(hub.Config{Store: st, Key: id.Key, SchoolName: *school, CertSHA256: fp, Log: log, DataDir: c.data})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	scheme := "https"
	if *plain {
		scheme = "http"
	}
	hubURL := scheme + "://" + advertised(ln.Addr().String(), command.SplitList(*hostnames))
	hs := &http.Server{Handler: srv.Handler(hub.WebOptions{HubURL: hubURL, SecureCookie: !*plain}),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	if !*plain {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{id.Cert}, MinVersion: tls.VersionTLS12})
	}
	log.Info("hub listening", "url", hubURL, "cert_sha256", fp, "store", storeKind(c))
	go srv.KeepRetention(ctx) // visitors' details go after the school's retention, here as on the tablets
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

func enrolCode(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	var c common
	c.register(fs)
	label := fs.String("label", "", "name of the tablet, for the hub's device list")
	hubURL := fs.String("hub-url", "https://127.0.0.1:8700", "the address kiosks use to reach the hub")
	if err := command.ParseOnlyFlags(fs, args); err != nil {
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

// withStore parses the common flags (and extra's) and opens the store
// for a short command. A command that takes one argument besides the flags
// says, in one, what to name; one that takes none passes "".
func withStore(fs *flag.FlagSet, args []string, one string, extra func(*flag.FlagSet), f func(context.Context, hub.Store, common, []string) error) error {
	var c common
	c.register(fs)
	if extra != nil {
		extra(fs)
	}
	rest, err := command.ParseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case one == "" && len(rest) > 0:
		return command.Usagef("unexpected argument %q: %s takes only flags", rest[0], fs.Name())
	case one != "" && len(rest) != 1:
		return command.Usagef("%s", one)
	}
	ctx := context.Background()
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return f(ctx, st, c, rest)
}

func devices(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "", nil, func(ctx context.Context, st hub.Store, _ common, _ []string) error {
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

func revoke(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "name one device id (see: smartkiosk-hub devices)", nil, func(ctx context.Context, st hub.Store, _ common, rest []string) error {
		if err := st.RevokeDevice(ctx, rest[0], time.Now()); err != nil {
			return fmt.Errorf("revoke %s: %w", rest[0], err)
		}
		fmt.Fprintf(stdout, "Revoked %s: the hub refuses its requests from now on.\n", rest[0])
		return nil
	})
}

func importBundle(fs *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	return withStore(fs, args, "name one bundle file (.skbundle)", nil, func(ctx context.Context, st hub.Store, c common, rest []string) error {
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
			rep.Records, rep.Device, rep.Counts[signoff.SyncStored], rep.Counts[signoff.SyncDuplicate],
			rep.Counts[signoff.SyncConflict], rep.Counts[signoff.SyncInvalid])
		for _, r := range rep.Results {
			if !r.Acknowledged() {
				fmt.Fprintf(stdout, "  %s %s: %s\n", r.ID, r.Status, r.Reason)
			}
		}
		return nil
	})
}

package pgstore_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"smartkiosk/hub"
	"smartkiosk/hub/hubtest"
	"smartkiosk/hub/pgstore"
)

// baseURL is the test cluster's database, from SMARTKIOSK_PG_URL; pgDir is
// the cluster's directory for scripts/pg-test.sh, from SMARTKIOSK_PG_DIR.
var baseURL, pgDir string

func TestMain(m *testing.M) {
	baseURL, pgDir = os.Getenv("SMARTKIOSK_PG_URL"), os.Getenv("SMARTKIOSK_PG_DIR")
	if baseURL == "" {
		fmt.Fprintln(os.Stderr, "hub/pgstore tests need PostgreSQL and SMARTKIOSK_PG_URL is not set.\n"+
			"Run them with `make test`, which starts a private PostgreSQL server, or by hand:\n"+
			"  scripts/pg-test.sh run go test ./hub/pgstore")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

var dbCount atomic.Int64

// freshURL creates an empty database for tb, dropped when tb ends, and
// returns its URL.
func freshURL(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, baseURL)
	if err != nil {
		tb.Fatalf("connect to the test cluster (%s): %v", baseURL, err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("pgstore_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, dbCount.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		admin, err := pgx.Connect(ctx, baseURL)
		if err != nil {
			tb.Errorf("drop database %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(baseURL)
	if err != nil {
		tb.Fatalf("SMARTKIOSK_PG_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// mustOpen opens a store on a fresh database; the caller closes it.
func mustOpen(tb testing.TB) *pgstore.Store {
	tb.Helper()
	s, _ := mustOpenURL(tb)
	return s
}

// mustOpenURL is mustOpen, also returning the database's URL.
func mustOpenURL(tb testing.TB) (*pgstore.Store, string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dbURL := freshURL(tb)
	s, err := pgstore.Open(ctx, dbURL)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s, dbURL
}

func TestStore_Conformance(t *testing.T) {
	hubtest.Run(t, func(t *testing.T) hub.Store { return mustOpen(t) })
}

func BenchmarkIngest(b *testing.B) {
	hubtest.BenchIngest(b, func(b *testing.B) hub.Store { return mustOpen(b) })
}

# SMART Kiosk. `make run` and `make test` set up everything they need.
GO        ?= go
TAGS      := x11
BIN       := bin/smartkiosk
DEMO_DATA ?= $(CURDIR)/.demo-data

.PHONY: build run test bench soak fuzz translations clean

build:
	@./scripts/setup.sh build
	$(GO) build -tags $(TAGS) -trimpath -o $(BIN) .

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "make run opens a window, but no display is set (DISPLAY is empty)."; \
	  echo "Run it from a desktop session, or headless with: xvfb-run make run"; exit 1; fi
	./$(BIN) --demo --windowed --data "$(DEMO_DATA)"

# The hub's PostgreSQL tests (and benchmarks) need a server: pg-test.sh run
# starts a private one for the duration of go test and always stops it.
test:
	@./scripts/setup.sh test
	$(GO) build -tags $(TAGS) -trimpath -o $(BIN) .
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	./bin/tools/staticcheck -tags $(TAGS) ./...
	SMARTKIOSK_BIN=$(CURDIR)/$(BIN) ./scripts/pg-test.sh run \
	  $(GO) test -race -tags $(TAGS) -count=1 -timeout 15m ./...

bench: build
	@./scripts/setup.sh bench
	SMARTKIOSK_BIN=$(CURDIR)/$(BIN) ./scripts/pg-test.sh run \
	  $(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -count 1 ./...
	@ls -l $(BIN) | awk '{printf "binary size: %.1f MB (%s)\n", $$5/1048576, $$9}'

# The records' crash test at length (make test runs 200 kills) and 20,000
# bit flips for the corruption test, without the race detector so the
# killed process saves at full speed. Pure Go: no cgo, no display.
soak:
	CGO_ENABLED=0 SMARTKIOSK_CRASH_ITERATIONS=2000 SMARTKIOSK_FLIPS=20000 \
	  $(GO) test -count=1 -timeout 3h -run 'TestStore_CrashSafety|TestStore_CorruptionDetected' -v ./store/

# Every fuzz target in the repository (each func Fuzz… in a _test.go file),
# one at a time, each for FUZZTIME: make test runs only their seeds. A
# failing input is saved under the package's testdata/fuzz and stops the run.
FUZZTIME ?= 30s
fuzz:
	@set -e; for file in $$(git grep -l '^func Fuzz' -- '*_test.go'); do \
	  for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$file"); do \
	    echo "== $$target in ./$$(dirname "$$file"), $(FUZZTIME)"; \
	    $(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) "./$$(dirname "$$file")"; \
	  done; \
	done

# Refresh translations/active.en-GB.toml from translations/messages.go.
translations:
	$(GO) run github.com/nicksnyder/go-i18n/v2/goi18n@v2.7.0 extract -format toml -sourceLanguage en-GB -outdir translations translations

clean:
	rm -rf bin

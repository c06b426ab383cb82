# SMART Kiosk. `make run` and `make test` set up everything they need.
GO        ?= go
TAGS      := x11
BIN       := bin/smartkiosk
DEMO_DATA ?= $(CURDIR)/.demo-data

.PHONY: build run test bench translations clean

build:
	@./scripts/setup.sh build
	$(GO) build -tags $(TAGS) -trimpath -o $(BIN) .

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "make run opens a window, but no display is set (DISPLAY is empty)."; \
	  echo "Run it from a desktop session, or headless with: xvfb-run make run"; exit 1; fi
	./$(BIN) --demo --windowed --data "$(DEMO_DATA)"

test:
	@./scripts/setup.sh test
	$(GO) build -tags $(TAGS) -trimpath -o $(BIN) .
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	SMARTKIOSK_BIN=$(CURDIR)/$(BIN) $(GO) test -race -tags $(TAGS) -count=1 -timeout 15m ./...

bench: build
	@./scripts/setup.sh bench
	SMARTKIOSK_BIN=$(CURDIR)/$(BIN) $(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -count 1 ./...
	@ls -l $(BIN) | awk '{printf "binary size: %.1f MB (%s)\n", $$5/1048576, $$9}'

# Refresh translations/active.en-GB.toml from translations/messages.go.
translations:
	$(GO) run github.com/nicksnyder/go-i18n/v2/goi18n@v2.7.0 extract -format toml -sourceLanguage en-GB -outdir translations translations

clean:
	rm -rf bin

# Factdesk: the index of what can be done here.
#
#   make run     build everything and serve on http://localhost:8080 (PORT to change)
#   make test    every test: Go (with -race, real Postgres), Vitest, Playwright e2e
#   make build   the browser app and bin/factdesk
#   make e2e     only the end-to-end suite (builds first)
#   make bench   benchmarks: events write path, 1,000-annotation article (API and Chromium),
#                re-anchoring, and the live load benchmark (factdesk-load; about 20 minutes)
#   make soak    the crash and database-fault scenarios ten times over, then every fuzz
#                target for 10 minutes (about an hour; not part of make test)
#   make lint    go vet, gofmt check, TypeScript type checks
#   make migrate apply database migrations and exit

GO      ?= go
NPM     ?= npm
BIN     := bin/factdesk
GOFILES := $(shell find server migrations frontend -name '*.go' -not -path '*/node_modules/*') $(wildcard migrations/*.sql) go.mod go.sum
APPSRC  := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json server/internal/httpapi/openapi.yaml

.PHONY: run test build e2e bench bench-browser bench-load soak lint migrate test-go test-frontend test-e2e clean

run: build
	./$(BIN) serve

build: $(BIN)

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(APPSRC)
	cd frontend && $(NPM) run build

$(BIN): frontend/dist/index.html $(GOFILES)
	$(GO) build -o $(BIN) ./server/cmd/factdesk

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund
	@touch $@

test: test-go test-frontend test-e2e

# Go unit and integration tests need the browser app built (it is embedded)
# and PostgreSQL on 127.0.0.1:5432 (or FACTDESK_TEST_DATABASE_URL).
test-go: frontend/dist/index.html
	$(GO) test -race -count=1 ./...

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && $(NPM) test

test-e2e e2e: $(BIN) e2e/node_modules/.package-lock.json
	cd e2e && $(NPM) test

bench: frontend/dist/index.html
	$(GO) test -run '^$$' -bench . -benchtime 5s -count 3 ./server/internal/store/
	$(GO) test -run '^$$' -bench GetArticleWith1000Annotations -benchtime 500x -count 3 ./server/internal/httpapi/
	$(GO) test -run '^$$' -bench . -count 3 ./server/internal/anchor/

bench: bench-browser bench-load

bench-browser: $(BIN) e2e/node_modules/.package-lock.json
	cd e2e && $(NPM) run bench

# The live load benchmark of issue 4: server pinned to CPU 0, generator to
# CPU 1, median of three runs; results in server/cmd/factdesk-load/.
bench-load: $(BIN)
	$(GO) run ./server/cmd/factdesk-load -bin $(BIN) -room workspace
	$(GO) run ./server/cmd/factdesk-load -bin $(BIN) -room article

# Long runs of the failure scenarios (issue 6). The seed corpora of the fuzz
# targets already run in make test; here each target searches for 10 minutes.
FUZZTIME ?= 10m
soak: frontend/dist/index.html
	$(GO) test -race -count=10 -run 'TestCrash|TestPostgresRestart|TestDatabaseFaults|TestLiveStream' ./server/cmd/factdesk/
	$(GO) test -run '^$$' -fuzz '^FuzzHTML$$' -fuzztime $(FUZZTIME) ./server/internal/ingest/
	$(GO) test -run '^$$' -fuzz '^FuzzMarkdown$$' -fuzztime $(FUZZTIME) ./server/internal/ingest/
	$(GO) test -run '^$$' -fuzz '^FuzzReanchor$$' -fuzztime $(FUZZTIME) ./server/internal/anchor/
	$(GO) test -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME) ./server/internal/anchor/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeClientMessage$$' -fuzztime $(FUZZTIME) ./server/internal/live/

lint: frontend/dist/index.html frontend/node_modules/.package-lock.json e2e/node_modules/.package-lock.json
	$(GO) vet ./...
	@test -z "$$(gofmt -l server migrations frontend/embed.go)" || { gofmt -l server migrations frontend/embed.go; echo "gofmt would change the files above"; exit 1; }
	cd frontend && $(NPM) run typecheck
	cd e2e && $(NPM) run typecheck

migrate: $(BIN)
	./$(BIN) migrate

clean:
	rm -rf bin frontend/dist

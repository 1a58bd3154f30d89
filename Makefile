# Quick start: `make` runs the main job, `make test` the tests.
GO ?= go
export PATH := $(shell $(GO) env GOPATH)/bin:$(PATH)

.PHONY: all generate check-generated build fmt vet test diff live-check example lint bench bench-collector

all: generate check-generated build bin/genolewm-otelcol vet lint diff example live-check

## generate: regenerate generated/ and docs/api/ from registry/*.yaml
generate:
	$(GO) generate ./...

## check-generated: fail if generated files differ from the registry
check-generated:
	$(GO) run ./cmd/obsgen -check
	$(GO) run ./cmd/obsgen -core runtime/internal/core -check

build:
	$(GO) build ./...

## vet: gofmt and go vet must be clean
vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd tools/registryprocessor && $(GO) vet ./...
	cd tools/otelcolbench && $(GO) vet ./...

## test: the whole test suite, as CI runs it (the collector tests in
## internal/collectortest and internal/registrye2e run bin/genolewm-otelcol;
## the registry processor's module has tests of its own)
test: check-generated vet lint bin/genolewm-otelcol
	$(GO) test -count=1 ./...
	cd tools/registryprocessor && $(GO) test -count=1 ./...
	$(GO) test -count=1 -race -short ./runtime/...

## diff: classify registry changes against the release base; fails on a
## MAJOR change without a new major version (README, "Releasing a registry change")
diff:
	$(GO) run ./cmd/obsgen diff

## example: run the simulated session into out/example (logs, metrics.prom)
## and print where its files are and a per-event count
example:
	rm -rf out/example
	GENO_LEWM_LOG_DIR=$(CURDIR)/out/example GENO_LEWM_LOG_LEVEL=debug GENO_LEWM_METRICS_INTERVAL_S=1 \
	  $(GO) run ./examples/simulate

## live-check: check a run's logs and metrics (LIVE_DIR) against the registry
LIVE_DIR ?= out/example
live-check:
	$(GO) run ./cmd/obsgen live-check -full-coverage $(LIVE_DIR)

## lint: the observability linters (INV-OBS-1..3, no free-text print) and
## golangci-lint with the obslint plugin; fails on any finding. The tools
## are built into bin/ and rebuilt only when their sources change.
LINT_SRC := $(shell find analyzers internal/analysisutil cmd/obslint cmd/obsgraph registry -path '*/testdata' -prune -o -type f \( -name '*.go' -o -name '*.yaml' \) -print 2>/dev/null)
# ST1001 (dot imports) is off in obslint: cmd/obsgen uses jennifer's dot-import
# idiom; .golangci.yml excludes it for cmd/obsgen only.
# The trusted base allowed to use unsafe: the runtime (obsredact's default)
# and internal/wandbpb, protoc-gen-go's output (regenerated and compared by
# a test, so a hand edit fails CI), which only the tests' W&B reader uses.
UNSAFE_OK := github.com/genolewm/obs/runtime/...,github.com/genolewm/obs/internal/wandbpb
# The tests of these packages replay an adversarial payload corpus by
# event name (the names are the data under test, unregistered ones
# included), which INV-OBS-1's check rightly refuses: their non-test code
# is linted, their tests are not (.golangci.yml excludes the same files).
REPLAY_PKGS := ./internal/payloadtest ./internal/registrye2e
REPLAY_PKGS_RE := github.com/genolewm/obs/internal/\(payloadtest\|registrye2e\)
lint: bin/obslint bin/obsgraph bin/golangci-lint-custom
	./bin/obslint -ST1001=false -obsredact.unsafe=$(UNSAFE_OK) $$($(GO) list ./... | grep -v -x -e '$(REPLAY_PKGS_RE)')
	./bin/obslint -ST1001=false -obsredact.unsafe=$(UNSAFE_OK) -test=false $(REPLAY_PKGS)
	./bin/obsgraph ./...
	./bin/golangci-lint-custom run ./...

bin/obslint: $(LINT_SRC) go.mod go.sum
	$(GO) build -o $@ ./cmd/obslint

bin/obsgraph: $(LINT_SRC) go.mod go.sum
	$(GO) build -o $@ ./cmd/obsgraph

bin/golangci-lint-custom: $(LINT_SRC) go.mod go.sum tools/golangci-custom/main.go tools/golangci-custom/go.mod tools/golangci-custom/go.sum
	cd tools/golangci-custom && $(GO) build -o ../../bin/golangci-lint-custom .

## bin/genolewm-otelcol: the OpenTelemetry Collector (core v0.165.0) with the
## components of tools/otelcol/factories.go, the registry processor
## (tools/registryprocessor) among them; its own module, rebuilt only when
## it, the processor or the repository code the processor compiles in (the
## generated registry, the runtime, internal/) changes (the first build
## takes minutes)
OTELCOL_SRC := $(wildcard tools/otelcol/*.go) tools/otelcol/go.mod tools/otelcol/go.sum \
	$(shell find tools/registryprocessor generated runtime internal registry -name testdata -prune -o -type f \( -name '*.go' -o -name '*.yaml' -o -name go.mod -o -name go.sum \) ! -name '*_test.go' -print 2>/dev/null) \
	go.mod go.sum
bin/genolewm-otelcol: $(OTELCOL_SRC)
	cd tools/otelcol && $(GO) build -o ../../bin/genolewm-otelcol .

## bench-collector: the Collector pipeline with the registry processor
## beside the same pipeline with the stock redactionprocessor (docs/perf.md,
## "## Collector"); tools/otelcolbench is its own module
bench-collector:
	cd tools/otelcolbench && $(GO) run . -records 1000000 -rounds 3

## bench: the metric benchmarks beside prometheus/client_golang, serial and
## with 2 goroutines (docs/perf.md, "## Metrics"); bench/ is its own module
BENCH ?= ^Benchmark(CounterAdd|GaugeSet|HistogramObserve|LabelledCounter2?)(Parallel)?$$
bench:
	cd bench && $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -cpu 2 -count 10 -benchtime 100ms .

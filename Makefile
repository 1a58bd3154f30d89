# Quick start: `make` runs the main job, `make test` the tests.
GO ?= go
export PATH := $(shell $(GO) env GOPATH)/bin:$(PATH)

.PHONY: all generate check-generated build fmt vet test

all: generate check-generated build vet

## generate: regenerate generated/ and docs/api/ from registry/*.yaml
generate:
	$(GO) generate ./...

## check-generated: fail if generated files differ from the registry
check-generated:
	$(GO) run ./cmd/obsgen -check

build:
	$(GO) build ./...

## vet: gofmt and go vet must be clean
vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## test: the whole test suite, as CI runs it
test: check-generated vet
	$(GO) test -count=1 ./...

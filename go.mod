module github.com/genolewm/obs

go 1.26.0

require gopkg.in/yaml.v3 v3.0.1

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/golangci/plugin-module-register v0.1.2 // indirect
	github.com/kr/pretty v0.1.0 // indirect
	go.opentelemetry.io/otel v1.47.0 // indirect
	go.opentelemetry.io/otel/trace v1.47.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	gopkg.in/check.v1 v1.0.0-20180628173108-788fd7840127 // indirect
	honnef.co/go/tools v0.8.2 // indirect
)

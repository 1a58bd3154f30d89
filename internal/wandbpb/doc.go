// Package wandbpb holds Go types generated from wandb_internal.proto, the
// subset of W&B's transaction-log schema that the W&B sink writes. Only
// tests use it: they decode the sink's .wandb files with the official
// protobuf runtime and these types, independently of the sink's own
// encoder.
//
// The generated file is committed. Regenerate it with
//
//	go generate ./internal/wandbpb
//
// which needs protoc (Debian: apt-get install protobuf-compiler) and
// builds protoc-gen-go at the version go.mod requires; the package's tests
// regenerate it into a temporary folder and fail on any drift.
package wandbpb

//go:generate go run ./gen

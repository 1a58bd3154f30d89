// Command gen regenerates wandb_internal.pb.go from wandb_internal.proto:
// it builds protoc-gen-go at the version go.mod requires and runs protoc.
// With -out DIR it writes there instead (the drift test compares).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	out := flag.String("out", ".", "folder to write wandb_internal.pb.go to")
	flag.Parse()
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "wandbpb/gen:", err)
		os.Exit(1)
	}
}

// generate runs protoc on wandb_internal.proto in the current folder.
func generate(out string) error {
	protoc, err := exec.LookPath("protoc")
	if err != nil {
		return errors.New("protoc not found; install it (Debian: apt-get install protobuf-compiler)")
	}
	tmp, err := os.MkdirTemp("", "wandbpb-gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	plugin := filepath.Join(tmp, "protoc-gen-go")
	build := exec.Command("go", "build", "-o", plugin, "google.golang.org/protobuf/cmd/protoc-gen-go")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building protoc-gen-go: %w", err)
	}
	// Well-known types (timestamp.proto) come with protoc's own include
	// folder; Debian installs it at /usr/include.
	args := []string{"--plugin=protoc-gen-go=" + plugin, "-I", ".", "--go_out=" + out, "--go_opt=paths=source_relative", "wandb_internal.proto"}
	if _, err := os.Stat("/usr/include/google/protobuf/timestamp.proto"); err == nil {
		args = append([]string{"-I", "/usr/include"}, args...)
	}
	run := exec.Command(protoc, args...)
	run.Stdout, run.Stderr = os.Stdout, os.Stderr
	if err := run.Run(); err != nil {
		return fmt.Errorf("protoc: %w", err)
	}
	return nil
}

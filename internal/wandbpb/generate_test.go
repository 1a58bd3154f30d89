package wandbpb

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/genolewm/obs/internal/testenv"
)

// TestGeneratedUpToDate regenerates the Go types into a temporary folder
// and compares them with the committed file, ignoring only the line that
// names protoc's own version (a newer Debian protoc must not read as
// drift; protoc-gen-go's version is pinned by go.mod and compared).
func TestGeneratedUpToDate(t *testing.T) {
	if _, err := exec.LookPath("protoc"); err != nil {
		testenv.NeedTool(t, "protoc (apt-get install protobuf-compiler)")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./gen", "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("regenerating: %v\n%s", err, out)
	}
	fresh, err := os.ReadFile(filepath.Join(dir, "wandb_internal.pb.go"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("wandb_internal.pb.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dropProtocVersion(fresh), dropProtocVersion(committed)) {
		t.Error("wandb_internal.pb.go is stale: run go generate ./internal/wandbpb and commit it")
	}
}

func dropProtocVersion(b []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("// \tprotoc ")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}

package wandbrun

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/genolewm/obs/internal/wandbread"
)

// TestFinishEndsACutRun: a run cut off in the middle of a write (a torn
// last record) is kept up to its last whole record and ended with an
// exit record of the given code and W&B's final record; a second Finish
// changes nothing; a link is not followed.
func TestFinishEndsACutRun(t *testing.T) {
	start := time.Unix(1_800_000_000, 0)
	rows := make([][]byte, 0, 40)
	rows = append(rows, appendHeader(nil, 1), appendRun(nil, 2, &runInfo{id: "r", project: "p", start: start}))
	for i := int64(0); i < 38; i++ {
		rows = append(rows, appendHistory(nil, 3+i, i*100, []item{{name: "_step", value: []byte("0")}, {name: "pad", value: bytes.Repeat([]byte("1"), 2000)}}))
	}
	whole := logOf(rows...)
	torn := logOf(append(rows, appendHistory(nil, 99, 9900, []item{{name: "x", value: []byte("1")}}))...)
	path := filepath.Join(t.TempDir(), "run-r.wandb")
	if err := os.WriteFile(path, torn[:len(torn)-5], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Finish(path, 2, start.Add(90*time.Second)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, whole) {
		t.Fatal("Finish changed the whole records before the torn one")
	}
	f, err := wandbread.Parse(b)
	if err != nil {
		t.Fatalf("the ended run does not decode: %v", err)
	}
	n := len(f.Records)
	exit := f.Records[n-2].GetExit()
	if n != len(rows)+2 || exit == nil || exit.ExitCode != 2 || exit.Runtime != 90 || f.Records[n-1].GetFinal() == nil || f.Records[n-1].Num != int64(n) {
		t.Fatalf("%d records, ending %v %v", n, f.Records[n-2], f.Records[n-1])
	}
	if err := Finish(path, 3, time.Now()); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, b) {
		t.Error("a second Finish changed a run that already ends with its exit record")
	}
	link := filepath.Join(t.TempDir(), "link.wandb")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := Finish(link, 2, time.Now()); err == nil {
		t.Error("Finish followed a symbolic link")
	}
}

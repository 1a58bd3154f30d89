package wandbrun

import (
	"strings"
	"testing"
)

// TestWalkObject reads keys and raw values in place, strings with escapes
// and nested values included, and refuses what is not an object.
func TestWalkObject(t *testing.T) {
	b := []byte(`{"a":1,"b":"x\"},{","c":{"d":[1,{"e":"]"}]},"f":-2.5e-3,"g":true,"h":"NaN"}`)
	var got []string
	if !walkObject(b, func(k, v []byte) bool { got = append(got, string(k)+"="+string(v)); return true }) {
		t.Fatal("a well-formed object is refused")
	}
	want := `a=1|b="x\"},{"|c={"d":[1,{"e":"]"}]}|f=-2.5e-3|g=true|h="NaN"`
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
	for _, bad := range []string{``, `[]`, `{"a"}`, `{"a":}`, `{"a":"x}`, `{"a":1 "b":2}`, `{"a":{"b":1}`} {
		if walkObject([]byte(bad), func(k, v []byte) bool { return true }) {
			t.Errorf("%q is accepted", bad)
		}
	}
	if walkObject([]byte(`{}`), func(k, v []byte) bool { t.Error("a key in {}"); return true }) != true {
		t.Error("{} is refused")
	}
	line := []byte(`{"ts":"2026-05-20T15:42:01.123Z","severity":"debug","event":"training.step","run_id":"r","step":12345,"data":{"step":7}}` + "\n")
	if n, ok := recordStep(line); !ok || n != 12345 {
		t.Errorf("recordStep = %d, %v", n, ok)
	}
	if _, ok := recordStep([]byte(`{"ts":"t","event":"e","data":{"step":7}}`)); ok {
		t.Error("a data key named step is taken for the record's step")
	}
}

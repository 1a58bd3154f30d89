package tracing_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"google.golang.org/protobuf/proto"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/dna/dnatest"
	"github.com/genolewm/obs/runtime/internal/tracing"
)

// canonBases is what a reader would take the bases of s to be:
// compatibility forms folded (NFKC), format characters, combining marks
// and separators removed, ASCII letters only, in upper case.
func canonBases(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if r < 0x80 && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// TestDisguisedDNASpanAttributes: through a real OTLP receiver, every
// disguise of internal/dna's must-drop corpus set as a registered string
// attribute (training.step phase, inference.score model) is dropped and
// counted, and none of its bases is in the exported bytes; the must-keep
// corpus arrives unchanged.
func TestDisguisedDNASpanAttributes(t *testing.T) {
	rcv := startReceiver(t, "", false)
	t.Setenv(tracing.EndpointEnv, rcv.endpoint())
	ctx := context.Background()
	p, err := tracing.Setup(ctx, tracing.Options{Registry: events.Registry(), ServiceName: "genolewm-test", RunID: "run-trace-1"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range dnatest.MustDrop {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		sctx, step := startTrainingStep(p, ctx, int64(i))
		step.SetString("phase", dnatest.MustDrop[name])
		_, score := p.Start(sctx, span("inference.score"))
		score.SetString("model", dnatest.MustDrop[name])
		score.End()
		step.End()
	}
	var keep []string
	for name := range dnatest.MustKeep {
		keep = append(keep, name)
	}
	sort.Strings(keep)
	for _, name := range keep {
		_, score := p.Start(ctx, span("inference.score"))
		score.SetString("model", dnatest.MustKeep[name])
		score.End()
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	st := p.Stats()
	if want := uint64(2 * len(names)); st.AttributesDropped != want {
		t.Errorf("AttributesDropped = %d, want %d (two per disguise)", st.AttributesDropped, want)
	}
	spans := rcv.receivedSpans()
	if len(spans) != 2*len(names)+len(keep) {
		t.Fatalf("received %d spans, want %d", len(spans), 2*len(names)+len(keep))
	}
	kept := map[string]bool{}
	var wire []byte
	for _, s := range spans {
		b, err := proto.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name == "training.step" || len(s.ParentSpanId) > 0 {
			// The spans that carried a disguise; the must-keep corpus has
			// spaced IUPAC letters of its own.
			wire = append(wire, b...)
		}
		a := attrMap(s.Attributes)
		switch {
		case s.Name == "training.step" && a["phase"] != nil:
			t.Errorf("training.step kept phase %q", a["phase"].GetStringValue())
		case s.Name == "inference.score" && a["model"] != nil:
			kept[a["model"].GetStringValue()] = true
		}
	}
	for _, name := range keep {
		if !kept[dnatest.MustKeep[name]] {
			t.Errorf("must-keep %s did not arrive unchanged", name)
		}
	}
	if len(kept) != len(keep) {
		t.Errorf("%d model attributes arrived, want the %d must-keep values only", len(kept), len(keep))
	}
	exported := canonBases(string(wire))
	for _, name := range names {
		d := dnatest.MustDrop[name]
		bases := canonBases(d)
		if strings.Contains(string(wire), d) || strings.Contains(exported, bases[:12]) || strings.Contains(exported, bases[len(bases)-12:]) {
			t.Errorf("%s: bases in the exported spans", name)
		}
	}
}

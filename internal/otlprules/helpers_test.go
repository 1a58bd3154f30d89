package otlprules_test

import (
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/registry"
)

const seq = "GATTACAGCTTGACCGTANGCATG"

func table(t testing.TB) *otlprules.Table {
	t.Helper()
	reg, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := otlprules.Compile(otlprules.SpecFromRegistry(reg))
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func engine(t testing.TB, mode otlprules.Mode) *otlprules.Engine {
	t.Helper()
	e, err := otlprules.NewEngine(table(t), otlprules.Options{Mode: mode, EventNameAttribute: "event.name"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// findings records what the engine found.
type findings struct {
	mu   sync.Mutex
	list []otlprules.Finding
	seen map[otlprules.Signal][]int
}

func (f *findings) Found(x *otlprules.Finding) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, *x)
}

func (f *findings) Seen(s otlprules.Signal, item int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen == nil {
		f.seen = map[otlprules.Signal][]int{}
	}
	f.seen[s] = append(f.seen[s], item)
}

// rules lists the findings as "rule part" strings, refusals as
// "refused:rule".
func (f *findings) rules() []string {
	var out []string
	for _, x := range f.list {
		if x.Refused {
			out = append(out, "refused:"+x.Rule.String())
		} else {
			out = append(out, x.Rule.String()+" "+x.Part.String())
		}
	}
	return out
}

func (f *findings) String() string { return strings.Join(f.rules(), ", ") }

// logRecord builds one record of event with the registered severity
// number sev and attributes attrs.
func logRecord(event string, sev plog.SeverityNumber, attrs map[string]any) (plog.Logs, plog.LogRecord) {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "trainer")
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("trainer.py")
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName(event)
	lr.SetSeverityNumber(sev)
	if err := lr.Attributes().FromRaw(attrs); err != nil {
		panic(err)
	}
	return ld, lr
}

func records(ld plog.Logs) []plog.LogRecord {
	var out []plog.LogRecord
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				out = append(out, lr)
			}
		}
	}
	return out
}

func raw(m pcommon.Map) map[string]any { return m.AsRaw() }

func mustDefault(t testing.TB) *registry.Registry {
	t.Helper()
	reg, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

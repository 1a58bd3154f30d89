package otlptable_test

import (
	"reflect"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/registry"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/otlptable"
)

// The generated tables and the registry files they were generated from
// give the same rules: one source of truth, whichever the processor is
// configured with.
func TestGeneratedTablesEqualRegistryFiles(t *testing.T) {
	fromTables, err := otlptable.SpecOf(events.Registry())
	if err != nil {
		t.Fatal(err)
	}
	reg, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	fromFiles := otlprules.SpecFromRegistry(reg)
	if !reflect.DeepEqual(fromTables, fromFiles) {
		t.Errorf("the generated tables and registry/*.yaml disagree:\n tables %+v\n files  %+v", fromTables, fromFiles)
	}
	if len(fromTables.Spans) == 0 || len(fromTables.Metrics) == 0 || len(fromTables.DenyKeys) == 0 {
		t.Errorf("an empty part: %d spans, %d metrics, %d deny keys", len(fromTables.Spans), len(fromTables.Metrics), len(fromTables.DenyKeys))
	}
	if _, err := otlprules.Compile(fromTables); err != nil {
		t.Error(err)
	}
}

// The rule engine numbers and names what the filter does alike.
func TestRulesAgreeWithTheFilter(t *testing.T) {
	names := otlprules.RuleNames()
	for i, n := range schema.RuleNames {
		if names[i] != n || filter.Rule(i).String() != n {
			t.Errorf("rule %d: otlprules %q, filter %q, schema %q", i, names[i], filter.Rule(i), n)
		}
	}
	if otlprules.MaxList != filter.DefaultMaxList || otlprules.MaxMap != filter.DefaultMaxMap || otlprules.MaxString != filter.MaxString {
		t.Errorf("size caps: otlprules %d/%d/%d, filter %d/%d/%d", otlprules.MaxList, otlprules.MaxMap, otlprules.MaxString,
			filter.DefaultMaxList, filter.DefaultMaxMap, filter.MaxString)
	}
	for k := schema.Int; k <= schema.BoolMap; k++ {
		if otlprules.Kind(k).String() != k.String() {
			t.Errorf("kind %d: otlprules %s, schema %s", k, otlprules.Kind(k), k)
		}
	}
	for s := schema.Debug; s <= schema.Error; s++ {
		if otlprules.Severity(s).String() != s.String() {
			t.Errorf("severity %d: otlprules %s, schema %s", s, otlprules.Severity(s), s)
		}
	}
}

func TestRefusedRegistry(t *testing.T) {
	if _, err := otlptable.Of(nil); err == nil {
		t.Error("a nil registry was accepted")
	}
	bad := schema.Compile(&schema.Spec{Version: "1.0.0"}, nil)
	if _, err := otlptable.Of(bad); err == nil {
		t.Error("a refused registry was accepted")
	}
}

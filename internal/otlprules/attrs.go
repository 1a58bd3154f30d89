package otlprules

import (
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/genolewm/obs/internal/dna"
)

// The key rules, as the Go filter applies them to a dynamic payload
// (runtime/internal/filter, dynamic.go and writer.go), on OTLP values:
//
//  1. deny: a personal-data key, in any case;
//  2. allowlist: a key not registered for the event (or span), or the
//     same key a second time;
//  3. type: a value that is not of the key's registered type: a scalar,
//     a list of scalars or a shallow map of scalars. An int is a float
//     (the filter converts it; so does the Engine). Bytes, empty values
//     and nested lists or maps are never a registered type;
//  4. size, for lists and maps longer than MaxList or MaxMap, checked
//     before their elements as the filter does;
//  5. dna: a string holding sequence data (internal/dna), in a value, a
//     list element, a map key or a map value;
//  6. value: a categorical key's value (or list element) outside its set.
//
// A map whose keys include a personal-data key is dropped under deny.

// dataVerdict judges value v of allowlisted field f.
func (t *Table) dataVerdict(f *field, v pcommon.Value) (Rule, bool) {
	k := f.kind
	switch {
	case k.IsList():
		if v.Type() != pcommon.ValueTypeSlice {
			return RuleType, false
		}
		s := v.Slice()
		if s.Len() > MaxList {
			return RuleSize, false
		}
		elem := k.Scalar()
		for i := 0; i < s.Len(); i++ {
			if !scalarOK(elem, s.At(i)) {
				return RuleType, false
			}
		}
		if elem != String {
			return 0, true
		}
		for i := 0; i < s.Len(); i++ {
			if dna.Has(s.At(i).Str()) {
				return RuleDNA, false
			}
		}
		for i := 0; i < s.Len(); i++ {
			if !f.allows(s.At(i).Str()) {
				return RuleValue, false
			}
		}
		return 0, true
	case k.IsMap():
		if v.Type() != pcommon.ValueTypeMap {
			return RuleType, false
		}
		m := v.Map()
		if m.Len() > MaxMap {
			return RuleSize, false
		}
		elem := k.Scalar()
		rule, ok := Rule(0), true
		m.Range(func(key string, mv pcommon.Value) bool {
			if !scalarOK(elem, mv) {
				rule, ok = RuleType, false
			}
			return ok
		})
		if !ok {
			return rule, false
		}
		m.Range(func(key string, _ pcommon.Value) bool {
			if t.denied(key) {
				rule, ok = RuleDeny, false
			}
			return ok
		})
		if !ok {
			return rule, false
		}
		m.Range(func(key string, mv pcommon.Value) bool {
			if dna.Has(key) || elem == String && dna.Has(mv.Str()) {
				rule, ok = RuleDNA, false
			}
			return ok
		})
		return rule, ok
	}
	if !scalarOK(k, v) {
		return RuleType, false
	}
	if k == String {
		s := v.Str()
		if dna.Has(s) {
			return RuleDNA, false
		}
		if !f.allows(s) {
			return RuleValue, false
		}
	}
	return 0, true
}

// scalarOK reports whether v is a value of scalar kind k.
func scalarOK(k Kind, v pcommon.Value) bool {
	switch v.Type() {
	case pcommon.ValueTypeInt:
		return k == Int || k == Float
	case pcommon.ValueTypeDouble:
		return k == Float
	case pcommon.ValueTypeStr:
		return k == String
	case pcommon.ValueTypeBool:
		return k == Bool
	}
	return false
}

// normalize gives an accepted value of kind k the form the filter writes:
// an int of a float key becomes a double, and a string longer than
// MaxString is cut at a rune boundary and marked.
func normalize(k Kind, v pcommon.Value) {
	switch {
	case k.IsList():
		s := v.Slice()
		for i := 0; i < s.Len(); i++ {
			normalize(k.Scalar(), s.At(i))
		}
	case k.IsMap():
		v.Map().Range(func(_ string, mv pcommon.Value) bool {
			normalize(k.Scalar(), mv)
			return true
		})
	case k == Float:
		if v.Type() == pcommon.ValueTypeInt {
			v.SetDouble(float64(v.Int()))
		}
	case k == String:
		if s := v.Str(); len(s) > MaxString {
			v.SetStr(truncate(s))
		}
	}
}

// truncate cuts s as the filter's encoder does.
func truncate(s string) string {
	cut := MaxString
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncMark
}

// maxDepth bounds how deep the free-form check follows nested values, so
// that hostile nesting cannot exhaust the stack; deeper is dropped.
const maxDepth = 16

// freeVerdict judges an attribute that no allowlist covers (resource,
// scope and metric metadata attributes): its key must not be a
// personal-data key nor hold DNA, no string inside its value may hold
// DNA, and bytes, which the filter never writes, are dropped.
func (t *Table) freeVerdict(key string, v pcommon.Value) (Rule, bool) {
	if t.denied(key) {
		return RuleDeny, false
	}
	if dna.Has(key) {
		return RuleDNA, false
	}
	return t.freeValue(v, 0)
}

func (t *Table) freeValue(v pcommon.Value, depth int) (Rule, bool) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if dna.Has(v.Str()) {
			return RuleDNA, false
		}
	case pcommon.ValueTypeBytes:
		return RuleType, false
	case pcommon.ValueTypeSlice:
		if depth >= maxDepth {
			return RuleSize, false
		}
		s := v.Slice()
		for i := 0; i < s.Len(); i++ {
			if r, ok := t.freeValue(s.At(i), depth+1); !ok {
				return r, false
			}
		}
	case pcommon.ValueTypeMap:
		if depth >= maxDepth {
			return RuleSize, false
		}
		rule, ok := Rule(0), true
		v.Map().Range(func(k string, mv pcommon.Value) bool {
			rule, ok = t.freeVerdictAt(k, mv, depth+1)
			return ok
		})
		return rule, ok
	}
	return 0, true
}

func (t *Table) freeVerdictAt(key string, v pcommon.Value, depth int) (Rule, bool) {
	if t.denied(key) {
		return RuleDeny, false
	}
	if dna.Has(key) {
		return RuleDNA, false
	}
	return t.freeValue(v, depth)
}

// freeAttrs applies the free-form rules to every attribute of m: each
// offending one is reported on c, and removed when the Engine drops keys.
// It returns the first rule that tripped and whether none did.
func (c *check) freeAttrs(m pcommon.Map, p Part) (Rule, bool) {
	t := c.e.t
	first, clean := Rule(0), true
	judge := func(k string, v pcommon.Value) bool {
		r, ok := t.freeVerdict(k, v)
		if !ok {
			if clean {
				first, clean = r, false
			}
			c.key(r, p, k)
		}
		return ok
	}
	c.e.eachAttr(m, judge)
	return first, clean
}

// eachAttr runs judge on every attribute of m and, when the Engine drops
// keys, removes those it refuses.
func (e *Engine) eachAttr(m pcommon.Map, judge func(string, pcommon.Value) bool) {
	if e.dropKeys() {
		m.RemoveIf(func(k string, v pcommon.Value) bool { return !judge(k, v) })
		return
	}
	m.Range(func(k string, v pcommon.Value) bool {
		judge(k, v)
		return true
	})
}

// dataKey applies the allowlist, type, size, DNA and value rules to
// attribute k of allowlist fs (the deny rule has run); written has bit i
// set for each key i kept, so that a second copy of a key is dropped.
func (c *check) dataKey(fs fields, k string, v pcommon.Value, p Part, written *uint64) bool {
	i := fs.index(k)
	if i < 0 || *written&(1<<uint(i)) != 0 {
		c.key(RuleAllowlist, p, k)
		return false
	}
	if r, ok := c.e.t.dataVerdict(&fs[i], v); !ok {
		c.key(r, p, k)
		return false
	}
	*written |= 1 << uint(i)
	if c.e.mutate() {
		normalize(fs[i].kind, v)
	}
	return true
}

// freeString applies the DNA rule to a free-form string field (a scope
// name, a schema URL, a trace state); clear empties it when the Engine
// drops keys.
func (c *check) freeString(s string, p Part, clear func()) (Rule, bool) {
	if !dna.Has(s) {
		return 0, true
	}
	c.key(RuleDNA, p, "")
	if c.e.dropKeys() {
		clear()
	}
	return RuleDNA, false
}

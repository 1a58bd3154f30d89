package observe_test

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/observe"
)

// TestMain raises rapid's default of 100 cases per property: 22 events x
// 5,000 random payloads is over 100,000 payloads per run, as CI requires.
// dnaish generates strings that often hold DNA runs, around and inside
// other text, in either case.
func dnaish() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.String(),
		rapid.StringMatching(`[ACGTNacgtn]{15,30}`),
		rapid.StringMatching(`[a-z0-9_ ]{0,8}[ACGTNacgtn]{18,25}[a-z0-9_ ]{0,8}`),
		rapid.StringMatching(`[a-z_]{1,12}`),
		disguised(),
	)
}

// disguised generates the disguises of a run that the DNA rule catches,
// around 20 letters so that both sides of the threshold are drawn: RNA,
// IUPAC codes inside a run, format characters or combining marks between
// the bases, fullwidth letters, single separators between the bases (or
// between groups of them), and mixtures.
func disguised() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		alphabet := rapid.SampledFrom([]string{"ACGTN", "ACGU", "ACGTURYKMSWBDHVN", "acgtun"}).Draw(t, "alphabet")
		n := rapid.IntRange(17, 26).Draw(t, "letters")
		between := rapid.SampledFrom([]string{"", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u200e", "\u0305",
			" ", "-", ".", "_", "/", "|", "\t", "\u00a0", "\u3000"}).Draw(t, "between")
		every := rapid.IntRange(1, 4).Draw(t, "group")
		wide := rapid.Bool().Draw(t, "fullwidth")
		var b strings.Builder
		b.WriteString(rapid.StringMatching(`[a-z0-9=:]{0,6}`).Draw(t, "prefix"))
		for i := 0; i < n; i++ {
			if i > 0 && i%every == 0 {
				b.WriteString(between)
			}
			c := rune(alphabet[rapid.IntRange(0, len(alphabet)-1).Draw(t, "base")])
			if wide && c >= 'A' && c <= 'Z' {
				c += 'Ａ' - 'A'
			} else if wide && c >= 'a' && c <= 'z' {
				c += 'ａ' - 'a'
			}
			b.WriteRune(c)
		}
		b.WriteString(rapid.StringMatching(`[0-9=;]{0,6}`).Draw(t, "suffix"))
		return b.String()
	})
}

// scalar draws any value a caller might pass: registered types, wrong
// types, bytes, nested values and nils.
func anyValue(t *rapid.T, depth int) any {
	choices := 10
	if depth > 1 {
		choices = 7
	}
	switch rapid.IntRange(0, choices-1).Draw(t, "kind") {
	case 0:
		return rapid.Int64().Draw(t, "int")
	case 1:
		return rapid.Float64().Draw(t, "float")
	case 2:
		return dnaish().Draw(t, "string")
	case 3:
		return rapid.Bool().Draw(t, "bool")
	case 4:
		return []byte(dnaish().Draw(t, "bytes"))
	case 5:
		return nil
	case 6:
		return rapid.SliceOfN(rapid.Float32(), 0, 4).Draw(t, "tensor")
	case 7:
		return rapid.SliceOfN(dnaish(), 0, 4).Draw(t, "strings")
	case 8:
		n := rapid.IntRange(0, 3).Draw(t, "n")
		m := map[string]any{}
		for i := 0; i < n; i++ {
			m[dnaish().Draw(t, "mkey")] = anyValue(t, depth+1)
		}
		return m
	default:
		n := rapid.IntRange(0, 3).Draw(t, "n")
		l := make([]any, n)
		for i := range l {
			l[i] = anyValue(t, depth+1)
		}
		return l
	}
}

// TestRandomPayloads asserts INV-OBS-4 and the allowlist on the encoded
// bytes of every record written for random payloads of every event, in
// strict and non-strict mode.
func TestRandomPayloads(t *testing.T) {
	for _, ev := range allEvents() {
		t.Run(ev.Name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				strict := rapid.Bool().Draw(rt, "strict")
				l, sink := newLogger(rt, strict, observe.Debug)
				payload := map[string]any{}
				for _, f := range ev.Fields {
					if rapid.Bool().Draw(rt, "include "+f.Name) {
						if rapid.Bool().Draw(rt, "valid "+f.Name) {
							payload[f.Name] = validFor(f)
						} else {
							payload[f.Name] = anyValue(rt, 0)
						}
					}
				}
				for i := rapid.IntRange(0, 3).Draw(rt, "extra"); i > 0; i-- {
					k := rapid.OneOf(dnaish(), rapid.SampledFrom(events.Registry().DenyKeys())).Draw(rt, "key")
					payload[k] = anyValue(rt, 0)
				}
				_ = emit(l, ev, payload)
				for _, line := range sink.take() {
					rec := decode(rt, line)
					allStrings(rec, func(s string) {
						if hasDNA(s) {
							rt.Fatalf("INV-OBS-4: DNA in record: %s", line)
						}
					})
					written := lookup(rec["event"].(string))
					for k, v := range rec["data"].(map[string]any) {
						if written.FieldIndex(k) < 0 || events.Registry().Denied(k) {
							rt.Fatalf("key %q is not allowlisted for %s: %s", k, written.Name, line)
						}
						if f := written.Fields[written.FieldIndex(k)]; f.Values != nil && !inValues(f, v) {
							rt.Fatalf("categorical key %q holds a value outside its set: %s", k, line)
						}
					}
				}
			})
		})
	}
}

// inValues reports whether a decoded value of a categorical key (a string
// or a list of strings) is in its value set.
func inValues(f schema.Field, v any) bool {
	in := func(s any) bool {
		for _, a := range f.Values {
			if s == a {
				return true
			}
		}
		return false
	}
	if l, ok := v.([]any); ok {
		for _, s := range l {
			if !in(s) {
				return false
			}
		}
		return true
	}
	return in(v)
}

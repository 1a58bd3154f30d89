package wandbrun

import (
	"bytes"
	"encoding/json"
	"unicode"
	"unicode/utf8"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// The filter writes a float that is NaN or infinite as the string "NaN",
// "Infinity" or "-Infinity" (the protobuf JSON mapping); W&B's value_json
// is extended JSON, where they are the bare words NaN, Infinity and
// -Infinity, which both of its readers (Go's simplejsonext, Python's json)
// parse as numbers. Everything else the filter wrote is JSON already and
// is kept byte for byte.
var nonFinite = map[string]string{`"NaN"`: "NaN", `"Infinity"`: "Infinity", `"-Infinity"`: "-Infinity"}

// valueJSON returns the W&B value of raw, a data value of kind k, or false
// when it is not what the kind says (nothing is forwarded then).
func valueJSON(k schema.Kind, raw []byte) ([]byte, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !utf8.Valid(raw) {
		return nil, false
	}
	switch k {
	case schema.Float:
		if w, ok := nonFinite[string(raw)]; ok {
			return []byte(w), true
		}
		return raw, raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'
	case schema.FloatList:
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			return nil, false
		}
		return joinFloats(elems, nil), true
	case schema.FloatMap:
		return floatMap(raw)
	}
	return raw, true
}

// joinFloats writes a JSON array of floats, or the object with keys.
func joinFloats(vals []json.RawMessage, keys []string) []byte {
	open, end := byte('['), byte(']')
	if keys != nil {
		open, end = '{', '}'
	}
	b := []byte{open}
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		if keys != nil {
			k, _ := json.Marshal(keys[i])
			b = append(append(b, k...), ':')
		}
		if w, ok := nonFinite[string(bytes.TrimSpace(v))]; ok {
			b = append(b, w...)
		} else {
			b = append(b, bytes.TrimSpace(v)...)
		}
	}
	return append(b, end)
}

// floatMap keeps the filter's key order (decoding into a Go map would
// lose it).
func floatMap(raw json.RawMessage) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		t, err := dec.Token()
		k, ok := t.(string)
		if err != nil || !ok {
			return nil, false
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return nil, false
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	if keys == nil {
		keys = []string{}
	}
	return joinFloats(vals, keys), true
}

// maxNameBytes bounds an item name made from a record's value (the
// naming key of training.metric, say): W&B keys are short.
const maxNameBytes = 128

// nameValue returns the string a naming key holds, when it can name an
// item: 1 to 128 bytes, no control or format characters. It already
// passed the redaction filter, DNA rule included.
func nameValue(raw []byte) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil || s == "" || len(s) > maxNameBytes {
		return "", false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return "", false
		}
	}
	return s, true
}

package registry

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Node is embedded in every registry entry: it records where the entry and
// each of its keys stand in the file, so that validation can point at the
// exact line.
type Node struct {
	Pos  Pos
	keys map[string]Pos
}

// At returns the position of key's value, or of the entry if key is absent.
func (n *Node) At(key string) Pos {
	if p, ok := n.keys[key]; ok {
		return p
	}
	return n.Pos
}

// Has reports whether key was written in the file.
func (n *Node) Has(key string) bool {
	_, ok := n.keys[key]
	return ok
}

// Ident is a scalar string with its position, for list items that are
// references (deny keys, error codes, label values).
type Ident struct {
	Value string
	Pos   Pos
}

var (
	nodeType  = reflect.TypeOf(Node{})
	identType = reflect.TypeOf(Ident{})
)

// decoder fills Go values from a yaml.Node tree, rejecting unknown keys.
// yaml.v3's own KnownFields does not apply through Node.Decode, and we need
// positions of every key anyway, so the walk is done here.
type decoder struct {
	file string
	errs *errs
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Col: n.Column} }

func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		d.errs.add(d.pos(n), "write the value out in full", "YAML aliases are not allowed in a registry")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Tag == "!!null" {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem())
	case reflect.Struct:
		if v.Type() == identType {
			if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
				d.errs.add(d.pos(n), "write a plain string", "expected a string, found %s", describe(n))
				return
			}
			v.Set(reflect.ValueOf(Ident{Value: n.Value, Pos: d.pos(n)}))
			return
		}
		d.decodeStruct(n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errs.add(d.pos(n), "write a YAML list", "expected a list, found %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i))
		}
		v.Set(s)
	default:
		d.decodeScalar(n, v)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errs.add(d.pos(n), "write a YAML mapping (key: value)", "expected a mapping, found %s", describe(n))
		return
	}
	t := v.Type()
	fields := map[string]int{}
	var known []string
	node := -1
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == nodeType && f.Anonymous {
			node = i
			continue
		}
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = i
		known = append(known, tag)
	}
	var nd *Node
	if node >= 0 {
		nd = v.Field(node).Addr().Interface().(*Node)
		nd.Pos = d.pos(n)
		nd.keys = map[string]Pos{}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.errs.add(d.pos(k), "keep one of them", "key %q is written twice in this mapping", k.Value)
			continue
		}
		seen[k.Value] = true
		idx, ok := fields[k.Value]
		if !ok {
			d.errs.add(d.pos(k), "allowed keys here: "+strings.Join(known, ", "), "unknown key %q", k.Value)
			continue
		}
		if nd != nil {
			nd.keys[k.Value] = d.pos(val)
		}
		d.decode(val, v.Field(idx))
	}
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.ScalarNode {
		d.errs.add(d.pos(n), "write a single value", "expected a %s, found %s", kindWord(v.Kind()), describe(n))
		return
	}
	want := map[reflect.Kind][]string{
		reflect.String:  {"!!str"},
		reflect.Bool:    {"!!bool"},
		reflect.Int:     {"!!int"},
		reflect.Float64: {"!!float", "!!int"},
	}[v.Kind()]
	ok := false
	for _, tag := range want {
		ok = ok || n.Tag == tag
	}
	if !ok {
		d.errs.add(d.pos(n), "quote it if you meant a string", "expected a %s, found %s", kindWord(v.Kind()), describe(n))
		return
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		d.errs.add(d.pos(n), "", "%v", err)
	}
}

func kindWord(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean (true or false)"
	case reflect.Int:
		return "whole number"
	case reflect.Float64:
		return "number"
	}
	return k.String()
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!null":
			return "nothing (null)"
		}
		return fmt.Sprintf("%s %s", strings.TrimPrefix(n.Tag, "!!"), n.Value)
	}
	return "an alias"
}

// parseYAML parses data as one YAML document and decodes it strictly into v.
func parseYAML(file string, data []byte, v any, e *errs) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		// yaml.v3 errors read "yaml: line N: msg"; keep the line.
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		e.add(Pos{File: file, Line: line, Col: 1}, "fix the YAML syntax", "%s", msg)
		return
	}
	if len(root.Content) == 0 {
		e.add(Pos{File: file, Line: 1, Col: 1}, "see the committed registry for the layout", "the file is empty")
		return
	}
	(&decoder{file: file, errs: e}).decode(&root, reflect.ValueOf(v).Elem())
}

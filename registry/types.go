package registry

import (
	"fmt"
	"strings"
)

// Scalar is the type of a data value or of a list or map element.
type Scalar int

const (
	Int Scalar = iota + 1
	Float
	String
	Bool
)

var scalarNames = map[string]Scalar{"int": Int, "float": Float, "string": String, "bool": Bool}

func (s Scalar) String() string {
	for n, v := range scalarNames {
		if v == s {
			return n
		}
	}
	return fmt.Sprintf("Scalar(%d)", int(s))
}

// Shape is scalar, list of scalars or shallow map of scalars.
type Shape int

const (
	ScalarShape Shape = iota + 1
	ListShape
	MapShape
)

// FieldType is a parsed data field type such as "float" or "list[string]".
type FieldType struct {
	Shape Shape
	Elem  Scalar
}

func (t FieldType) String() string {
	switch t.Shape {
	case ListShape:
		return "list[" + t.Elem.String() + "]"
	case MapShape:
		return "map[" + t.Elem.String() + "]"
	}
	return t.Elem.String()
}

// ParseFieldType parses int, float, string, bool, list[T] or map[T].
func ParseFieldType(s string) (FieldType, error) {
	shape, inner := ScalarShape, s
	for prefix, sh := range map[string]Shape{"list[": ListShape, "map[": MapShape} {
		if strings.HasPrefix(s, prefix) && strings.HasSuffix(s, "]") {
			shape, inner = sh, s[len(prefix):len(s)-1]
		}
	}
	elem, ok := scalarNames[inner]
	if !ok {
		return FieldType{}, fmt.Errorf("unknown type %q", s)
	}
	return FieldType{Shape: shape, Elem: elem}, nil
}

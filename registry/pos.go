package registry

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a registry file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem in a registry file: where it is, what is wrong and
// what to do about it.
type Error struct {
	Pos  Pos
	Msg  string
	Hint string
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: %s; %s", e.Pos, e.Msg, e.Hint)
}

// ErrorList is every problem found in one load, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// errs collects problems while decoding and validating.
type errs struct{ list ErrorList }

func (e *errs) add(p Pos, hint, format string, args ...any) {
	e.list = append(e.list, &Error{Pos: p, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

func (e *errs) err() error {
	if len(e.list) == 0 {
		return nil
	}
	e.list.sort()
	return e.list
}

// Package asm does what only the trusted base (-unsafe) may: assembly,
// package plugin and unsafe.
package asm

import (
	"plugin" // want `package plugin loads code that the whole-program check does not see`
	"unsafe"
)

var _ = plugin.Open

// add is implemented in add_amd64.s.
func add(a, b int) int // want `function add has no body: it is implemented in assembly`

func size() uintptr { return unsafe.Sizeof(0) } // ok: a constant

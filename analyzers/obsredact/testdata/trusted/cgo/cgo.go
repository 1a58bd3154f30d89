// Package cgo uses C, which only the trusted base (-unsafe) may.
package cgo // want `cgo: C code can write any memory`

// int twice(int x) { return 2 * x; }
import "C"

func twice(x int) int { return int(C.twice(C.int(x))) }

// Package none sees no registry.
package none

func f() {}

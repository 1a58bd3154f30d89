package gen

import "testing"

// The in-package tests of a generated package belong to it: no
// diagnostic here either.
func TestDescs(t *testing.T) {
	_ = append(descs, descs[0])
}

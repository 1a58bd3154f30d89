// Package fakeowner stands for the registry compiler (-owners).
package fakeowner

import "example.com/lintcase/fake"

// Compile makes the families of a registry.
func Compile(ds []fake.Desc) []*fake.Family {
	var out []*fake.Family
	for i := range ds {
		out = append(out, fake.NewFamily(&ds[i]))
	}
	return out
}

package main

import "testing"

func TestBuildTags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{"-tags", "planted", "./..."}, "planted", true},
		{[]string{"-ST1001=false", "--tags=a,b", "./..."}, "a,b", true},
		{[]string{"-registry", "dir", "-tags", "x", "./..."}, "x", true},
		{[]string{"--", "-tags", "x"}, "", false},
		{[]string{"-obsevent", "./..."}, "", false},
	} {
		got, ok := buildTags(tc.args)
		if got != tc.want || ok != tc.ok {
			t.Errorf("buildTags(%q) = %q, %v; want %q, %v", tc.args, got, ok, tc.want, tc.ok)
		}
	}
}

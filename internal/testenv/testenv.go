// Package testenv lets tests that need a real external tool (node_exporter,
// strace, the custom golangci-lint) skip on a developer machine without it,
// but fail in CI, where .ci/run installs every one of them: a skip there
// would hide that the real component never ran.
package testenv

import (
	"os"
	"testing"
)

// NeedTool skips t with reason, or fails it when CI is set (the CI runner
// sets CI=true).
func NeedTool(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI must run this test, but: %s", reason)
	}
	t.Skip(reason)
}

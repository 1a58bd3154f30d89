// Package stderr is the one place where the runtime names the process's
// standard error. Library code never prints (spec Principle 1): it writes
// to the Diagnostics writer the program gives. The crash wrapper and the
// signal handler (observe.Main) are the exception the spec requires: when
// a program crashes or is stopped there is no caller left to hand a
// writer, and the issue-11 contract is one sanitized line on stderr
// ("crash recorded (CODE) in FILE", "SIGTERM: run interrupted"), which
// only ever holds a code, a path the configuration chose and a signal
// name, never data. Keeping the name here makes that exception one line
// that the noprint linter reports, to be exempted by name.
package stderr

import "os"

// File is the process's standard error, for observe.Main and the crash
// monitor it starts.
var File = os.Stderr

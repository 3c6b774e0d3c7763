// Package long tells tests whether to make their longest stress runs in
// full. The plain `go test ./...` is a developer's loop and makes them
// short; `go test -tags long ./...` (which .ci/run runs too) makes them in
// full. docs/development.md lists them and how long each takes.
package long

import "testing"

// Skip skips t unless the build has the tag long; why says what it would
// have run.
func Skip(t testing.TB, why string) {
	t.Helper()
	if !Run {
		t.Skip(why + " (runs with -tags long)")
	}
}

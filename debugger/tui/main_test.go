package tui

import (
	"os"
	"testing"

	"cpu32/internal/tmuxtest"
)

// TestMain removes the binary the end-to-end tests built, once, for all of
// them (tmuxtest.Build).
func TestMain(m *testing.M) {
	os.Exit(tmuxtest.Main(m))
}

// Package samefile tells whether two names are one file, so that no
// command writes its output over one of its inputs: asm -o, run
// --profile-out and the REPL's .save ask it alike.
package samefile

import (
	"os"
	"path/filepath"
)

// Is reports whether a and b name the same file: the same name once
// cleaned (a file not there yet included), or one existing file by two
// names, through a symbolic link or a hard link.
func Is(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}

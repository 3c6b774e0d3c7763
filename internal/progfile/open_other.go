//go:build !unix

package progfile

import "os"

// open is os.Open.
func open(path string) (*os.File, error) { return os.Open(path) }

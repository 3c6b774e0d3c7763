//go:build !unix

package main

import "os"

// openPipe opens a named pipe for writing; where there is no non-blocking
// open (Windows) there are no named pipes of the Unix kind either.
func openPipe(path string) (*os.File, error) { return os.OpenFile(path, os.O_WRONLY, 0) }

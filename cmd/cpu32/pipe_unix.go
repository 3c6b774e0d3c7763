//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// openPipe opens the named pipe at path for writing without waiting for a
// reader: a plain open waits until some process opens it for reading, for
// ever if none does. With no reader it fails at once with errNoReader;
// writes to the file it returns wait for the reader as usual.
func openPipe(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		return nil, errNoReader
	}
	return f, err
}

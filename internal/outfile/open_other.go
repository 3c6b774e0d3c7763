//go:build !unix

package outfile

import (
	"io/fs"
	"os"
)

// links returns 1: without Unix's stat, a file's other names are unknown.
func links(fs.FileInfo) uint64 { return 1 }

// openDevice opens a device for writing; where there is no non-blocking
// open (Windows) there are no FIFOs of the Unix kind to wait on either.
func openDevice(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, cause(err)
	}
	return f, nil
}

// writeDevice writes data to f.
func writeDevice(f *os.File, data []byte) error {
	_, err := writeFile(f, data)
	return err
}

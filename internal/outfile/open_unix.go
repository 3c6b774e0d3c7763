//go:build unix

package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// links returns how many names (hard links) a file has.
func links(st fs.FileInfo) uint64 {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Nlink)
	}
	return 1
}

// openDevice opens a device, FIFO or socket for writing without waiting
// on it: a plain open of a FIFO waits until some process opens it for
// reading, for ever if none does (and a serial line's, for its carrier).
// A FIFO with no reader is opened again until one comes, for readerWait,
// then refused with ErrNoReader.
func openDevice(path string) (*os.File, error) {
	deadline := time.Now().Add(readerWait)
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.ENXIO) || !isFIFO(path) {
			return nil, cause(err)
		}
		if time.Now().After(deadline) {
			return nil, ErrNoReader
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// isFIFO reports whether path names a FIFO (through any links).
func isFIFO(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&fs.ModeNamedPipe != 0
}

// stallChunk is how much of a write to a FIFO goes at once: the reader
// has stall to take each.
const stallChunk = 64 << 10

// writeDevice writes data to f, opened by openDevice. A FIFO is written
// through the runtime's poller, a chunk at a time, so that a reader that
// takes nothing for stall ends the write; a device (or a FIFO the poller
// cannot watch, as on macOS) is written as usual, blocking.
func writeDevice(f *os.File, data []byte) error {
	st, err := f.Stat()
	if err == nil && st.Mode()&fs.ModeNamedPipe != 0 && f.SetWriteDeadline(time.Now().Add(stall)) == nil {
		for len(data) > 0 {
			n, err := f.Write(data[:min(len(data), stallChunk)])
			data = data[n:]
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return fmt.Errorf("its reader took nothing for %v", stall)
			}
			if err != nil {
				return err
			}
			if err := f.SetWriteDeadline(time.Now().Add(stall)); err != nil {
				return err
			}
		}
		return nil
	}
	// Opened non-blocking: made blocking again, or a busy device's write
	// would fail with EAGAIN rather than wait.
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		return err
	}
	_, err = writeFile(f, data)
	return err
}

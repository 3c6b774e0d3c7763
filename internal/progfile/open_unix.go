//go:build unix

package progfile

import (
	"io/fs"
	"os"
	"syscall"
)

// open opens path for reading as os.Open does, but leaves the file out of
// the runtime's poller: a program file is read once, to its end, by the
// goroutine that waits for it, so the poller has nothing to do for it (a
// regular file it refuses anyway), and registering the first file made
// it, an epoll instance and an eventfd, in every `cpu32 run` (issue 16:
// a short run is mostly its process's start). A FIFO blocks the thread
// that reads it; a signal still ends the wait (cmd/cpu32 exits).
func open(path string) (*os.File, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

//go:build linux

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// echoes reports whether terminal f shows what is typed (stty echo), so
// that the status line knows whether a typed line is on the screen.
func echoes(f *os.File) bool {
	var t syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t))); e != 0 {
		return true
	}
	return t.Lflag&syscall.ECHO != 0
}

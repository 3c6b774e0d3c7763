//go:build unix

package main

import (
	"io/fs"
	"syscall"
)

// links returns how many names (hard links) a file has.
func links(st fs.FileInfo) uint64 {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Nlink)
	}
	return 1
}

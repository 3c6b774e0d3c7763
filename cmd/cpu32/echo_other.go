//go:build !linux

package main

import "os"

// echoes reports whether terminal f shows what is typed: terminals do
// unless told not to.
func echoes(*os.File) bool { return true }

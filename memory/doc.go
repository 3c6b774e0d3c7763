// Package memory is cpu32's data memory: an array of 32-bit words addressed
// by word index, whose first words are the machine's registers.
//
// Every access is bounds-checked and reports a bad address as an error, never
// a panic, so that a program's mistake becomes a fault the user can read.
package memory

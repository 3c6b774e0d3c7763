// Command cpu32 runs, assembles, disassembles and debugs programs for the
// cpu32 machine. It is the only package that prints and exits; everything it
// does is a call into the library packages.
package main

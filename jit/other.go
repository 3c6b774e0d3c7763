//go:build !(amd64 || arm64)

package jit

import (
	"errors"

	"cpu32/cpu"
)

// Supported reports whether this build compiles programs: not on this
// architecture, where only the interpreter runs.
const Supported = false

// Code is compiled code; this build has none.
type Code struct {
	last uint64 // Runner's, as amd64's and arm64's
}

// Compile fails: this build only interprets.
func Compile(c *cpu.CPU) (*Code, error) {
	return nil, errors.New("jit: compiled code needs amd64 or arm64")
}

func compile(c *cpu.CPU, hot []uint32) (*Code, error) { return Compile(c) }

// CompileWatched fails: this build only interprets.
func CompileWatched(c *cpu.CPU, data, hot []uint32, w Watch) (*Code, error) { return Compile(c) }

const maxHot = 0

func warmRuntime() {}

func prepare(c *cpu.CPU, data, hot []uint32, limit int, w Watch) (func() (*Code, error), int) {
	return func() (*Code, error) { return Compile(c) }, 0
}

// Close does nothing.
func (k *Code) Close() error { return nil }

func (k *Code) inCode() uint64 { return 0 }

func (k *Code) outside() uint64 { return 0 }

func (k *Code) run(n, leave uint64) (cpu.Stop, error) { return k.Run(n) }

// Ran reports false.
func (k *Code) Ran() bool { return false }

// Run never runs: there is no Code.
func (k *Code) Run(n uint64) (cpu.Stop, error) {
	return cpu.StopEnd, errors.New("jit: no compiled code")
}

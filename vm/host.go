package vm

import (
	"errors"
	"fmt"

	"cpu32/cpu"
	"cpu32/host"
)

// HostFunc is a Go function a program calls: it declares it with
// `extern name` and calls it with `call name`. It reads its arguments and
// the machine's memory through h and returns what the program finds in
// eax, or an error, which stops the program with a host-error fault at the
// call. A panic is caught and becomes a host-error too.
type HostFunc func(h *Host) (int32, error)

// Host is the machine as a host function sees it during one call. What
// the function stores and prints takes effect when it returns without an
// error; a failing call changes nothing.
//
// A Host is valid only during its call. Once the function returns (or
// panics), Arg, Load, Reg, String and Store fail with ErrHostReturned and
// Print does nothing: a Host kept past its call cannot reach into a
// machine that has moved on, whose memory may be a later call's or
// another goroutine's by then. Name and Steps still describe the call.
type Host struct {
	h    *cpu.Host
	done bool // the call has returned
}

// ErrHostReturned is the error of a Host's methods after its call.
var ErrHostReturned = errors.New("vm: the host function's call has returned: a *Host is valid only during its call")

// trampoline is the cpu's host function for extern name: it calls the
// function registered under name when the call happens.
func (m *Machine) trampoline(name string) cpu.HostFunc {
	return func(ch *cpu.Host) (uint32, error) {
		fn := m.funcs[name]
		if fn == nil {
			return 0, fmt.Errorf("no host function %q is registered", name)
		}
		h := &Host{h: ch}
		m.inCall = true
		defer func() { m.inCall, h.done = false, true }()
		v, err := fn(h)
		return uint32(v), err
	}
}

// Name returns the name the program called the function by.
func (h *Host) Name() string { return h.h.Name() }

// Arg returns argument i (0 is the first), the word at [esp+1+i].
func (h *Host) Arg(i int) (int32, error) {
	if h.done {
		return 0, ErrHostReturned
	}
	v, err := h.h.Arg(i)
	return int32(v), err
}

// Load returns the word at addr.
func (h *Host) Load(addr uint32) (int32, error) {
	if h.done {
		return 0, ErrHostReturned
	}
	v, err := h.h.Load(addr)
	return int32(v), err
}

// Store writes v at addr (not eip; eax is overwritten by the result).
func (h *Host) Store(addr uint32, v int32) error {
	if h.done {
		return ErrHostReturned
	}
	return h.h.Store(addr, uint32(v))
}

// Reg returns a register's value, as it was when the call was made (esp
// points at the return address).
func (h *Host) Reg(name string) (int32, error) {
	r, err := reg(name)
	if err != nil {
		return 0, err
	}
	return h.Load(uint32(r))
}

// maxString bounds String, so that a missing 0 cannot read all memory.
const maxString = 1 << 20

// String returns the string at addr, one character per word (as
// `dd "text", 0` lays it out), up to the word 0.
func (h *Host) String(addr uint32) (string, error) {
	if h.done {
		return "", ErrHostReturned
	}
	var s []rune
	for a := addr; ; a++ {
		w, err := h.h.Load(a)
		if err != nil {
			return "", fmt.Errorf("the string at %d has no 0 before the end of memory", addr)
		}
		if w == 0 {
			return string(s), nil
		}
		if len(s) == maxString {
			return "", fmt.Errorf("the string at %d is longer than %d characters", addr, maxString)
		}
		s = append(s, rune(int32(w)))
	}
}

// Print adds s to the program's output (nothing after the call).
func (h *Host) Print(s string) {
	if !h.done {
		h.h.Print(s)
	}
}

// Steps returns how many instructions ran before this call.
func (h *Host) Steps() uint64 { return h.h.Steps() }

// RegisterStandard registers the standard host functions that `cpu32 run`
// gives programs (print_str, print_hex, print_unsigned, rand; README's
// table), rand drawing its numbers from seed as `--seed` does.
func (m *Machine) RegisterStandard(seed uint64) {
	for _, f := range host.Functions(seed) {
		fn := f.Fn
		m.Register(f.Name, func(h *Host) (int32, error) {
			v, err := fn(h.h)
			return int32(v), err
		})
	}
}

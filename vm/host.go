package vm

import (
	"context"
	"fmt"

	"cpu32/cpu"
	"cpu32/host"
)

// HostFunc is a Go function a program calls: it declares it with
// `extern name` and calls it with `call name`. It reads its arguments and
// the machine's memory through h and returns what the program finds in
// eax, or an error, which stops the program with a host-error fault at the
// call. A panic is caught and becomes a host-error too, whose cause is a
// *PanicError. RegisterFunc0 to RegisterFunc3 register plain Go functions
// of words instead.
type HostFunc func(h *Host) (int32, error)

// hostFunc is a registered function as the interpreter calls it.
type hostFunc func(ch *cpu.Host) (uint32, error)

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
	h     *cpu.Host
	ctx   context.Context
	name  string
	steps uint64
	done  bool // the call has returned
}

// Register gives the program the host function name, which it declares
// with `extern name` and calls with `call name`. Registering a name again
// replaces the function, and nil removes it; a name the program does not
// declare is allowed (one host serves many programs).
func (m *Machine) Register(name string, fn HostFunc) {
	if fn == nil {
		m.register(name, nil)
		return
	}
	m.register(name, func(ch *cpu.Host) (uint32, error) {
		h := &Host{h: ch, ctx: m.context(), name: ch.Name(), steps: ch.Steps()}
		defer func() { h.done, h.h = true, nil }()
		v, err := fn(h)
		return uint32(v), err
	})
}

// Word is what the arguments and the result of a function registered
// with RegisterFunc0 to RegisterFunc3 may be: a machine word, signed or
// not.
type Word interface{ ~int32 | ~uint32 }

// RegisterFunc0 registers fn, a host function of no arguments, as
// Register does. fn gets the context of the Run or Call the program is in.
func RegisterFunc0[R Word](m *Machine, name string, fn func(ctx context.Context) (R, error)) {
	registerN(m, name, fn == nil, 0, func(ctx context.Context, _ [3]uint32) (uint32, error) {
		r, err := fn(ctx)
		return uint32(r), err
	})
}

// RegisterFunc1 registers fn, a host function of one argument, the word
// at [esp+1] when it is called.
func RegisterFunc1[A, R Word](m *Machine, name string, fn func(ctx context.Context, a A) (R, error)) {
	registerN(m, name, fn == nil, 1, func(ctx context.Context, w [3]uint32) (uint32, error) {
		r, err := fn(ctx, A(w[0]))
		return uint32(r), err
	})
}

// RegisterFunc2 registers fn, a host function of two arguments: the first
// is the one pushed last, as in the C convention.
//
//	vm.RegisterFunc2(m, "max", func(ctx context.Context, a, b int32) (int32, error) { return max(a, b), nil })
func RegisterFunc2[A, B, R Word](m *Machine, name string, fn func(ctx context.Context, a A, b B) (R, error)) {
	registerN(m, name, fn == nil, 2, func(ctx context.Context, w [3]uint32) (uint32, error) {
		r, err := fn(ctx, A(w[0]), B(w[1]))
		return uint32(r), err
	})
}

// RegisterFunc3 registers fn, a host function of three arguments.
func RegisterFunc3[A, B, C, R Word](m *Machine, name string, fn func(ctx context.Context, a A, b B, c C) (R, error)) {
	registerN(m, name, fn == nil, 3, func(ctx context.Context, w [3]uint32) (uint32, error) {
		r, err := fn(ctx, A(w[0]), B(w[1]), C(w[2]))
		return uint32(r), err
	})
}

// registerN registers call, which calls a typed function with the
// call's first n arguments, or removes name's function when there is
// none.
func registerN(m *Machine, name string, none bool, n int, call func(context.Context, [3]uint32) (uint32, error)) {
	if none {
		m.register(name, nil)
		return
	}
	m.register(name, func(ch *cpu.Host) (uint32, error) {
		var w [3]uint32
		for i := range n {
			v, err := arg(ch, i)
			if err != nil {
				return 0, err
			}
			w[i] = v
		}
		return call(m.context(), w)
	})
}

// register keeps fn as name's function, and binds it at once when the
// machine is bound already (so a host function may register another).
func (m *Machine) register(name string, fn hostFunc) {
	if !m.loaded() {
		return
	}
	if fn == nil {
		delete(m.funcs, name)
	} else {
		m.funcs[name] = fn
	}
	if m.hostFns == nil {
		return
	}
	for i, n := range m.prog.p.Externs {
		if n == name {
			if fn == nil {
				m.hostFns = nil // checked again before the next run
				return
			}
			m.hostFns[i] = fn
		}
	}
}

// context is the running Run's or Call's context.
func (m *Machine) context() context.Context {
	if m.ctx == nil {
		return context.Background()
	}
	return m.ctx
}

// trampoline is the cpu's host function for extern i: it calls the
// function bound to it when the call happens.
func (m *Machine) trampoline(i int) cpu.HostFunc {
	return func(ch *cpu.Host) (v uint32, err error) {
		if i >= len(m.hostFns) {
			return 0, fmt.Errorf("no host function %q is registered", ch.Name())
		}
		m.inCall = true
		defer func() {
			m.inCall = false
			if r := recover(); r != nil {
				v, err = 0, cpu.Recovered(r) // with the stack, which the cpu does not keep
			}
		}()
		return m.hostFns[i](ch)
	}
}

// arg returns argument i of a host call, with an error that counts
// arguments from 0 as Arg does.
func arg(ch *cpu.Host, i int) (uint32, error) {
	v, err := ch.Arg(i)
	if err != nil {
		if i < 0 {
			return 0, errorf(ErrOutOfRange, "argument %d does not exist (the first is 0)", i)
		}
		return 0, errorf(ErrOutOfRange, "argument %d is outside memory: the stack holds %d words above the return address", i, ch.ArgWords())
	}
	return v, nil
}

// Name returns the name the program called the function by.
func (h *Host) Name() string { return h.name }

// Steps returns how many instructions ran before this call.
func (h *Host) Steps() uint64 { return h.steps }

// Context returns the context of the Run or Call the program is in.
func (h *Host) Context() context.Context { return h.ctx }

// Arg returns argument i (0 is the first), the word at [esp+1+i].
func (h *Host) Arg(i int) (int32, error) {
	if h.done {
		return 0, ErrHostReturned
	}
	v, err := arg(h.h, i)
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
			return "", errorf(ErrOutOfRange, "the string at %d has no 0 before the end of memory", addr)
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

// RegisterStandard registers the standard host functions that `cpu32 run`
// gives programs (print_str, print_hex, print_unsigned, rand; docs/reference.md's
// table), rand drawing its numbers from seed as `--seed` does.
func (m *Machine) RegisterStandard(seed uint64) {
	for _, f := range host.Functions(seed) {
		m.register(f.Name, hostFunc(f.Fn))
	}
}

package vm

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"cpu32/cpu"
	"cpu32/memory"
)

// Func is a function of the program, looked up once (Machine.Func) and
// called as often as needed: a Call by a Func does not search the labels,
// and allocates nothing.
type Func struct {
	m     *Machine
	label string
	addr  uint32
	err   error // why there is no such function, or nil
}

// Result is what a call returned, with what it cost.
type Result struct {
	Value  int32  // eax
	Steps  uint64 // instructions run by the call, the function's own return included
	Output uint64 // bytes it printed
}

// Func returns the program's function at a code label. A label that is
// no function is not an error until the Func is called (or its Err is
// asked for): each call returns that error, which matches
// ErrUnknownFunction.
func (m *Machine) Func(label string) *Func {
	f := &Func{m: m, label: label}
	f.addr, f.err = m.function(label)
	return f
}

// Name returns the label the function was looked up by.
func (f *Func) Name() string { return f.label }

// Err returns why the label is no function of the program, or nil.
func (f *Func) Err() error { return f.err }

// Call calls the function with args and returns eax; see Machine.Call.
func (f *Func) Call(ctx context.Context, args ...int32) (int32, error) {
	r, err := f.CallWith(ctx, Limits{}, args...)
	return r.Value, err
}

// CallWith calls the function with args within lim, which replace the
// Config's MaxSteps and MaxOutput for this call where not zero, and says
// what the call cost as well as what it returned (also when it fails:
// the steps it ran and the bytes it printed).
func (f *Func) CallWith(ctx context.Context, lim Limits, args ...int32) (Result, error) {
	if f.err != nil {
		return Result{}, f.err
	}
	return f.m.call(ctx, f.label, f.addr, lim, args)
}

// Call calls the program's function at a code label as a Go function: it
// pushes args the C way (the last first, so the first is at [esp+1] on
// entry) and a return address, runs until the function returns, removes
// the arguments and returns eax. The machine is then back where it was
// (eip, esp), with whatever the function changed in memory and registers,
// so Call may be called again, and again. A fault is returned as a *Fault
// and leaves the machine faulted (Reset starts it again); so does a
// function that halts or ends the program instead of returning, and one
// whose rdn or rdc finds the reader without input yet (kind NoReturn,
// and the error wraps ErrNoInput). Func looks a function up once for
// many calls.
func (m *Machine) Call(label string, args ...int32) (int32, error) {
	return m.CallContext(context.Background(), label, args...)
}

// CallContext is Call, stopped when ctx is done: a Call stopped so leaves
// the machine faulted (kind Stopped; the error wraps ctx.Err()), since
// it cannot go on from the middle of the function. ctx is what host
// functions get.
func (m *Machine) CallContext(ctx context.Context, label string, args ...int32) (int32, error) {
	target, err := m.function(label)
	if err != nil {
		return 0, err
	}
	r, err := m.call(ctx, label, target, Limits{}, args)
	return r.Value, err
}

// call calls the function at target, named label.
func (m *Machine) call(ctx context.Context, label string, target uint32, lim Limits, args []int32) (Result, error) {
	if err := m.ready(); err != nil {
		return Result{}, err
	}
	mem := m.c.Memory()
	esp0 := mem.Reg(memory.ESP)
	need := int64(len(args)) + 1
	if free := int64(m.c.StackSize()) - m.c.StackDepth(); need > free {
		return Result{}, fmt.Errorf("vm: %s with %d arguments needs %d words of stack (the arguments and the return address); %d are free",
			label, len(args), need, max(free, 0))
	}
	eip0 := m.c.EIP()
	sp := esp0
	for i := len(args) - 1; i >= 0; i-- {
		sp--
		if err := mem.Store(sp, uint32(args[i])); err != nil {
			return Result{}, fmt.Errorf("vm: %s: esp %d is outside memory: %w", label, esp0, err)
		}
	}
	// Returning to the end of the code ends the run: that is how call
	// knows the function returned.
	sp--
	if err := mem.Store(sp, m.c.CodeLen()); err != nil {
		return Result{}, fmt.Errorf("vm: %s: esp %d is outside memory: %w", label, esp0, err)
	}
	mem.SetReg(memory.ESP, sp)
	m.c.SetEIP(target)

	out0 := m.c.OutputBytes()
	steps, err := m.run(ctx, lim)
	r := Result{Steps: steps, Output: m.c.OutputBytes() - out0}
	switch {
	case err == ErrNoInput:
		// Unlike Run, a call cannot go on later: the next Call would
		// start inside this one's frame.
		m.stop(NoReturn, label+" waits for input the reader does not have yet", ErrNoInput)
		return r, m.fault
	case err != nil:
		if stopped, ok := err.(*StoppedError); ok {
			m.stop(Stopped, fmt.Sprintf("the call of %s was stopped before it returned: %v", label, stopped.Err), stopped)
			return r, m.fault
		}
		return r, err
	case m.c.State() == cpu.Halted:
		m.stop(NoReturn, label+" ran hlt instead of returning", nil)
		return r, m.fault
	case mem.Reg(memory.ESP) != esp0-uint32(len(args)):
		m.stop(NoReturn, fmt.Sprintf("%s ended the program instead of returning (esp is %d, a return would leave it at %d)",
			label, int32(mem.Reg(memory.ESP)), esp0-uint32(len(args))), nil)
		return r, m.fault
	}
	mem.SetReg(memory.ESP, esp0)
	m.c.SetEIP(eip0)
	r.Value = int32(mem.Reg(memory.EAX))
	return r, nil
}

// function returns the address of a code label.
func (m *Machine) function(label string) (uint32, error) {
	if !m.loaded() {
		return 0, ErrNoProgram
	}
	l, ok := m.prog.p.Debug.Label(label)
	switch {
	case ok && l.Data:
		return 0, errorf(ErrUnknownFunction, "vm: %q labels data, not a function", label)
	case ok:
		return l.Value, nil
	}
	var names []string
	if d := m.prog.p.Debug; d != nil {
		for _, l := range d.Labels {
			if !l.Data {
				names = append(names, l.Name)
			}
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return 0, errorf(ErrUnknownFunction, "vm: no function %q: the program has no code labels", label)
	}
	return 0, errorf(ErrUnknownFunction, "vm: no function %q in the program (its code labels: %s)", label, strings.Join(names, ", "))
}

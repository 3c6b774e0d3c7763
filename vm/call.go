package vm

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"cpu32/cpu"
	"cpu32/memory"
)

// Call calls the program's function at a code label as a Go function: it
// pushes args the C way (the last first, so the first is at [esp+1] on
// entry) and a return address, runs until the function returns, removes
// the arguments and returns eax. The machine is then back where it was
// (eip, esp), with whatever the function changed in memory and registers,
// so Call may be called again, and again. A fault is returned as a *Fault
// and leaves the machine faulted (Reset starts it again); so does a
// function that halts or ends the program instead of returning, and one
// whose rdn or rdc finds the reader without input yet (an error that
// wraps ErrNoInput).
func (m *Machine) Call(label string, args ...int32) (int32, error) {
	return m.CallContext(context.Background(), label, args...)
}

// CallContext is Call, stopped when ctx is done.
func (m *Machine) CallContext(ctx context.Context, label string, args ...int32) (int32, error) {
	if err := m.ready(); err != nil {
		return 0, err
	}
	target, err := m.function(label)
	if err != nil {
		return 0, err
	}
	mem := m.c.Memory()
	esp0 := mem.Reg(memory.ESP)
	need := int64(len(args)) + 1
	if free := int64(m.c.StackSize()) - m.c.StackDepth(); need > free {
		return 0, fmt.Errorf("vm: %s with %d arguments needs %d words of stack (the arguments and the return address); %d are free",
			label, len(args), need, max(free, 0))
	}
	eip0 := m.c.EIP()
	sp := esp0
	push := func(v uint32) error {
		sp--
		return mem.Store(sp, v)
	}
	for i := len(args) - 1; i >= 0; i-- {
		if err := push(uint32(args[i])); err != nil {
			return 0, fmt.Errorf("vm: %s: esp %d is outside memory: %w", label, esp0, err)
		}
	}
	// Returning to the end of the code ends the run: that is how Call
	// knows the function returned.
	if err := push(m.c.CodeLen()); err != nil {
		return 0, fmt.Errorf("vm: %s: esp %d is outside memory: %w", label, esp0, err)
	}
	mem.SetReg(memory.ESP, sp)
	m.c.SetEIP(target)

	err = m.Run(ctx)
	var stopped *StoppedError
	switch {
	case errors.As(err, &stopped):
		m.stuck = fmt.Errorf("vm: the call of %s was stopped before it returned (%w); Reset the machine", label, err)
		return 0, err
	case errors.Is(err, ErrNoInput):
		// Unlike Run, a call cannot go on later: the next Call would
		// start inside this one's frame.
		m.stuck = fmt.Errorf("vm: the call of %s waits for input the reader does not have yet (%w); Reset the machine", label, err)
		return 0, m.stuck
	case err != nil:
		return 0, err
	case m.c.State() == cpu.Halted:
		m.stuck = fmt.Errorf("vm: %s ran hlt at eip %d instead of returning; Reset the machine", label, m.c.EIP())
		return 0, m.stuck
	case mem.Reg(memory.ESP) != esp0-uint32(len(args)):
		m.stuck = fmt.Errorf("vm: %s ended the program instead of returning (esp is %d, a return would leave it at %d); Reset the machine",
			label, int32(mem.Reg(memory.ESP)), esp0-uint32(len(args)))
		return 0, m.stuck
	}
	mem.SetReg(memory.ESP, esp0)
	m.c.SetEIP(eip0)
	return int32(mem.Reg(memory.EAX)), nil
}

// function returns the address of a code label.
func (m *Machine) function(label string) (uint32, error) {
	l, ok := m.prog.p.Debug.Label(label)
	switch {
	case ok && l.Data:
		return 0, fmt.Errorf("vm: %q labels data, not a function", label)
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
		return 0, fmt.Errorf("vm: no function %q: the program has no code labels", label)
	}
	return 0, fmt.Errorf("vm: no function %q in the program (its code labels: %s)", label, strings.Join(names, ", "))
}

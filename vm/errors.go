package vm

import (
	"errors"
	"fmt"

	"cpu32/cpu"
	"cpu32/image"
	"cpu32/internal/limited"
	"cpu32/memory"
)

// Every error the package returns is one of its own types or sentinels
// (or an io/fs error from reading a file), so that a caller matches them
// with errors.Is and errors.As without importing cpu32's other packages.
// Check ErrNeedsReset before the sentinels of a cause it wraps.
var (
	// ErrNoProgram: New was given a nil or zero Program, or a method was
	// called on a Machine that New did not make.
	ErrNoProgram = errors.New("vm: no program (a Program comes from Assemble, AssembleFile, Load or LoadImage, a Machine from New)")
	// ErrNeedsReset: Run or Call was refused because the machine stopped
	// for good (a fault, a step limit, a Call that did not return); the
	// refusal wraps that *Fault too.
	ErrNeedsReset = errors.New("vm: the machine needs Reset to run again")
	// ErrInHostFunction: Run or Call from inside a host function of the
	// same machine.
	ErrInHostFunction = errors.New("vm: the machine is running a host function: Run and Call cannot be used from inside one")
	// ErrUnknownFunction: Call or Func named no code label.
	ErrUnknownFunction = errors.New("vm: no such function")
	// ErrUnknownLabel: Addr, LoadLabel or StoreLabel named no label, or
	// a code label where a data label is needed.
	ErrUnknownLabel = errors.New("vm: no such label")
	// ErrUnknownRegister: a register name that is not one of cpu32's.
	ErrUnknownRegister = errors.New("vm: no such register")
	// ErrStepLimit matches a *Fault of kind StepLimit.
	ErrStepLimit = errors.New("vm: step limit reached")
	// ErrOutputLimit matches a *Fault of kind OutputLimit.
	ErrOutputLimit = errors.New("vm: output limit reached")
	// ErrHostReturned is the error of a Host's methods after its call.
	ErrHostReturned = errors.New("vm: the host function's call has returned: a *Host is valid only during its call")
	// ErrNoInput is Run's error when the input reader said ErrNoInput
	// (it has nothing yet, but has not ended): the rdn or rdc did not
	// run, and Run goes on from it once the reader has more. A reader
	// returns it, with no bytes, to say so.
	ErrNoInput = cpu.ErrNoInput
	// ErrConfig is wrapped by New's error for a Config the memory cannot
	// hold.
	ErrConfig = cpu.ErrConfig
	// ErrFormat is wrapped by LoadImage's error for bytes that are not an
	// image of this version.
	ErrFormat = image.ErrFormat
	// ErrOutOfRange is wrapped by every *RangeError.
	ErrOutOfRange = memory.ErrOutOfRange
)

// ExternError is the error of Run or Call for a program that declares an
// extern no function was registered for: its name, where it was declared,
// and the names that are registered.
type ExternError = cpu.ExternError

// PanicError is the cause of a fault whose host function, Config.Output
// or Config.Input panicked: the value, and the stack where it panicked.
// A panic with an error value unwraps to it, so panic(io.EOF) is
// errors.Is io.EOF.
type PanicError = cpu.PanicError

// RangeError is the error of Load, Store and a Host's Load, Store and Arg
// for an address outside memory.
type RangeError = memory.RangeError

// TooLargeError is the error of AssembleFile and Load for a file larger
// than a program may be (a source file 1 MiB, a program file 64 MiB).
type TooLargeError = limited.TooLargeError

// vmError is an error with its own message that matches a sentinel.
type vmError struct {
	is  error
	msg string
}

func (e *vmError) Error() string { return e.msg }
func (e *vmError) Unwrap() error { return e.is }

// errorf makes an error that says what format says and matches is.
func errorf(is error, format string, args ...any) error {
	return &vmError{is: is, msg: fmt.Sprintf(format, args...)}
}

// State is where a machine stands, as --json's "halted" names it.
type State string

// The states. Faulted holds exactly when Fault is not nil, and then Run
// and Call refuse (ErrNeedsReset) until Reset.
const (
	Ready   State = "ready" // it can run
	Ended   State = "end"   // the program ran to the end of its code
	Halted  State = "hlt"   // the program ran hlt
	Faulted State = "fault" // it stopped for good: Fault says why
)

// FaultKind classifies a fault: --json's names, and two of vm's own
// about a Call that did not return.
type FaultKind string

// The fault kinds.
const (
	DivideByZero       FaultKind = "divide-by-zero"
	StackOverflow      FaultKind = "stack-overflow"
	StackUnderflow     FaultKind = "stack-underflow"
	MemoryOutOfRange   FaultKind = "memory-out-of-range"
	EIPOutOfRange      FaultKind = "eip-out-of-range"
	InvalidInstruction FaultKind = "invalid-instruction"
	StepLimit          FaultKind = "step-limit"   // Config.MaxSteps or Limits.MaxSteps; matches ErrStepLimit
	OutputLimit        FaultKind = "output-limit" // Config.MaxOutput or Limits.MaxOutput; matches ErrOutputLimit
	EndOfInput         FaultKind = "end-of-input"
	InvalidInput       FaultKind = "invalid-input"
	HostError          FaultKind = "host-error"  // Err is the function's error or a *PanicError
	WriteError         FaultKind = "write-error" // Err is the writer's error or a *PanicError

	// Stopped: a Call's context ended before its function returned; Err
	// is the *StoppedError, which wraps ctx.Err(). (A Run stopped so is
	// no fault: Run goes on where it stopped.)
	Stopped FaultKind = "stopped"
	// NoReturn: a Call's function ran hlt, ran to the end of the code, or
	// waited for input the reader does not have yet (Err is ErrNoInput)
	// instead of returning.
	NoReturn FaultKind = "no-return"
)

// Fault is why a machine stopped for good: a run-time error of the
// program, a limit, or a Call that did not return. It says what (its kind
// and a message) and where: the instruction's address and source line.
// A faulting instruction did not run and changed nothing.
type Fault struct {
	Kind    FaultKind
	Message string
	EIP     uint32
	File    string // "" when the program has no source information
	Line    int
	Err     error // the cause: a host function's error, a write or read error, a *StoppedError
}

// Error reads like the CLI's fault line:
// "stack-underflow at prog.asm:5 (eip 6): pop from an empty stack".
func (f *Fault) Error() string {
	where := fmt.Sprintf("eip %d", f.EIP)
	if f.File != "" {
		where = fmt.Sprintf("%s:%d (eip %d)", f.File, f.Line, f.EIP)
	}
	return fmt.Sprintf("%s at %s: %s", f.Kind, where, f.Message)
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (f *Fault) Unwrap() error { return f.Err }

// Is matches ErrStepLimit and ErrOutputLimit by kind.
func (f *Fault) Is(target error) bool {
	return target == ErrStepLimit && f.Kind == StepLimit || target == ErrOutputLimit && f.Kind == OutputLimit
}

// StoppedError is the error of a Run or Call whose context was cancelled
// or timed out.
type StoppedError struct {
	Steps uint64 // instructions run so far
	EIP   uint32 // the next instruction
	Err   error  // ctx.Err(): context.Canceled or context.DeadlineExceeded
}

// Error says why and where the run stopped.
func (e *StoppedError) Error() string {
	return fmt.Sprintf("vm: stopped at eip %d after %d steps: %v", e.EIP, e.Steps, e.Err)
}

// Unwrap returns the context's error, for errors.Is.
func (e *StoppedError) Unwrap() error { return e.Err }

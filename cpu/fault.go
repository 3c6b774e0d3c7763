package cpu

import "fmt"

// FaultKind classifies a fault; its String is the name used in --json.
type FaultKind int

// The fault kinds of the contract.
const (
	DivideByZero FaultKind = iota + 1
	StackOverflow
	StackUnderflow
	MemoryOutOfRange
	EIPOutOfRange
	InvalidInstruction
	StepLimit
	// Added since the first contract.
	OutputLimit  // prn or prc would pass Config.MaxOutput bytes
	EndOfInput   // rdn at the end of the program's input
	InvalidInput // rdn found text that is not a number in range
	HostError    // a host function returned an error or panicked
	WriteError   // writing the program's output failed; Fault.Err says why
)

// waitInput is not a fault: it is how an rdn or rdc that must wait for
// input (ErrNoInput) stops the interpreter loop without faulting.
const waitInput FaultKind = -1

var faultNames = map[FaultKind]string{
	DivideByZero:       "divide-by-zero",
	StackOverflow:      "stack-overflow",
	StackUnderflow:     "stack-underflow",
	MemoryOutOfRange:   "memory-out-of-range",
	EIPOutOfRange:      "eip-out-of-range",
	InvalidInstruction: "invalid-instruction",
	StepLimit:          "step-limit",
	OutputLimit:        "output-limit",
	EndOfInput:         "end-of-input",
	InvalidInput:       "invalid-input",
	HostError:          "host-error",
	WriteError:         "write-error",
}

// String returns the kind's name, e.g. "stack-overflow".
func (k FaultKind) String() string {
	if s, ok := faultNames[k]; ok {
		return s
	}
	return fmt.Sprintf("fault(%d)", int(k))
}

// FaultKinds lists every kind, in order.
func FaultKinds() []FaultKind {
	return []FaultKind{DivideByZero, StackOverflow, StackUnderflow, MemoryOutOfRange, EIPOutOfRange, InvalidInstruction, StepLimit,
		OutputLimit, EndOfInput, InvalidInput, HostError, WriteError}
}

// Fault is a run-time error of the program. The instruction at EIP did not
// run and changed nothing; eip still points at it.
type Fault struct {
	Kind FaultKind
	EIP  uint32
	Msg  string
	Err  error // the cause, for WriteError and HostError; nil otherwise
}

// Unwrap returns the cause of a WriteError or HostError.
func (f *Fault) Unwrap() error { return f.Err }

// Error says what kind of fault, where, and why.
func (f *Fault) Error() string { return fmt.Sprintf("%s at eip %d: %s", f.Kind, f.EIP, f.Msg) }

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
)

var faultNames = map[FaultKind]string{
	DivideByZero:       "divide-by-zero",
	StackOverflow:      "stack-overflow",
	StackUnderflow:     "stack-underflow",
	MemoryOutOfRange:   "memory-out-of-range",
	EIPOutOfRange:      "eip-out-of-range",
	InvalidInstruction: "invalid-instruction",
	StepLimit:          "step-limit",
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
	return []FaultKind{DivideByZero, StackOverflow, StackUnderflow, MemoryOutOfRange, EIPOutOfRange, InvalidInstruction, StepLimit}
}

// Fault is a run-time error of the program. The instruction at EIP did not
// run and changed nothing; eip still points at it.
type Fault struct {
	Kind FaultKind
	EIP  uint32
	Msg  string
}

// Error says what kind of fault, where, and why.
func (f *Fault) Error() string { return fmt.Sprintf("%s at eip %d: %s", f.Kind, f.EIP, f.Msg) }

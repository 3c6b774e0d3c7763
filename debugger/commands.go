package debugger

import (
	"errors"
	"fmt"

	"cpu32/cpu"
)

// canRun refuses to run a program that has stopped for good, saying what
// the user can do instead.
func (s *Session) canRun() error {
	switch s.c.State() {
	case cpu.Ended, cpu.Halted:
		return errors.New("the program is not running (it has ended); restart it, or reverse-step")
	case cpu.Faulted:
		f := s.c.Fault()
		return fmt.Errorf("the program faulted (%s at %s); reverse-step, set eip = ADDR to go on, or restart", f.Kind, s.loc(f.EIP))
	}
	return nil
}

func (s *Session) noHistory() error {
	if s.c.Steps() == 0 {
		return errors.New("cannot step back: at the start of the program")
	}
	return fmt.Errorf("cannot step back: no recorded history (the last %d steps are kept)", s.j.Limit())
}

package vm_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cpu32/vm"
)

// gcdSrc is programs/gcd.asm: a gcd function and a main program using it.
func gcdProgram(t *testing.T) *vm.Program {
	t.Helper()
	p, err := vm.AssembleFile(filepath.Join("..", "programs", "gcd.asm"))
	require.NoError(t, err)
	return p
}

// TestGradeGCD is how a teacher's Go test grades a student's function: one
// machine, many calls, one subtest each.
func TestGradeGCD(t *testing.T) {
	m, err := vm.New(gcdProgram(t), vm.Config{MaxSteps: 100000})
	require.NoError(t, err)
	for _, tc := range []struct{ a, b, want int32 }{
		{462, 1071, 21}, {1071, 462, 21}, {17, 5, 1}, {12, 0, 12}, {0, 12, 12}, {7, 7, 7}, {1 << 30, 6, 2},
	} {
		t.Run(fmt.Sprintf("gcd(%d,%d)", tc.a, tc.b), func(t *testing.T) {
			got, err := m.Call("gcd", tc.a, tc.b)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	// The calls left the machine where it was: it still runs its own main.
	var out bytes.Buffer
	m2, err := vm.New(gcdProgram(t), vm.Config{Output: &out})
	require.NoError(t, err)
	_, err = m2.Call("gcd", 4, 6)
	require.NoError(t, err)
	eip, _ := m2.Reg("eip")
	start, _ := m2.Addr("start")
	require.Equal(t, int32(start), eip)
	esp, _ := m2.Reg("esp")
	require.Equal(t, int32(262144), esp)
	require.NoError(t, m2.Run(context.Background()))
	require.Equal(t, "21\n1\n", out.String())
	require.Equal(t, vm.Halted, m2.Status())
	// And after the program's end, functions can still be called.
	got, err := m2.Call("gcd", 9, 6)
	require.NoError(t, err)
	require.Equal(t, int32(3), got)
}

// Call's errors say what is wrong, and leave the machine usable.
func TestCallErrors(t *testing.T) {
	m, err := vm.New(gcdProgram(t), vm.Config{Stack: 4})
	require.NoError(t, err)
	_, err = m.Call("gdc", 1, 2)
	require.EqualError(t, err, `vm: no function "gdc" in the program (its code labels: again, done, gcd, start)`)
	_, err = m.Call("gcd", 1, 2, 3, 4)
	require.EqualError(t, err, "vm: gcd with 4 arguments needs 5 words of stack (the arguments and the return address); 4 are free")
	got, err := m.Call("gcd", 8, 12) // 2 arguments, a return address and the saved ebp: 4 words
	require.NoError(t, err)
	require.Equal(t, int32(4), got)

	p, err := vm.Assemble("d.asm", "f: ret\n.data\nx: dd 1")
	require.NoError(t, err)
	m, err = vm.New(p, vm.Config{})
	require.NoError(t, err)
	_, err = m.Call("x")
	require.EqualError(t, err, `vm: "x" labels data, not a function`)
}

// A function that faults returns the fault; the machine stays faulted,
// says so (Status, Fault) and refuses every later Call or Run with
// ErrNeedsReset, wrapping the fault, until Reset. A function that halts
// or ends the program instead of returning is a NoReturn fault.
func TestCallFault(t *testing.T) {
	p, err := vm.Assemble("f.asm", "div1: mov eax, [esp+1]\nmov ebx, [esp+2]\ndiv eax, ebx\nret\nhalt: hlt\nend: jmp fin\nfin:")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	got, err := m.Call("div1", 7, 2)
	require.NoError(t, err)
	require.Equal(t, int32(3), got)
	_, err = m.Call("div1", 7, 0)
	var f *vm.Fault
	require.ErrorAs(t, err, &f)
	require.Equal(t, []any{vm.DivideByZero, "f.asm", 3}, []any{f.Kind, f.File, f.Line})
	require.Equal(t, "divide-by-zero at f.asm:3 (eip 6): division by zero", err.Error())
	require.Equal(t, []any{vm.Faulted, f}, []any{m.Status(), m.Fault()})
	_, err = m.Call("div1", 7, 1)
	require.EqualError(t, err, "vm: the machine needs Reset to run again (divide-by-zero at f.asm:3 (eip 6): division by zero)")
	require.ErrorIs(t, err, vm.ErrNeedsReset)
	require.ErrorIs(t, err, f, "the refusal wraps the fault")
	require.ErrorIs(t, m.Run(context.Background()), vm.ErrNeedsReset)
	m.Reset()
	require.Equal(t, vm.Ready, m.Status())
	require.Nil(t, m.Fault())
	got, err = m.Call("div1", 9, 3)
	require.NoError(t, err)
	require.Equal(t, int32(3), got)

	_, err = m.Call("halt")
	require.EqualError(t, err, "no-return at f.asm:5 (eip 10): halt ran hlt instead of returning")
	require.Equal(t, vm.Faulted, m.Status())
	_, err = m.Call("div1", 1, 1)
	require.ErrorIs(t, err, vm.ErrNeedsReset)
	require.ErrorContains(t, err, "halt ran hlt")
	m.Reset()
	_, err = m.Call("end")
	require.ErrorAs(t, err, &f)
	require.Equal(t, vm.NoReturn, f.Kind)
	require.Equal(t, "end ended the program instead of returning (esp is 262143, a return would leave it at 262144)", f.Message)
}

// Host functions: registered by name, called with their arguments; an
// extern nobody registered stops Run and Call before anything runs; an
// error or a panic is a host-error fault.
func TestHostFunctions(t *testing.T) {
	p, err := vm.Assemble("h.asm", "prn 1\nextern twice, boom\npush 21\ncall twice\nprn eax\ncall boom")
	require.NoError(t, err)
	require.Equal(t, []string{"twice", "boom"}, p.Externs())
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Output: &out})
	require.NoError(t, err)
	err = m.Run(context.Background())
	var ee *vm.ExternError
	require.ErrorAs(t, err, &ee)
	require.EqualError(t, err, "h.asm:2: extern 'twice' is not provided by the host (it provides none)")
	require.Equal(t, "", out.String(), "nothing ran")

	m.Register("twice", func(h *vm.Host) (int32, error) {
		x, err := h.Arg(0)
		eax, _ := h.Reg("eax")
		require.Equal(t, int32(0), eax)
		return 2 * x, err
	})
	m.Register("boom", func(h *vm.Host) (int32, error) {
		var table map[string]int
		table["x"] = 1 // a bug: a nil map
		return 0, nil
	})
	err = m.Run(context.Background())
	var f *vm.Fault
	require.ErrorAs(t, err, &f)
	require.Equal(t, vm.HostError, f.Kind)
	require.Equal(t, "boom: panic: assignment to entry in nil map", f.Message)
	require.Equal(t, "1\n42\n", out.String())
}

// Host functions may not run the machine they are called from.
func TestHostCannotRun(t *testing.T) {
	p, err := vm.Assemble("h.asm", "extern again\ncall again")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{})
	require.NoError(t, err)
	m.Register("again", func(h *vm.Host) (int32, error) { return 0, m.Run(context.Background()) })
	err = m.Run(context.Background())
	require.ErrorContains(t, err, "again: vm: the machine is running a host function")
}

// Loading: an image, a file of either kind, bad source.
func TestLoad(t *testing.T) {
	p := gcdProgram(t)
	img, err := p.Image()
	require.NoError(t, err)
	q, err := vm.LoadImage(img)
	require.NoError(t, err)
	m, err := vm.New(q, vm.Config{})
	require.NoError(t, err)
	got, err := m.Call("gcd", 10, 4)
	require.NoError(t, err)
	require.Equal(t, int32(2), got)

	path := filepath.Join(t.TempDir(), "gcd.img")
	require.NoError(t, os.WriteFile(path, img, 0o644))
	_, err = vm.Load(path)
	require.NoError(t, err)
	_, err = vm.LoadImage(img[:10])
	require.ErrorIs(t, err, vm.ErrFormat)

	_, err = vm.Assemble("bad.asm", "mov 5, eax")
	var ae *vm.AssemblyError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "bad.asm:1:5: destination must be a register or a memory operand\nmov 5, eax\n    ^", err.Error())
	_, err = vm.AssembleFile("no/such.asm")
	require.ErrorIs(t, err, os.ErrNotExist)
	// A file that never ends is refused after a bounded read.
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err = vm.AssembleFile("/dev/zero")
		require.EqualError(t, err, "larger than 1 MiB, the limit for a source file")
		var tl *vm.TooLargeError
		require.ErrorAs(t, err, &tl)
		require.Equal(t, int64(1<<20), tl.Max)
		_, err = vm.Load("/dev/zero")
		require.EqualError(t, err, "larger than 64 MiB, the limit for a program file")
	}

	_, err = vm.New(p, vm.Config{Memory: 40})
	require.ErrorIs(t, err, vm.ErrConfig)
}

// Registers, flags and memory by name and address, with clear errors.
func TestState(t *testing.T) {
	p, err := vm.Assemble("s.asm", "nop\n.data\nx: dd 5")
	require.NoError(t, err)
	m, err := vm.New(p, vm.Config{Memory: 64, Stack: 8})
	require.NoError(t, err)
	require.NoError(t, m.SetReg("EBX", -7))
	v, _ := m.Reg("ebx")
	require.Equal(t, int32(-7), v)
	_, err = m.Reg("rax")
	require.EqualError(t, err, `vm: no register "rax" (the registers are eax ebx ecx edx esp ebp eip rem flags esi edi)`)
	require.EqualError(t, m.SetReg("eip", 5), "vm: eip 5 is not the start of an instruction")
	m.SetFlags(vm.Flags{SF: true, CF: true})
	flags, _ := m.Reg("flags")
	require.Equal(t, int32(10), flags)
	require.Equal(t, vm.Flags{SF: true, CF: true}, m.Flags())
	x, err := m.LoadLabel("x")
	require.NoError(t, err)
	require.Equal(t, int32(5), x)
	require.NoError(t, m.Store(40, 9))
	w, _ := m.Load(40)
	require.Equal(t, int32(9), w)
	_, err = m.Load(64)
	require.EqualError(t, err, "address 64 is outside memory (0..63)")
	_, err = m.LoadLabel("y")
	require.EqualError(t, err, `vm: no label "y" in the program`)
}

// Machines share nothing: many run at once, one per goroutine, each with
// its own input, output and host functions.
func TestMachinesInParallel(t *testing.T) {
	p, err := vm.Assemble("p.asm", "extern id\nrdn eax\nmov ebx, eax\ncall id\nl: dec ebx\ncmp ebx, 0\njg l\nprn eax")
	require.NoError(t, err)
	var wg sync.WaitGroup
	outs := make([]string, 8)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			m, err := vm.New(p, vm.Config{Input: strings.NewReader(fmt.Sprint(1000 * (i + 1))), Output: &out})
			if err != nil {
				outs[i] = err.Error()
				return
			}
			m.Register("id", func(h *vm.Host) (int32, error) { return int32(i), nil })
			if err := m.Run(context.Background()); err != nil {
				outs[i] = err.Error()
				return
			}
			outs[i] = out.String()
		}()
	}
	wg.Wait()
	for i, out := range outs {
		require.Equal(t, fmt.Sprintf("%d\n", i), out)
	}
}

// The standard host functions of the CLI are one call away.
func TestRegisterStandard(t *testing.T) {
	p, err := vm.Assemble("s.asm", "extern print_hex, print_str\npush 255\ncall print_hex\npush s\ncall print_str\n.data\ns: dd \"ok\", 0")
	require.NoError(t, err)
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Output: &out})
	require.NoError(t, err)
	m.RegisterStandard(1)
	require.NoError(t, m.Run(context.Background()))
	require.Equal(t, "0xFF\nok", out.String())
	eax, _ := m.Reg("eax")
	require.Equal(t, int32(2), eax)
}

// waitingReader has its text, then says vm.ErrNoInput (nothing yet, not
// the end) until it is given more.
type waitingReader struct{ text string }

func (w *waitingReader) Read(p []byte) (int, error) {
	if w.text == "" {
		return 0, vm.ErrNoInput
	}
	n := copy(p, w.text)
	w.text = w.text[n:]
	return n, nil
}

// A function that waits for input cannot return: Call says so, and the
// machine refuses further calls (which would start inside its frame)
// until Reset. Run, by contrast, goes on once there is input.
func TestCallWaitingForInput(t *testing.T) {
	p, err := vm.Assemble("r.asm", "main: rdn ebx\nprn ebx\nhlt\nread: rdn eax\nret\nseven: mov eax, 7\nret")
	require.NoError(t, err)
	in := &waitingReader{}
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Input: in, Output: &out})
	require.NoError(t, err)
	_, err = m.Call("read")
	require.ErrorIs(t, err, vm.ErrNoInput)
	require.EqualError(t, err, "no-return at r.asm:4 (eip 5): read waits for input the reader does not have yet")
	require.Equal(t, vm.Faulted, m.Status())
	_, err = m.Call("seven")
	require.ErrorIs(t, err, vm.ErrNeedsReset)
	require.EqualError(t, err, "vm: the machine needs Reset to run again (no-return at r.asm:4 (eip 5): read waits for input the reader does not have yet)")

	m.Reset()
	in.text = "12 "
	got, err := m.Call("read")
	require.NoError(t, err)
	require.Equal(t, int32(12), got)

	require.ErrorIs(t, m.Run(context.Background()), vm.ErrNoInput)
	in.text = "5\n" // the newline ends the number
	require.NoError(t, m.Run(context.Background()))
	require.Equal(t, "5\n", out.String())
}

// Run's context ends a wait for input the program is blocked in (a pipe
// with nothing yet); the next Run goes on and reads what comes.
func TestCancelWhileWaitingForInput(t *testing.T) {
	p, err := vm.Assemble("r.asm", "rdn eax\nprn eax")
	require.NoError(t, err)
	r, w := io.Pipe()
	defer w.Close()
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Input: r, Output: &out})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop on its context while the program waited for input")
	}
	var stopped *vm.StoppedError
	require.ErrorAs(t, err, &stopped)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Equal(t, "vm: stopped at eip 0 after 0 steps: context deadline exceeded", err.Error())
	require.Equal(t, vm.Ready, m.Status())

	go func() { _, _ = w.Write([]byte("42\n")) }()
	require.NoError(t, m.Run(context.Background()))
	require.Equal(t, "42\n", out.String())
	require.NoError(t, w.Close())
	left, err := m.InputLeft()
	require.NoError(t, err)
	require.Equal(t, uint64(1), left, "the newline")
}

// A Host kept after its call is inert: it neither reads nor writes the
// machine, which has moved on (it used to write memory after Run
// returned), and prints nothing. A Host of a call that panicked is too.
func TestHostAfterItsCall(t *testing.T) {
	p, err := vm.Assemble("h.asm", "extern keep\nmov ebx, 5\npush 9\ncall keep\nprn ebx\nhlt\nf:\n  call keep\n  ret\n")
	require.NoError(t, err)
	var out bytes.Buffer
	m, err := vm.New(p, vm.Config{Output: &out})
	require.NoError(t, err)
	var saved *vm.Host
	m.Register("keep", func(h *vm.Host) (int32, error) {
		saved = h
		require.NoError(t, h.Store(1, 6)) // ebx, during the call: it takes effect
		return 7, nil
	})
	require.NoError(t, m.Run(context.Background()))
	require.Equal(t, "6\n", out.String())

	require.ErrorIs(t, saved.Store(0, 77), vm.ErrHostReturned)
	require.EqualError(t, saved.Store(0, 77), "vm: the host function's call has returned: a *Host is valid only during its call")
	_, err = saved.Load(0)
	require.ErrorIs(t, err, vm.ErrHostReturned)
	_, err = saved.Arg(0)
	require.ErrorIs(t, err, vm.ErrHostReturned)
	_, err = saved.Reg("eax")
	require.ErrorIs(t, err, vm.ErrHostReturned)
	_, err = saved.String(0)
	require.ErrorIs(t, err, vm.ErrHostReturned)
	saved.Print("late")
	require.Equal(t, "keep", saved.Name())
	require.Equal(t, uint64(2), saved.Steps())
	eax, err := m.Reg("eax")
	require.NoError(t, err)
	require.Equal(t, int32(7), eax, "Store(0, 77) after the call changed nothing")

	// Through Call, and after a panic.
	m.Reset()
	got, err := m.Call("f")
	require.NoError(t, err)
	require.Equal(t, int32(7), got)
	require.ErrorIs(t, saved.Store(0, 77), vm.ErrHostReturned)
	m.Register("keep", func(h *vm.Host) (int32, error) {
		saved = h
		panic("boom")
	})
	_, err = m.Call("f")
	require.ErrorContains(t, err, "keep: panic: boom")
	require.ErrorIs(t, saved.Store(0, 77), vm.ErrHostReturned)
	require.Equal(t, "6\n", out.String(), "the late Print printed nothing")
}

// panicky panics on its first use, as a buggy writer or reader would.
type panicky struct{}

func (panicky) Write([]byte) (int, error) { panic("the writer broke") }
func (panicky) Read([]byte) (int, error)  { panic("the reader broke") }

// A panic in Config.Output is a write-error fault, and one in Config.Input
// an end-of-input fault, each with a *cpu.PanicError for its cause, as a
// host function's panic is a host-error: none escapes Run (the writer's
// used to; the reader's, on its own goroutine, ended the process).
func TestPanickingOutputAndInput(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		cfg       vm.Config
		kind      vm.FaultKind
		msg       string
	}{
		{"output", "mov eax, 1\nprn eax\nhlt", vm.Config{Output: panicky{}}, "write-error", "write error: panic: the writer broke"},
		{"output of a host function", "extern print_str\npush s\ncall print_str\nhlt\nsection .data\ns: dd \"hi\", 0",
			vm.Config{Output: panicky{}}, "write-error", "write error: panic: the writer broke"},
		{"input", "rdn eax\nhlt", vm.Config{Input: panicky{}}, "end-of-input", "reading the input failed: panic: the reader broke"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := vm.Assemble("p.asm", tc.src)
			require.NoError(t, err)
			m, err := vm.New(p, tc.cfg)
			require.NoError(t, err)
			m.RegisterStandard(1)
			err = m.Run(context.Background())
			var f *vm.Fault
			require.ErrorAs(t, err, &f)
			require.Equal(t, tc.kind, f.Kind)
			require.Equal(t, tc.msg, f.Message)
			var pe *vm.PanicError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "p.asm", f.File)
		})
	}
}

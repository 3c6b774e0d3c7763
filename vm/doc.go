// Package vm embeds cpu32 in a Go program: assemble a program (or load an
// image), configure a machine for it, give it host functions of your own,
// run it, read and change its registers and memory, and call its functions
// as Go functions.
//
//	prog, err := vm.Assemble("gcd.asm", src)     // *vm.AssemblyError lists the diagnostics
//	m, err := vm.New(prog, vm.Config{Output: os.Stdout, MaxSteps: 100000})
//	vm.RegisterFunc1(m, "print_hex", func(ctx context.Context, x uint32) (int32, error) { ... })
//	err = m.Run(ctx)                              // a *vm.Fault, or a *vm.StoppedError
//	gcd := m.Func("gcd")                          // looked up once
//	g, err := gcd.Call(ctx, 462, 1071)            // 21
//
// Functions follow the C convention of programs/gcd.asm: the arguments are
// pushed last one first (the first is at [esp+1] on entry), the result comes
// back in eax, and the caller removes the arguments. Call does the caller's
// part, so a teacher's Go test can drive a student's function with many
// inputs (see the examples).
//
// A machine that faults, passes a limit, or whose Call does not return is
// Faulted (Status, Fault) and refuses to run (ErrNeedsReset) until Reset,
// which costs the memory the program wrote. Errors are vm's own types and
// sentinels, for errors.Is and errors.As. docs/embedding-go.md says how to
// depend on module cpu32 (its path has no dot: a replace directive or a
// go.work) and what each operation costs.
//
// A Machine is for one goroutine at a time. Machines share nothing, so a
// program may run many of them at once, one per goroutine.
package vm

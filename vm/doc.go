// Package vm embeds cpu32 in a Go program: assemble a program (or load an
// image), configure a machine for it, give it host functions of your own,
// run it, read and change its registers and memory, and call its functions
// as Go functions.
//
//	prog, err := vm.Assemble("gcd.asm", src)     // *vm.AssemblyError lists the diagnostics
//	m, err := vm.New(prog, vm.Config{Output: os.Stdout})
//	m.Register("print_hex", func(h *vm.Host) (int32, error) { ... })
//	err = m.Run(ctx)                              // a *vm.Fault, or ctx's error
//	g, err := m.Call("gcd", 462, 1071)            // 21
//
// Functions follow the C convention of programs/gcd.asm: the arguments are
// pushed last one first (the first is at [esp+1] on entry), the result comes
// back in eax, and the caller removes the arguments. Call does the caller's
// part, so a teacher's Go test can drive a student's function with many
// inputs (see the examples).
//
// A Machine is for one goroutine at a time. Machines share nothing, so a
// program may run many of them at once, one per goroutine.
package vm

//go:build amd64 || arm64

package jit

import (
	"context"
	"fmt"
	goruntime "runtime"
	"sync"
	"unsafe"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"cpu32/cpu"
)

// Supported reports whether this build compiles programs (amd64 and arm64,
// where wazero compiles; elsewhere only the interpreter runs).
const Supported = true

// slice bounds how many steps one call into compiled code may run, so that
// a caller's Run(n) with a huge n still comes back to Go now and then.
const slice = 1 << 28

// runtimes holds the process's wazero runtimes: one without a cache, and
// one per cache folder (nil when that folder cannot hold one), each made
// on first use with the module env that compiled code imports.
var runtimes struct {
	sync.Mutex
	plain  wazero.Runtime
	cached map[string]wazero.Runtime
}

// runtime returns the runtime that keeps compiled code in the cache
// folder dir, or the one without a cache when dir is "" or cannot hold
// one (it cannot be made or written).
func runtime(dir string) wazero.Runtime {
	runtimes.Lock()
	defer runtimes.Unlock()
	if dir != "" {
		r, ok := runtimes.cached[dir]
		if !ok {
			if cc, err := newCompilationCache(dir); err == nil && writable(dir) {
				r = newRuntime(wazero.NewRuntimeConfigCompiler().WithCompilationCache(cc))
			}
			if runtimes.cached == nil {
				runtimes.cached = make(map[string]wazero.Runtime)
			}
			runtimes.cached[dir] = r
		}
		if r != nil {
			return r
		}
	}
	if runtimes.plain == nil {
		runtimes.plain = newRuntime(wazero.NewRuntimeConfigCompiler())
	}
	return runtimes.plain
}

// hasCache reports whether runtime(dir), made already, keeps compiled
// code in the cache folder dir.
func hasCache(dir string) bool {
	runtimes.Lock()
	defer runtimes.Unlock()
	return dir != "" && runtimes.cached[dir] != nil
}

// warmRuntime makes, in the background, the runtime without a cache that
// a compile about to start uses for a small module (cacheMin), the most
// common, so that it is ready when the module's translation is (some
// hundreds of microseconds each).
func warmRuntime() { go runtime("") }

// newRuntime makes a runtime with the module env.
func newRuntime(cfg wazero.RuntimeConfig) wazero.Runtime {
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, cfg)
	i32 := api.ValueTypeI32
	_, err := r.NewHostModuleBuilder("env").NewFunctionBuilder().
		WithGoFunction(api.GoFunc(hostPrint), []api.ValueType{i32, i32, i32}, []api.ValueType{i32}).Export("print").
		NewFunctionBuilder().
		WithGoFunction(api.GoFunc(hostExtended), []api.ValueType{i32, i32}, []api.ValueType{i32}).Export("extended").
		Instantiate(ctx)
	if err != nil {
		panic(err) // the module is fixed: this cannot fail
	}
	return r
}

// cacheMin is the size of the smallest module the file cache keeps: a
// smaller one compiles in a few milliseconds, and writing an entry syncs
// the file to the disk (2-170 ms measured on a loaded machine), in the
// compile's goroutine, which for a small module is the one that runs the
// program.
const cacheMin = 16 << 10

// compileModule compiles a module's bytes, through the file cache when
// there is one and the module is not small, and returns the runtime that
// holds it. An entry of the cache that cannot be read back, or one that
// cannot be written, is no error: the cache is emptied and the module
// compiled without it.
func compileModule(ctx context.Context, bin []byte) (wazero.Runtime, wazero.CompiledModule, error) {
	dir, max := cacheDir()
	if len(bin) < cacheMin {
		dir = ""
	}
	r := runtime(dir)
	// wazero compiles a module's functions (regions) one at a time unless
	// told otherwise; a large program's are independent, so every core
	// the process may use takes some (the 10k-instruction program:
	// 200 -> 125 ms on two cores). Not a small one (Auto's, compiled
	// before the interpreter goes on): wazero makes a compiler for each
	// worker besides its own, which costs more than a few small functions
	// gain (a loop's module: 1.6 -> 1.3 ms from the decision to compile
	// to compiled code).
	if len(bin) > syncBytes {
		ctx = experimental.WithCompilationWorkers(ctx, goruntime.GOMAXPROCS(0))
	}
	cm, wrote, err := compileCached(ctx, r, dir, bin)
	if !hasCache(dir) {
		return r, cm, err
	}
	if err != nil {
		clearCache(dir)
		r = runtime("")
		cm, err = r.CompileModule(ctx, bin)
	}
	if wrote || err != nil {
		pruneCache(dir, max) // only what grows the cache, or a failure, prunes it
	}
	return r, cm, err
}

// codeKey finds the running Code in the context of a call from wasm.
type codeKey struct{}

// hostPrint is env.print: prn and prc through the machine's output. Only
// the low 32 bits of an i32 argument's slot are defined.
func hostPrint(ctx context.Context, stack []uint64) {
	k := ctx.Value(codeKey{}).(*Code)
	ok := k.c.Print(uint32(stack[0]), uint32(stack[2]) != 0, uint32(stack[1]))
	stack[0] = 0
	if ok {
		stack[0] = 1
	}
}

// Code is a machine's program compiled to native code. It runs on the
// machine's own memory: the interpreter and the compiled code see the same
// words, so either can take over from the other between two instructions.
type Code struct {
	c     *cpu.CPU
	mod   api.Module
	fn    api.Function
	enter []bool // by eip: compiled code may start there
	stack [2]uint64
	ctx   context.Context // holds the Code, for env.print and env.extended
	steps uint64          // how many instructions compiled code has run
	call  hostState       // the call into compiled code under way (hostcall.go)
	last  uint64          // the machine's steps when compiled code last ran some (Runner sets the start)
	miss  uint            // steps outside compiled code in a row (Run)
	runs  uint64          // the interpreter's runs outside compiled code: their price (Run)
	watch bool            // compiled for a Watch: it runs machines that are not plain
	stop  []bool          // by eip: the Watch's breakpoints
}

// words is a machine's memory as the linear memory of its module.
type words []byte

func (w words) Reallocate(size uint64) []byte {
	if size > uint64(len(w)) {
		return nil
	}
	return w
}

func (words) Free() {}

// Compile compiles c's program for c's memory and stack. The machine may
// have run already: the code starts wherever it stands.
func Compile(c *cpu.CPU) (*Code, error) { return compile(c, nil) }

// compile compiles the parts of c's program that hold the addresses in
// hot, or all of it when hot is nil (plan).
func compile(c *cpu.CPU, hot []uint32) (*Code, error) {
	return CompileWatched(c, c.Memory().Words(), hot, Watch{})
}

// CompileWatched compiles c's program for a caller that observes what w
// says, to run while c has no journal: the parts that hold the addresses
// in hot, or all of it when hot is nil, as Runner's Auto does. data is a
// copy of c's memory, read for the code addresses it holds (jump tables),
// so that a caller may compile in the background while the interpreter
// runs c and writes its memory.
func CompileWatched(c *cpu.CPU, data, hot []uint32, w Watch) (*Code, error) {
	build, _ := prepare(c, data, hot, maxHot, w)
	return build()
}

// prepare translates the parts of c's program that hold the addresses in
// hot and what they jump to, up to limit instructions (all of it when hot
// is nil), for a caller that observes what w says, and returns the rest
// of the compile, which may run in the background (it does not read the
// machine), and the size of the module, a measure of its time. data is
// the machine's memory, or a copy of it (for a prepare in the background:
// the machine goes on writing it), read for the code addresses it holds
// (jump tables).
func prepare(c *cpu.CPU, data, hot []uint32, limit int, w Watch) (build func() (*Code, error), size int) {
	ws := c.Memory().Words()
	p := c.Program()
	bin, enter := plan(p.Code, data, p.Entry, uint32(len(ws)), uint32(c.StackSize()), hot, limit, w).module()
	return func() (*Code, error) {
		ctx := context.Background()
		r, cm, err := compileModule(ctx, bin)
		if err != nil {
			return nil, fmt.Errorf("jit: %w", err)
		}
		mem := words(unsafe.Slice((*byte)(unsafe.Pointer(&ws[0])), len(ws)*4))
		ictx := experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(func(_, _ uint64) experimental.LinearMemory { return mem }))
		mod, err := r.InstantiateModule(ictx, cm, wazero.NewModuleConfig().WithName(""))
		cm.Close(ctx) // the instance keeps what it needs
		if err != nil {
			return nil, fmt.Errorf("jit: %w", err)
		}
		k := &Code{c: c, mod: mod, fn: mod.ExportedFunction("run"), enter: enter, watch: w.watched()}
		if w.Breaks != nil {
			k.stop = make([]bool, len(enter))
			for _, a := range w.Breaks {
				if int(a) < len(k.stop) {
					k.stop[a] = true
				}
			}
		}
		k.ctx = context.WithValue(ctx, codeKey{}, k)
		return k, nil
	}, len(bin)
}

// Close frees the compiled code. The machine goes on without it.
func (k *Code) Close() error { return k.mod.Close(context.Background()) }

// Ran reports whether compiled code has run any instruction.
func (k *Code) Ran() bool { return k.steps > 0 }

// inCode returns how many instructions compiled code has run (not the
// interpreter, for it, between two places compiled code can start from).
func (k *Code) inCode() uint64 { return k.steps }

// outside returns how many steps the interpreter has run in a row since
// compiled code last ran any.
func (k *Code) outside() uint64 { return k.c.Steps() - k.last }

// Code.run's strides outside compiled code: none in the first
// resumeSteps of a run (what is left of a loop's body, from where the last
// run stopped to the loop's head: strides that began after 32 steps
// stepped over the head of a 44-step body for hundreds of steps each
// run), then strideNear steps at a time for every other 32 of them,
// strideFar once the interpreter has run farMiss times in a row without
// reaching a place compiled code starts from (some 15 K steps: the program
// has moved on, to a final loop that prints or checks what the hot one
// computed, say). One step at a time, the interpreter runs some 2.2 times
// slower than in its own loop (a call of cpu.CPU.Run each), so not for
// longer than the first 32 steps of every stretch compiled code leaves to
// it (a function not compiled, called from a loop that is); in strideFar
// strides it runs at nearly its own speed, and a program that comes back
// to compiled code finds it within 32 strides.
const (
	resumeSteps = 256
	strideNear  = 29
	strideFar   = 509
	farMiss     = 1 << 10
)

// Run is cpu.CPU.Run through compiled code: it runs until the program
// stops or n more instructions have run, with the same results, faults
// and output. Compiled code leaves every instruction it does not translate
// (hlt, faults) to the interpreter, one at a
// time, and while the machine is watched step by step (cpu.CPU.Plain) the
// interpreter runs alone. Breakpoints are not looked at, but for those of
// the Watch it was compiled for (CompileWatched): then it runs while the
// machine has no journal, and stops before those as cpu.CPU.Run does.
func (k *Code) Run(n uint64) (cpu.Stop, error) { return k.run(n, 0) }

// run is Run, but for leave > 0 it also stops (with cpu.StopLimit) once
// the interpreter has run leave steps in a row outside compiled code
// (outside): the program has moved on from it (Runner).
func (k *Code) run(n, leave uint64) (cpu.Stop, error) {
	c := k.c
	start := c.Steps()
	until := start + min(n, ^uint64(0)-start)
	lim := until // and not past the machine's step limit
	if max, ok := c.StepLimit(); ok && max < lim {
		lim = max
	}
	for c.State() == cpu.Ready {
		s := c.Steps()
		if s >= until {
			return cpu.StopLimit, nil
		}
		// Outside compiled code the interpreter runs one step at a time
		// until it reaches a place compiled code can start from (for the
		// first resumeSteps of a run, which starts where the last one
		// stopped, in the middle of a loop's body, say); in long
		// stretches of code not compiled, it takes longer strides now and
		// then (of a prime length, so as not to step over the same places
		// every turn of a loop), and longer still once the stretch has
		// lasted farMiss steps one at a time (strideFar), but never past
		// leave.
		step := uint64(1)
		if k.miss++; k.miss&63 >= 32 && s-start >= resumeSteps {
			step = strideNear
			if k.miss >= farMiss {
				step = strideFar
			}
			step = min(until-s, step)
			if out := k.outside(); leave > out {
				step = min(step, leave-out)
			}
		}
		if eip := c.EIP(); s < lim && k.enter[eip] && (c.Plain() || k.watch && c.Journal() == nil) {
			step, k.miss = 1, 0
			b := min(lim-s, slice)
			k.stack[0], k.stack[1] = uint64(eip), b
			k.call = hostState{budget: b}
			if err := k.fn.CallWithStack(k.ctx, k.stack[:]); err != nil {
				return cpu.StopEnd, fmt.Errorf("jit: %w", err)
			}
			ran := b - uint64(uint32(k.stack[0]))
			k.steps += ran
			c.Advance(ran)
			if ran > 0 {
				k.last = c.Steps()
			}
			if k.call.wait { // an rdn or rdc of compiled code (hostcall.go)
				return cpu.StopInput, nil
			}
			if c.State() != cpu.Ready || c.Steps() >= until {
				continue
			}
		}
		// Whatever compiled code left: an instruction it does not
		// translate, a fault, a block that does not fit the budget, or
		// a place inside a block. A breakpoint after the first step stops
		// the run (cpu.CPU.Run resumes through the one it starts at), but
		// the step limit comes first.
		if k.stop != nil && c.Steps() != start && c.Steps() < lim && k.stop[c.EIP()] {
			return cpu.StopBreak, nil
		}
		k.runs++
		if stop, err := c.Run(step); err != nil || stop == cpu.StopInput || stop == cpu.StopBreak {
			return stop, err
		}
		if leave > 0 && k.outside() >= leave {
			return cpu.StopLimit, nil
		}
	}
	if f := c.Fault(); f != nil { // one that compiled code's print raised
		return cpu.StopEnd, f
	}
	return cpu.StopEnd, nil
}

//go:build unix

package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkProcess measures what a whole `cpu32 run` process costs, as a
// user's shell pays it (issue 16): the CPU time (user and system) and the
// page faults of one process, on a one-line program, where nearly all of
// it is the fixed cost of starting (the runtime, the packages'
// initialisation, the binary's pages), and on a short printing loop. The
// binary is built once, then copied: a file the Go linker has just
// written sits in the page cache in small pages that cost each process
// some 0.7 ms more to map than a copy does, which would hide the
// difference between two builds.
//
//	go test -run x -bench Process ./cmd/cpu32
func BenchmarkProcess(b *testing.B) {
	dir := b.TempDir()
	built := filepath.Join(dir, "built")
	if out, err := exec.Command("go", "build", "-o", built, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	exe := filepath.Join(dir, "cpu32")
	copyFile(b, built, exe)
	for _, prog := range []struct{ name, src string }{
		{"prn1", "prn 1\n"},
		{"print1000", "mov ecx, 1000\nl: prn ecx\ndec ecx\ncmp ecx, 0\njne l\n"},
	} {
		src := filepath.Join(dir, prog.name+".asm")
		if err := os.WriteFile(src, []byte(prog.src), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(prog.name, func(b *testing.B) {
			var cpu time.Duration
			var faults int64
			for range b.N {
				cmd := exec.Command(exe, "run", src)
				cmd.Env = append(os.Environ(), "CPU32_CACHE=off")
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
				faults += ru.Minflt
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(faults)/float64(b.N), "faults/op")
		})
	}
}

// copyFile copies from to a new file to, through write(2).
func copyFile(b *testing.B, from, to string) {
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

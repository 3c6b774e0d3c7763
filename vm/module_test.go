package vm_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// grader is a Go program outside the repository that uses vm the way
// docs/embedding-go.md shows.
const grader = `package main

import (
	"context"
	"errors"
	"fmt"

	"cpu32/vm"
)

func main() {
	prog, err := vm.Assemble("gcd.asm", ` + "`" + `
extern twice
gcd:    mov eax, [esp+1]
        mov ebx, [esp+2]
again:  cmp ebx, 0
        je done
        mod eax, ebx
        mov eax, ebx
        rem ebx
        jmp again
done:   push eax
        call twice
        add esp, 1
        ret
spin:   jmp spin` + "`" + `)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := vm.New(prog, vm.Config{MaxSteps: 1000})
	if err != nil {
		fmt.Println(err)
		return
	}
	vm.RegisterFunc1(m, "twice", func(_ context.Context, x int32) (int32, error) { return 2 * x, nil })
	gcd := m.Func("gcd")
	g, err := gcd.Call(context.Background(), 462, 1071)
	fmt.Println("gcd:", g, err)
	_, err = m.Func("spin").Call(context.Background())
	fmt.Println("step limit:", errors.Is(err, vm.ErrStepLimit), m.Status())
}
`

// The steps docs/embedding-go.md gives for depending on module cpu32 work:
// a module outside the repository builds against vm through a replace
// directive or a go.work, offline (GOPROXY=off: no network, no checksum
// database).
func TestModuleOutsideTheRepository(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go is not on PATH, so no module can be built: %v", err)
	}
	if testing.Short() {
		t.Skip("builds a module: not with -short")
	}
	repo, err := filepath.Abs("..")
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		setup [][]string // go commands, run in the module's folder
	}{
		{"replace", [][]string{{"mod", "init", "example.com/grader"}, {"mod", "edit", "-require=cpu32@v0.0.0", "-replace=cpu32=" + repo}}},
		{"go work", [][]string{{"mod", "init", "example.com/grader"}, {"work", "init", ".", repo}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(grader), 0o644))
			// -mod=mod lets go fill in go.mod's go line as go mod tidy would.
			env := append(os.Environ(), "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-mod=mod")
			if tc.name == "go work" {
				env = append(env, "GOWORK="+filepath.Join(dir, "go.work"), "GOFLAGS=")
			}
			goCmd := func(args ...string) (string, error) {
				cmd := exec.Command(gobin, args...)
				cmd.Dir, cmd.Env = dir, env
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			run := func(args ...string) string {
				out, err := goCmd(args...)
				require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
				return out
			}
			for i, args := range tc.setup {
				run(args...)
				if i == 0 && tc.name == "replace" {
					// Why the page gives these steps: go get refuses the path.
					out, err := goCmd("get", "cpu32/vm")
					require.Error(t, err)
					require.Equal(t, "go: malformed module path \"cpu32/vm\": missing dot in first path element\n", out)
				}
			}
			require.Equal(t, "gcd: 42 <nil>\nstep limit: true fault\n", run("run", "."))
		})
	}
}

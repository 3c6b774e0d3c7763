package cmdlang

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/debugger/internal/testprogs"
)

// nested wraps "1" in n levels of open and close.
func nested(n int, open, close string) string {
	return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
}

// Every command that reads an expression refuses one nested too deeply or
// too long, with one line that says where and what, and quickly: three
// million parentheses used to overflow the stack (a fatal error, not a
// panic that Exec's recover could catch).
func TestExpressionBounds(t *testing.T) {
	tooDeep := "expression nested too deeply at column 101: more than 100 levels of ( [ and signs"
	exprs := []struct{ expr, err string }{
		{nested(101, "(", ")"), tooDeep},
		{nested(101, "[", "]"), tooDeep},
		{strings.Repeat("-", 101) + "1", tooDeep},
		{strings.Repeat("(-", 50) + "(1" + strings.Repeat(")", 51), tooDeep},
		{strings.Repeat("(", 3_000_000) + "1", "expression too long: 3000001 characters (at most 4096)"},
		{strings.Repeat("1+", 2048) + "1", "expression too long: 4097 characters (at most 4096)"},
	}
	// Each command puts the expression where it reads one.
	commands := []string{"print %s", "break loop if %s", "condition 1 %s", "watch [%s]", "set eax = %s",
		"set [%s] = 1", "x %s", "x %s 2", "until *%s", "break *%s"}
	s := newSess(t, testprogs.Data)
	run(t, s, "break loop")
	for _, e := range exprs {
		for _, c := range commands {
			line := fmt.Sprintf(c, e.expr)
			name := fmt.Sprintf(c, e.expr[:min(len(e.expr), 10)]+"...")
			start := time.Now()
			out, err := s.Exec(line)
			require.Error(t, err, name)
			want := e.err
			if strings.HasPrefix(c, "watch") || strings.HasPrefix(c, "set [") || c == "x %s 2" {
				// The [ ] count: a level deeper, two characters longer; x
				// reads a count only after an expression that parses.
				want = strings.Replace(want, "3000001", "3000003", 1)
				want = strings.Replace(want, "4097", "4099", 1)
			}
			assert.Equal(t, want, err.Error(), name)
			assert.Empty(t, out, name)
			assert.Less(t, time.Since(start), time.Second, name)
		}
	}
	// The bounds leave room for any expression a person writes.
	for _, e := range []string{nested(100, "(", ")"), strings.Repeat("-", 99) + "-1", strings.Repeat("1+", 2047) + "1"} {
		_, err := s.Exec("print " + e)
		require.NoError(t, err, e[:10])
	}
	assert.Equal(t, "1 (0x00000001)", strings.TrimPrefix(run(t, s, "print "+nested(100, "(", ")")), nested(100, "(", ")")+" = "))
	assert.Equal(t, "(1+1)*2 = 4 (0x00000004)", run(t, s, "print (1+1)*2"))
}

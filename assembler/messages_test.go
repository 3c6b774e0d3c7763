package assembler

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Messages about characters: the one that breaks a name is named, and a
// source line's control characters and escape sequences are shown escaped,
// never sent to the terminal; the caret still points at the character.
func TestCharacterMessages(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"lab$el: nop\n", "t.asm:1:4: unexpected character '$' (a name has only letters, digits and '_')\nlab$el: nop\n   ^"},
		{"mov 5, eax \x1b[31mred\n", "t.asm:1:12: unexpected character '\\x1b'\nmov 5, eax \\x1b[31mred\n           ^"},
		{"\tx\x07y\x1bz eax\n", "t.asm:1:3: unexpected character '\\a' (a name has only letters, digits and '_')\n\tx\\x07y\\x1bz eax\n\t ^"},
		{"mvo eax, 1 ; \u202e evil\n", "t.asm:1:1: unknown instruction 'mvo' (did you mean 'mov'?)\nmvo eax, 1 ; \\u202e evil\n^"},
	} {
		_, err := Assemble("t.asm", []byte(tc.src), Options{})
		assert.EqualError(t, err, tc.want, "%q", tc.src)
	}
	// The caret counts an escape's width.
	e := &Error{Pos: Pos{File: "f", Line: 1, Col: 5}, Msg: "m", Text: "a\x1bbcd"}
	assert.Equal(t, "f:1:5: m\na\\x1bbcd\n       ^", e.Error())
}

package main

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	rows := parse("a\x1b[1;31mb\x1b[0m\x1b[7mc\x1b[27m\n\x1b[38;5;196;48;2;1;2;3md\x1b[K\n")
	want := [][]cell{
		{{'a', style{}}, {'b', style{fg: basic[1], bold: true}}, {'c', style{reverse: true}}},
		{{'d', style{fg: "#ff0000", bg: "#010203"}}},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if len(rows[i]) != len(want[i]) {
			t.Fatalf("row %d: %v, want %v", i, rows[i], want[i])
		}
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d cell %d: %+v, want %+v", i, j, rows[i][j], want[i][j])
			}
		}
	}
}

func TestRender(t *testing.T) {
	var b strings.Builder
	if err := render(&b, parse("x<\x1b[7my\x1b[0m\n")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<rect x="24.8" y="8.0" width="8.4" height="17" fill="#d0d0d0"/>`, // y's reversed background
		`<text x="8.0" y="21.0" fill="#d0d0d0" textLength="16.8">x&lt;</text>`,
		`<text x="24.8" y="21.0" fill="#1c1c1c" textLength="8.4">y</text>`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the SVG lacks %s:\n%s", want, b.String())
		}
	}
}

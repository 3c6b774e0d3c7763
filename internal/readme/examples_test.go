package readme

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestBlocksAndCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.md")
	page := "# Page\n\n```asm hello.asm\nprn 1\n```\n\n- a list item:\n\n  ```console\n  $ cpu32 run hello.asm\n  1\n  $ echo hi   # a comment\n  hi\n  ```\n\n```\nno commands\n```\n"
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	blocks, err := Blocks(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Line: 3, Lang: "asm", Name: "hello.asm", Body: "prn 1\n"},
		{Line: 9, Lang: "console", Body: "$ cpu32 run hello.asm\n1\n$ echo hi   # a comment\nhi\n"},
		{Line: 16, Body: "no commands\n"},
	}
	if !slices.Equal(blocks, want) {
		t.Fatalf("Blocks = %#v, want %#v", blocks, want)
	}
	cmds := blocks[1].Commands()
	if len(cmds) != 2 || cmds[0].Line != 10 || cmds[0].Shell != "cpu32 run hello.asm" || !slices.Equal(cmds[0].Output, []string{"1"}) ||
		cmds[1].Line != 12 || cmds[1].Shell != "echo hi   # a comment" || !slices.Equal(cmds[1].Output, []string{"hi"}) {
		t.Errorf("Commands = %#v", cmds)
	}
	if cmds := blocks[2].Commands(); cmds != nil {
		t.Errorf("a block without $ lines has commands %#v", cmds)
	}
}

func TestBlocksUnclosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.md")
	if err := os.WriteFile(path, []byte("text\n```\nopen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Blocks(path); err == nil || err.Error() != path+":2: the code block is not closed" {
		t.Errorf("err = %v", err)
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		want []string
		got  string
		bad  int
	}{
		{[]string{"1", "2"}, "1\n2\n", -1},
		{[]string{"1", "2"}, "1\n2  \n", -1},
		{[]string{"1", "2"}, "1\n3\n", 1},
		{[]string{"1"}, "1\n2\n", 1},
		{[]string{"1", "2"}, "1\n", 1},
		{nil, "", -1},
		{nil, "x\n", 0},
		{[]string{"..."}, "", -1},
		{[]string{"1", "...", "4"}, "1\n2\n3\n4\n", -1},
		{[]string{"1", "  ...", "4"}, "1\n4\n", -1},
		{[]string{"...", "3", "...", "5"}, "1\n3\n4\n5\n", -1},
		{[]string{"1", "...", "5"}, "1\n2\n3\n4\n", 2},
		{[]string{"1", "...", "3", "x"}, "1\n2\n3\n4\n", 3},
	} {
		if bad := Match(tc.want, tc.got); bad != tc.bad {
			t.Errorf("Match(%q, %q) = %d, want %d", tc.want, tc.got, bad, tc.bad)
		}
	}
}

package readme

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// A Block is one fenced code block of a Markdown file.
type Block struct {
	Line int    // the line of its opening fence, from 1
	Lang string // the info string's first word: "asm", "console", ""
	// Name is the info string's second word: a block written
	// ```asm hello.asm is the file hello.asm that the commands after it
	// in the same page run.
	Name string
	Body string // its lines, without the fences and their indentation
}

// A Command is one `$ ` line of a block and the output the page shows for
// it: the lines up to the next `$ ` line or the end of the block.
type Command struct {
	Line   int    // its line in the page
	Shell  string // the command, without "$ "
	Output []string
}

// Blocks returns the fenced code blocks of the Markdown file at path, in
// order. A fence may be indented (a block inside a list item); its
// indentation is taken off the block's lines.
func Blocks(path string) ([]Block, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		blocks []Block
		cur    *Block
		indent string
		body   strings.Builder
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimLeft(line, " ")
		if cur == nil {
			if info, ok := strings.CutPrefix(trimmed, "```"); ok {
				words := strings.Fields(info)
				cur = &Block{Line: n}
				if len(words) > 0 {
					cur.Lang = words[0]
				}
				if len(words) > 1 {
					cur.Name = words[1]
				}
				indent = line[:len(line)-len(trimmed)]
				body.Reset()
			}
			continue
		}
		if trimmed == "```" {
			cur.Body = body.String()
			blocks = append(blocks, *cur)
			cur = nil
			continue
		}
		body.WriteString(strings.TrimPrefix(line, indent))
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur != nil {
		return nil, fmt.Errorf("%s:%d: the code block is not closed", path, cur.Line)
	}
	return blocks, nil
}

// Commands returns the `$ ` lines of a block that starts with one, each
// with the output shown after it; nil for any other block.
func (b Block) Commands() []Command {
	lines := strings.Split(strings.TrimSuffix(b.Body, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "$ ") {
		return nil
	}
	var cmds []Command
	for i, line := range lines {
		if sh, ok := strings.CutPrefix(line, "$ "); ok {
			cmds = append(cmds, Command{Line: b.Line + 1 + i, Shell: sh})
			continue
		}
		c := &cmds[len(cmds)-1]
		c.Output = append(c.Output, line)
	}
	return cmds
}

// Elided is a line of shown output that stands for any number of lines of
// real output (none included): the page shows only part of it.
const Elided = "..."

// Match reports whether the output got is what want shows: the same lines,
// but for trailing white space and the lines Elided stands for. It returns
// the first line of want that does not match, or -1.
func Match(want []string, got string) int {
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if got == "" {
		lines = nil
	}
	return match(want, lines, 0)
}

// match matches want[i:] against got; it returns -1 or the index into
// want, from the start, of the line that failed furthest in.
func match(want, got []string, i int) int {
	for len(want) > 0 {
		w := strings.TrimRight(want[0], " \t")
		if strings.TrimSpace(w) == Elided {
			best := i
			for k := 0; k <= len(got); k++ {
				j := match(want[1:], got[k:], i+1)
				if j < 0 {
					return -1
				}
				best = max(best, j)
			}
			return best
		}
		if len(got) == 0 || strings.TrimRight(got[0], " \t") != w {
			return i
		}
		want, got, i = want[1:], got[1:], i+1
	}
	if len(got) > 0 {
		return i
	}
	return -1
}

package vscode

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/isa"
)

var update = flag.Bool("update", false, "rewrite the extension's TextMate grammar from the opcode table")

const regenerate = "run `go test ./editors/vscode -update` to regenerate it from isa/"

// TestGrammarIsGenerated fails when the grammar file is not what the
// opcode table generates: an instruction was added without regenerating.
func TestGrammarIsGenerated(t *testing.T) {
	want := Grammar()
	if *update {
		require.NoError(t, os.WriteFile(GrammarPath, want, 0o644))
	}
	got, err := os.ReadFile(GrammarPath)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "%s is stale: %s", GrammarPath, regenerate)
}

// TestGrammarMnemonicsAreTheTable reads the mnemonics out of the grammar
// file as an editor would and checks that they are exactly the table's
// mnemonics and aliases.
func TestGrammarMnemonicsAreTheTable(t *testing.T) {
	var g struct {
		ScopeName  string
		Repository map[string]struct{ Match string }
	}
	data, err := os.ReadFile(GrammarPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &g))
	m := regexp.MustCompile(`^\\b\(\?i:([a-z|]+)\)\\b$`).FindStringSubmatch(g.Repository["mnemonics"].Match)
	require.NotNil(t, m, "the grammar's mnemonics rule is not a word list: %s", regenerate)
	got := strings.Split(m[1], "|")
	sort.Strings(got)
	require.Equal(t, isa.Mnemonics(), got, "the grammar's mnemonics differ from isa's table: %s", regenerate)
	require.Equal(t, ScopeName, g.ScopeName)
}

// TestGrammarScopes checks what each kind of token is coloured as, with
// the grammar's own regular expressions (RE2 reads these ones the same
// way Oniguruma does, look-behinds aside, which are dropped here).
func TestGrammarScopes(t *testing.T) {
	var g struct {
		Repository map[string]struct {
			Match    string
			Patterns []struct{ Match string }
		}
	}
	require.NoError(t, json.Unmarshal(Grammar(), &g))
	compile := func(re string) *regexp.Regexp {
		re = strings.ReplaceAll(re, `(?<![\w.])`, `(?:^|[^\w.])`)
		return regexp.MustCompile(`^(?:` + re + `)$`)
	}
	for _, tc := range []struct {
		rule string
		in   []string
		out  []string
	}{
		{"mnemonics", []string{"mov", "MOV", "jz", "jnae", "hlt", "prc"}, []string{"move", "eax", "dd"}},
		{"registers", []string{"eax", "EIP", "rem", "flags", "edi"}, []string{"eaxx", "r1", "mov"}},
		{"numbers", []string{"42", "0x1F", "1Fh", "0ffh", "0b101", "1F|h", "ff|h", "101|b"}, []string{"ffh", "x1", "0x"}},
		{"characters", []string{`'A'`, `'\n'`, `'\''`}, []string{`'AB'`, `''`}},
		{"comments", []string{"# a comment", "; another"}, []string{"mov eax, 1"}},
		{"labels", []string{"loop:", "  start :", "fact:"}, []string{"1abc:", "mov eax, 1"}},
	} {
		re := compile(g.Repository[tc.rule].Match)
		for _, s := range tc.in {
			require.True(t, re.MatchString(s), "%s should match %q", tc.rule, s)
		}
		for _, s := range tc.out {
			require.False(t, re.MatchString(s), "%s should not match %q", tc.rule, s)
		}
	}
	var directives []string
	for _, p := range g.Repository["directives"].Patterns {
		directives = append(directives, p.Match)
	}
	re := compile(strings.Join(directives, "|"))
	for _, s := range []string{"%include", "%define", "section", ".data", ".text", "dd", "resd"} {
		require.True(t, re.MatchString(s), "directives should match %q", s)
	}
}

// TestPackageJSON checks that the extension's manifest names the files,
// language, grammar and debugger type that exist.
func TestPackageJSON(t *testing.T) {
	var pkg struct {
		Main        string
		Contributes struct {
			Languages []struct {
				ID            string
				Extensions    []string
				Configuration string
			}
			Grammars    []struct{ Language, ScopeName, Path string }
			Breakpoints []struct{ Language string }
			Debuggers   []struct {
				Type                    string
				Languages               []string
				ConfigurationAttributes map[string]json.RawMessage
				InitialConfigurations   []map[string]any
				ConfigurationSnippets   []struct{ Body map[string]any }
			}
		}
	}
	data, err := os.ReadFile("package.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &pkg))
	c := pkg.Contributes
	exists := func(rel string) {
		_, err := os.Stat(filepath.FromSlash(rel))
		require.NoError(t, err, "package.json names %s", rel)
	}
	exists(pkg.Main)
	require.Len(t, c.Languages, 1)
	require.Equal(t, "cpu32-asm", c.Languages[0].ID)
	require.Equal(t, []string{".asm"}, c.Languages[0].Extensions)
	exists(c.Languages[0].Configuration)
	require.Len(t, c.Grammars, 1)
	require.Equal(t, "cpu32-asm", c.Grammars[0].Language)
	require.Equal(t, ScopeName, c.Grammars[0].ScopeName)
	require.Equal(t, "./"+GrammarPath, c.Grammars[0].Path)
	require.Len(t, c.Breakpoints, 1)
	require.Equal(t, "cpu32-asm", c.Breakpoints[0].Language)
	require.Len(t, c.Debuggers, 1)
	d := c.Debuggers[0]
	require.Equal(t, "cpu32", d.Type)
	require.Contains(t, d.ConfigurationAttributes, "launch")
	require.NotEmpty(t, d.ConfigurationSnippets)
	for _, cfg := range append(d.InitialConfigurations, d.ConfigurationSnippets[0].Body) {
		require.Equal(t, "cpu32", cfg["type"])
		require.Equal(t, "launch", cfg["request"])
		require.Contains(t, cfg, "program")
	}
	var conf map[string]any
	data, err = os.ReadFile(c.Languages[0].Configuration)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &conf))
}

package vscode

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"cpu32/isa"
	"cpu32/memory"
)

// GrammarPath is where the extension's package.json expects the grammar,
// relative to this folder.
const GrammarPath = "syntaxes/cpu32-asm.tmLanguage.json"

// ScopeName is the grammar's root scope, named in package.json.
const ScopeName = "source.cpu32-asm"

// rule is one TextMate pattern: a match, or a begin/end region.
type rule struct {
	Comment  string         `json:"comment,omitempty"`
	Name     string         `json:"name,omitempty"`
	Match    string         `json:"match,omitempty"`
	Begin    string         `json:"begin,omitempty"`
	End      string         `json:"end,omitempty"`
	Captures map[string]cap `json:"captures,omitempty"`
	Patterns []rule         `json:"patterns,omitempty"`
	Include  string         `json:"include,omitempty"`
}

// cap names a capture group's scope.
type cap struct {
	Name string `json:"name"`
}

// grammar is a TextMate grammar file; the field order is the file's.
type grammar struct {
	Schema     string          `json:"$schema"`
	Comment    string          `json:"comment"`
	Name       string          `json:"name"`
	ScopeName  string          `json:"scopeName"`
	FileTypes  []string        `json:"fileTypes"`
	Patterns   []rule          `json:"patterns"`
	Repository map[string]rule `json:"repository"`
}

// Grammar returns the TextMate grammar for cpu32 assembly, its mnemonics
// and registers taken from isa and memory. Words are matched in either
// case, as the assembler accepts them.
func Grammar() []byte {
	sfx := ".cpu32-asm"
	g := grammar{
		Schema:    "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
		Comment:   "Generated from the opcode table (isa/) by `go test ./editors/vscode -update`; do not edit.",
		Name:      "cpu32 assembly",
		ScopeName: ScopeName,
		FileTypes: []string{"asm"},
		Patterns: []rule{
			{Include: "#comments"}, {Include: "#strings"}, {Include: "#characters"}, {Include: "#directives"},
			{Include: "#labels"}, {Include: "#mnemonics"}, {Include: "#registers"}, {Include: "#numbers"},
			{Include: "#names"}, {Include: "#operators"},
		},
		Repository: map[string]rule{
			"comments": {Name: "comment.line" + sfx, Match: `[#;].*$`},
			"strings": {Name: "string.quoted.double" + sfx, Begin: `"`, End: `"|$`,
				Patterns: []rule{{Name: "constant.character.escape" + sfx, Match: `\\.`}}},
			"characters": {Name: "string.quoted.single" + sfx, Match: `'(?:\\.|[^'\\])'`},
			"directives": {Patterns: []rule{
				{Name: "keyword.control.directive" + sfx, Match: `%(?i:include|define)\b`},
				{Name: "keyword.control.directive" + sfx, Match: `(?i)(?:\bsection\b|(?<![\w.])\.(?:data|text)\b)`},
				{Name: "storage.type" + sfx, Match: `(?i)\b(?:dd|resd)\b`},
			}},
			"labels": {Match: `^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(:)`, Captures: map[string]cap{
				"1": {Name: "entity.name.function.label" + sfx}, "2": {Name: "punctuation.separator" + sfx}}},
			"mnemonics": {Name: "keyword.other.mnemonic" + sfx, Match: words(isa.Mnemonics())},
			"registers": {Name: "variable.language.register" + sfx, Match: words(registerNames())},
			"numbers": {Name: "constant.numeric" + sfx, Match: `(?<![\w.])(?:` + strings.Join([]string{
				`[0-9A-Fa-f]+\|[hH]`, `[01]+\|[bB]`, `0[xX][0-9A-Fa-f]+`, `0[bB][01]+`, `[0-9][0-9A-Fa-f]*[hH]`, `[0-9]+`,
			}, "|") + `)\b`},
			"names":     {Name: "variable.other.label" + sfx, Match: `\b[A-Za-z_][A-Za-z0-9_]*\b`},
			"operators": {Name: "keyword.operator" + sfx, Match: `[-+,\[\]]`},
		},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(g) // only strings, slices and maps: cannot fail
	return b.Bytes()
}

// words matches any of names as a whole word, in either case; longer
// names come first so that no alternative cuts another short.
func words(names []string) string {
	sorted := append([]string(nil), names...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if len(sorted[i]) != len(sorted[j]) {
			return len(sorted[i]) > len(sorted[j])
		}
		return sorted[i] < sorted[j]
	})
	return `\b(?i:` + strings.Join(sorted, "|") + `)\b`
}

func registerNames() []string {
	var names []string
	for _, r := range memory.Regs() {
		names = append(names, r.String())
	}
	return names
}

// Package grader grades assembly programs against a teacher's test file:
// `cpu32 test`. A test file (YAML) names cases, each a run of the program
// (or a call of one of its functions) with an input and what must come of
// it: the output, a fault, registers, words of memory. Parse reads and
// checks a test file, Grade runs every case of every submission on a
// machine of its own, in parallel, and the Write functions turn the
// results into the formats people and grading platforms read (text,
// JSON lines, JUnit XML, Gradescope's results.json).
//
// Nothing here prints or exits: errors are returned, located as the
// assembler locates its own (file:line:col: message).
package grader

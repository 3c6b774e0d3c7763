package grader_test

import (
	"context"
	"fmt"
	"os"

	"cpu32/grader"
)

// Grade a class against a test file and print the results as `cpu32 test`
// does.
func Example() {
	suite, err := grader.Parse("testdata/class/gcd.test.yaml")
	if err != nil {
		fmt.Println(err) // every mistake, as file:line:col: message
		return
	}
	results := grader.Grade(context.Background(), suite,
		[]string{"testdata/class/alice/gcd.asm", "testdata/class/carol/gcd.asm"}, grader.Options{Jobs: 2})
	if err := grader.Write(os.Stdout, grader.Text, suite, results, grader.WriteOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// testdata/class/alice/gcd.asm: 10/10 points, all 9 cases passed
	// testdata/class/carol/gcd.asm: 0/10 points, does not load:
	//   testdata/class/carol/gcd.asm:4:9: unknown instruction 'mvo' (did you mean 'mov'?)
	//           mvo eax, [ebp+2]
	//           ^
	//   testdata/class/carol/gcd.asm:7:12: undefined name 'dnoe' (did you mean 'done'?)
	//           je dnoe
	//              ^
	// 2 submissions: 1 passed every case, 1 did not; 10/20 points in all
}

; every form of %include, and where each file is looked for
%include "lib/double.asm"
%include 'lib/single.asm'
%include lib/bare.asm   ; tinyvm: unquoted
%include "testdata/shared.asm"   ; not beside this file: found from the current directory
start:  prn ONE
        prn TWO
        call print_three
        prn BARE
        prn SHARED

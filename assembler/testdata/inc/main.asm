; main program: includes with each syntax
%include "lib/util.asm"
%include testdata/shared.asm
start:  call twice
        prn eax

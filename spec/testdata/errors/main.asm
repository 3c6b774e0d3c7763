mov 1, eax
%include "bad.asm"
jmp nowhere

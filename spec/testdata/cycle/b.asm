nop
%include "a.asm"

nop
%include "b.asm"

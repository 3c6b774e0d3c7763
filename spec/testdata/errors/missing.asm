nop
%include "nope.asm"

%include "b.asm"

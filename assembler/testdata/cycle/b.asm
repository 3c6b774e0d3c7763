%include "a.asm"

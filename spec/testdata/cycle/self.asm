%include "self.asm"

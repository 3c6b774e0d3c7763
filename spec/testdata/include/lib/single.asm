%define TWO 2
%include "nested.asm"   ; beside this file, in lib/

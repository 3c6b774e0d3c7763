; %include and %define: the subroutine print_string lives in lib/print.asm.
%include "lib/print.asm"
%define NEWLINE 10

section .data
first:  dd "cpu32 ", 0
second: dd "includes files", NEWLINE, 0

section .text
start:  mov esi, first
        call print_string
        mov esi, second
        call print_string
        prn esi                 ; esi was saved and restored: still 'second'

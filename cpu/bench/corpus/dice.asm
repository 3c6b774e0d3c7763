; Host calls in a loop: ROLLS rolls of a die by the host's rand (which
; depends on --seed and on the instruction count, not on what came before),
; counted in a table; prints how often each face came up.
extern rand
%define ROLLS 1000000
section .data
counts:	resd 6
section .text
start:	mov ecx, ROLLS
roll:	push 6
	call rand		; eax: 0 .. 5
	add esp, 1
	inc [counts+eax]
	dec ecx
	cmp ecx, 0
	jne roll
	mov ecx, 0
show:	prn [counts+ecx]
	inc ecx
	cmp ecx, 6
	jl show

; stack 6
; Calls of small functions that run a copy of the function where they are
; (calls.go, inline): called from several sites in a loop, before and
; after it; a function that moves its return address on (add [esp], k),
; one that pops it and pushes another, one that reads it, one that
; returns past its caller's frame (inc esp), one that faults inside on a
; divisor of 0 at the fifth round, one that prints, one whose pushes fill
; the small stack when called from deep in a chain of calls.
section .text
	jmp start
twice:	add eax, eax		; before the loop
	ret
start:	mov ecx, 0
	mov ebx, 7
loop:	mov eax, ecx
	call twice
	call mixin
	call skip		; returns past the next instruction
	inc ebx			; skipped
	call swap		; returns to there
	inc ebx			; not run
there:	call peek
	call say
	call twice
	mov edx, 5
	sub edx, ecx
	call divide		; faults when ecx is 5
	inc ecx
	cmp ecx, 8
	jl loop
	hlt
mixin:	xor ebx, eax
	mul ebx, 31
	ret
skip:	add [esp], 2
	ret
swap:	pop edx
	push there
	ret
peek:	mov edx, [esp]
	add ebx, edx
	ret
say:	prn ebx
	ret
divide:	mov eax, 100
	div eax, edx
	add ebx, eax
	ret

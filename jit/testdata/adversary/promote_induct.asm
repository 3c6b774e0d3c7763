; Loops whose range checks at their entry (induct.go) cover memory words
; the region keeps in locals: an index up through an array whose end is
; followed by a kept word (a loop that stops short of it, one that runs
; onto it, reading and writing), one down onto it, a pointer stepping by
; a register (the bound's own check) onto it, an address derived from
; the index onto it, and a fault in the middle
; of a loop that has written kept words.
; memory 256
; stack 16
section .data
arr:	resd 10
total:	dd 0
count:	dd 0
flag:	dd 0
section .text
start:	mov ecx, 0
	mov [total], 0
fill:	mov [arr+ecx], ecx
	add [total], ecx
	inc [count]
	inc ecx
	cmp ecx, 10		; stops short of total
	jl fill
	prn [total]
	mov ecx, 0
over:	add [arr+ecx], 1	; reaches total at 10, count at 11
	add [total], [arr+ecx]
	inc [count]
	inc ecx
	cmp ecx, 12
	jl over
	prn [total]
	prn [count]
	mov ecx, 13
down:	add [flag], [arr+ecx]	; from flag's word down
	mov [arr+ecx-1], [flag]
	dec [count]
	dec ecx
	cmp ecx, 5
	jg down
	prn [flag]
	prn [count]
	mov ebx, 3
	mov edi, 0
	mov edx, 14
step:	add [arr+edi], [count]	; by ebx, onto total and flag
	inc [count]
	add edi, ebx
	cmp edi, edx
	jl step
	prn [total]
	prn [flag]
	prn [count]
	mov ecx, 0
deriv:	mov edx, ecx		; an address derived from ecx (derive.go)
	add edx, 3
	add [arr+edx], [count]	; onto total, count and flag at the end
	inc [count]
	inc ecx
	cmp ecx, 10
	jl deriv
	prn [total]
	prn [count]
	prn [flag]
	mov esi, 0
	mov [count], 100
crash:	inc [count]
	add [total], [count]
	div [total], [arr+esi]	; arr's word 0 is 0 by now? a fault when it is
	inc esi
	cmp esi, 40
	jl crash
	prn [total]

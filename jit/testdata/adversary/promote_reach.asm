; Memory words a region keeps in locals (promote.go), reached through
; computed addresses too: a pointer that walks over an array and on over
; the kept words, reading and writing them in the loop that uses them at
; constant addresses and after it; a pop and a ret whose esp points at
; one; a jump through a kept word that the loop rewrites; an operand
; whose displacement is above the kept words reaching down onto them.
; memory 256
; stack 16
section .data
arr:	dd 1, 2, 3, 4, 5, 6
sum:	dd 0
cnt:	dd 0
tgt:	dd 0
	resd 4
far:	dd 9
top:	dd 7
section .text
start:	mov esi, arr
	mov [cnt], 0
walk:	add [sum], [esi]	; esi reaches sum and cnt themselves
	add [esi], [cnt]	; and writes them
	inc [cnt]
	xor [far], [cnt]
	inc esi
	cmp [cnt], 10
	jl walk
	prn [sum]
	prn [cnt]
	prn [far]
	mov esi, sum
	mov eax, [esi+1]	; cnt through a register after the loop
	prn eax
	mov ecx, 0
	mov [tgt], one
loop2:	inc [sum]
	jmp [tgt]		; a jump through a kept word
one:	mov [tgt], two
	inc ecx
	jmp back
two:	mov [tgt], one
	add ecx, 2
back:	cmp ecx, 30
	jl loop2
	prn ecx
	prn [sum]
	mov ebx, esp
	mov esp, cnt
	pop eax			; [cnt] through esp
	prn eax
	mov esp, ebx
	mov [tgt], 0
	mov ecx, 0
calls:	inc [tgt]
	call f
	inc ecx
	cmp ecx, 5
	jl calls
	prn [tgt]
	mov esp, tgt
	mov [tgt], done
	ret			; a ret to the address in [tgt]
done:	prn [tgt]
	mov esp, ebx
	mov ebx, 0
	mov [cnt], 0
downw:	add [sum], [top+ebx]	; from above the kept words down onto them
	mov [top+ebx], [sum]
	dec ebx
	inc [cnt]
	cmp [cnt], 12
	jl downw
	prn [sum]
	prn [far]
	prn [top]
	hlt
f:	add [far], [tgt]
	ret

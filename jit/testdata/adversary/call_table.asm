; stack 6
; Computed calls (dispatch.go): through a table in the data, a register
; and [esp+k]; to functions after the loop, before it, inside the loop
; and inside an inner loop; a table entry rewritten at run time to a block
; that is no pointer (reached by falling into it), then to the middle of
; an instruction, whose call faults before it pushes: the word below esp
; keeps what it held. Recursion through the table fills the small stack.
section .data
fns:	dd fa, fb, fc, fd
section .text
	jmp start
fb:	add ebx, 3		; before the loop
	ret
start:	mov ecx, 0
	mov esi, 0
	push 1234		; a word below esp to keep
	pop eax
loop:	mov edx, ecx
	and edx, 3
	call [fns+edx]
	mov eax, fd
	call eax
	push fc
	call [esp]
	pop eax
	inc ecx
	cmp ecx, 12
	jl loop
	jmp late
fc:	xor ebx, ecx		; inside the loop, jumped over
	ret
inner:	inc esi
	cmp esi, 3
	jl inner
	ret
late:	mov [fns+1], plain
	mov edx, 1
	call [fns+edx]
	mov [fns+2], inner
	mov edx, 2
	call [fns+edx]
	mov [fns+3], deep
	mov edx, 3
	call [fns+edx]
	prn ebx
	prn esi
	mov [fns], mid+1
	mov edx, 0
	call [fns+edx]
	prn ebx
fa:	inc ebx
	ret
fd:	add ebx, ecx
	ret
	mov eax, 5
plain:	add ebx, 1000		; falls from the mov before it
	ret
mid:	mov eax, 123456
deep:	inc edi			; calls itself through the table, 5 deep
	cmp edi, 5
	jge up
	mov edx, 3
	call [fns+edx]
up:	ret

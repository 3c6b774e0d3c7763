; Loops whose registers move by constants, checked once at the loop's
; entry (induct.go): every form of the compare that bounds them (up and
; down, signed and unsigned, < <= > >= !=, the operands either way round,
; at the end, at the top and in the middle of the loop), steps of 1, 2
; and -3, registers tied to the counter, a register the loop does not
; write, loops that run no iteration past the first, and compares whose
; register would wrap before they stop it.
; memory 256
; stack 8
; max-steps 40000
section .data
a:	dd 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
b:	resd 40
section .text
start:	mov ecx, 0		; jl at the end
	mov eax, 0
l1:	add eax, [a+ecx]
	inc ecx
	cmp ecx, 16
	jl l1
	prn eax
	mov ecx, 15		; jge down, operands swapped: cmp 0, ecx; jle
	mov esi, b
l2:	mov edx, [a+ecx]
	mov [esi], edx
	add esi, 1
	dec ecx
	cmp 0, ecx
	jle l2
	prn [b]
	prn [b+15]
	mov esi, a		; jb against a register the loop does not write
	mov edi, a
	add edi, 16
	mov eax, 0
l3:	add eax, [esi]
	add eax, [esi+1]
	add esi, 2
	cmp esi, edi
	jb l3
	prn eax
	mov ecx, 16		; the test at the top, jae out
	mov ebx, b
l4:	cmp ecx, 0
	je l4out
	mov eax, [a+ecx-1]
	mov [b+ecx-1], eax
	sub ecx, 1
	jmp l4
l4out:	prn [b+3]
	mov ecx, 0		; the test in the middle, an early exit before it
	mov esi, b
l5:	mov eax, [esi]
	cmp eax, 100
	je l5out
	inc ecx
	cmp ecx, 30
	jge l5out
	mov [esi+20], ecx
	add esi, 1
	jmp l5
l5out:	prn ecx
	prn [b+25]
	mov ecx, 45		; step -3, ja
	mov eax, 0
l6:	add eax, [a+ecx-30]
	sub ecx, 3
	cmp ecx, 30
	ja l6
	prn eax
	mov ecx, 5		; jne down to 0, the register tied to esi
	mov esi, a
	mov eax, 0
l7:	add eax, [esi+3]
	inc esi
	dec ecx
	cmp ecx, 0
	jne l7
	prn eax
	mov ecx, 9		; jbe, and a loop that runs once (ecx past the bound)
	mov eax, 0
l8:	add eax, [a+ecx]
	inc ecx
	cmp ecx, 3
	jbe l8
	prn eax
	mov ecx, 2		; jle
	mov eax, 0
l9:	add eax, [a+ecx]
	inc ecx
	cmp ecx, 7
	jle l9
	prn eax
	mov edx, a		; a register the loop does not write, no bound
	mov ecx, 1
l10:	mov eax, [edx+2]
	add [edx+3], eax
	mul ecx, 3
	cmp ecx, 1000
	jb l10
	prn [a+3]
	mov ecx, 0x7FFFFFFE	; jle near INT_MAX: ecx wraps, the loop stops on the fault
	mov esi, 200
l11:	mov [esi], ecx
	inc esi
	inc ecx
	cmp ecx, 0x7FFFFFFF
	jle l11
	prn esi

; States written as code that branch to each other backward and forward
; (no jump table), each reading the next item: the layout puts the states
; a later one jumps back to after it, keeps the runs that fall into each
; other whole and the loop's last run last (it falls out). In the
; fourth round the walk reads the register words, and one state calls a
; function that branches.
; memory 256
; stack 8
; max-steps 30000
section .data
data:	dd 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 0
section .text
start:	mov ebp, 0
	mov ebx, 0
round:	mov esi, data
	mov edi, 0
even:	mov eax, [esi]
	inc esi
	cmp eax, 0
	je done
	mov edx, eax
	and edx, 1
	cmp edx, 0
	je evenmore
	jmp odd
small:	add edi, eax		; from odd: back before it
	prn edi
	jmp even
evenmore: add ebx, eax
	cmp eax, 4
	jl small
big:	call clamp
	add edi, eax
	jmp even
odd:	mov eax, [esi]
	inc esi
	cmp eax, 0
	je done
	cmp eax, 5
	jl small
	jg big
	mul ebx, 3
	jmp odd
clamp:	cmp eax, 6
	jle keep
	mov eax, 6
keep:	ret
done:	prn ebx
	inc ebp
	cmp ebp, 3
	jne again
	mov esi, 1		; the walk reads the register words
	jmp odd
again:	cmp ebp, 5
	jl round

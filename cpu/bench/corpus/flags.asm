; Flags kept and read as data: COUNT numbers from an LCG, each compared
; with the one before; the comparison is saved by pushf, the running sum
; updated, then popf brings it back for the jump that counts rises and
; falls. The zero flag of test x, 7 is read as a number (pushf, pop, and
; 1) and added to a count of multiples of 8. Prints the rises, the falls,
; the multiples of 8 and the sum.
%define COUNT 2000000
start:	mov eax, 1		; the LCG's state
	mov ebx, 0		; the number before
	mov esi, 0		; rises
	mov edi, 0		; falls
	mov ebp, 0		; multiples of 8
	mov ecx, 0		; the sum
	mov [count], COUNT
next:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 12
	test edx, 7
	pushf
	pop [zero]
	and [zero], 1		; ZF: the low three bits are 0
	add ebp, [zero]
	cmp edx, ebx
	pushf
	mov ebx, edx
	add ecx, edx
	popf
	jb fall
	inc esi
	jmp counted
fall:	inc edi
counted: dec [count]
	cmp [count], 0
	jne next
	prn esi
	prn edi
	prn ebp
	prn ecx
	hlt
section .data
count:	dd 0
zero:	dd 0

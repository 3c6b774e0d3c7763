; A state machine of three states whose state is the address of its
; handler, held in a register (jmp ebx): it counts the times the pattern
; 1, 0, 1 ends in a stream of N bits from an LCG (overlaps count). The
; states: nothing seen, a 1 seen, 1 0 seen. Prints the count and the
; generator's last state.
%define N 1000000
section .text
start:	mov ecx, N
	mov edx, 7		; the generator
	mov edi, 0		; the count
	mov ebx, none
step:	mul edx, 1103515245
	add edx, 12345
	mov eax, edx
	shr eax, 16
	and eax, 1
	jmp ebx
none:	cmp eax, 0
	je again
	mov ebx, one
	jmp again
one:	cmp eax, 0
	jne again
	mov ebx, onezero
	jmp again
onezero: mov ebx, none
	cmp eax, 0
	je again
	inc edi
	mov ebx, one
again:	dec ecx
	cmp ecx, 0
	jne step
	prn edi
	prn edx

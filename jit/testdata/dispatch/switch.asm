; A switch over opcode values, as a C compiler lays it out: a generator
; (an LCG) makes a stream of values 0..7, each picks one of eight cases
; through a table, jmp [cases+eax], and every case ends with a jump to the
; join (the switch's break). Prints the two accumulators.
%define N 1000000
section .data
cases:	dd c0, c1, c2, c3, c4, c5, c6, c7
section .text
start:	mov ecx, N
	mov ebx, 12345		; the generator's state
	mov edi, 0
	mov esi, 0
next:	mul ebx, 1103515245
	add ebx, 12345
	mov eax, ebx
	shr eax, 16
	and eax, 7
	jmp [cases+eax]
c0:	add edi, eax
	jmp join
c1:	xor edi, ebx
	jmp join
c2:	sub edi, 7
	jmp join
c3:	shl edi, 1
	jmp join
c4:	inc esi
	jmp join
c5:	add esi, edi
	jmp join
c6:	mov edx, edi
	shr edx, 3
	xor edi, edx
	jmp join
c7:	dec esi
join:	dec ecx
	cmp ecx, 0
	jne next
	prn edi
	prn esi

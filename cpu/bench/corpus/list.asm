; A linked-list walk: N nodes of two words (a value, then the address of
; the next node or 0) linked in a scattered order (node j*1597 mod N
; follows node (j-1)*1597 mod N), walked ROUNDS times through
; mov esi, [esi+1]; an odd value is added to the sum, an even one xored
; into it. Prints the sum.
%define ROUNDS 3000
%define N 4096
section .data
nodes:	resd 8192		; 2*N
section .text
start:	mov ecx, 0		; j
	mov eax, 12345		; the values' LCG
build:	mov edx, ecx
	mul edx, 1597
	and edx, 4095		; N-1
	shl edx, 1
	add edx, nodes		; edx: node j's place
	mul eax, 1103515245
	add eax, 12345
	mov ebx, eax
	shr ebx, 16
	mov [edx], ebx
	mov ebx, ecx
	inc ebx
	cmp ebx, N
	je last
	mul ebx, 1597
	and ebx, 4095
	shl ebx, 1
	add ebx, nodes
	jmp link
last:	mov ebx, 0
link:	mov [edx+1], ebx
	inc ecx
	cmp ecx, N
	jne build
	mov eax, 0		; the sum
	mov edi, ROUNDS
round:	mov esi, nodes
walk:	mov edx, [esi]
	test edx, 1
	je even
	add eax, edx
	jmp next
even:	xor eax, edx
next:	mov esi, [esi+1]
	cmp esi, 0
	jne walk
	add eax, edi
	dec edi
	cmp edi, 0
	jne round
	prn eax

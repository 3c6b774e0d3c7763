; A printing loop through the host: print_hex of 200,000 values of a
; xorshift generator, and print_unsigned of every 1000th, summed.
extern print_hex
extern print_unsigned
section .text
start:	mov ebx, 2463534242
	mov ecx, 200000
	mov edi, 0
next:	mov eax, ebx
	shl eax, 13
	xor ebx, eax
	mov eax, ebx
	shr eax, 17
	xor ebx, eax
	mov eax, ebx
	shl eax, 5
	xor ebx, eax
	push ebx
	call print_hex
	add esp, 1
	add edi, eax
	mod ecx, 1000
	cmp rem, 0
	jne skip
	push edi
	call print_unsigned
	add esp, 1
skip:	dec ecx
	cmp ecx, 0
	jne next
	prn edi

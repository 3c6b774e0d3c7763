; A binary search tree of N keys from a generator, then lookups of keys
; from the same generator, many times: a pointer that moves to [esi+1] or
; [esi+2] by the data, and reads [esi] first. Prints the hits and a sum.
%define N 4096
%define LOOKS 400000
section .data
root:	dd 0
nodes:	resd 12288
section .text
start:	mov eax, 7		; the generator
	mov ebx, nodes		; the next free node
	mov ecx, 0
insert:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	and edx, 1048575	; the key
	mov [ebx], edx
	mov [ebx+1], 0
	mov [ebx+2], 0
	mov esi, [root]
	cmp esi, 0
	jne down
	mov [root], ebx
	jmp placed
down:	cmp edx, [esi]
	jl goleft
	mov edi, [esi+2]
	cmp edi, 0
	je putright
	mov esi, edi
	jmp down
putright: mov [esi+2], ebx
	jmp placed
goleft:	mov edi, [esi+1]
	cmp edi, 0
	je putleft
	mov esi, edi
	jmp down
putleft: mov [esi+1], ebx
placed:	add ebx, 3
	inc ecx
	cmp ecx, N
	jl insert
	mov eax, 7		; look the same keys up, and others
	mov ebp, 0		; hits
	mov edi, 0		; sum of the depths
	mov ecx, 0
look:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	and edx, 1048575
	test ecx, 1
	jz known
	xor edx, 1		; every other lookup: a key likely not there
known:	mov esi, [root]
walk:	cmp esi, 0
	je miss
	inc edi
	mov ebx, [esi]
	cmp edx, ebx
	je hit
	jl left
	mov esi, [esi+2]
	jmp walk
left:	mov esi, [esi+1]
	jmp walk
hit:	inc ebp
miss:	inc ecx
	cmp ecx, LOOKS
	jl look
	prn ebp
	prn edi

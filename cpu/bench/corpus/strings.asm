; C-style strings, one character a word ended by a 0: ROUNDS times, COUNT
; strings of 3 to 14 letters a to d (an LCG, its state kept across rounds)
; are made in pool, 16 words apart, then their addresses sorted by an
; insertion sort that compares through strcmp, then the strings copied in
; that order one after the other into buf by strcpy. strlen, strcmp and
; strcpy scan until the 0 (cmp [esi], 0). Prints the length of the last
; round's buf, found by strlen, a hash of it (h = 31 h + c) and how many
; neighbours in the sorted order were equal in all the rounds.
%define ROUNDS 1000
%define COUNT 64
section .data
pool:	resd 1024		; COUNT strings of 16 words
ptrs:	resd COUNT
buf:	resd 1024
section .text
start:	mov eax, 12345		; the LCG's state
	mov ebp, ROUNDS
	mov [equal], 0
round:	mov ecx, 0		; make the strings
	mov edi, pool
make:	mov [ptrs+ecx], edi
	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, 12
	rem ebx
	add ebx, 3		; its length
	mov esi, edi
letter:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	and edx, 3
	add edx, 'a'
	mov [esi], edx
	inc esi
	dec ebx
	cmp ebx, 0
	jne letter
	mov [esi], 0
	add edi, 16
	inc ecx
	cmp ecx, COUNT
	jl make
	push eax
	mov ecx, 1		; insertion sort of ptrs by strcmp
outer:	cmp ecx, COUNT
	jge sorted
	mov edi, [ptrs+ecx]	; the key
	mov ebx, ecx
	dec ebx
inner:	cmp ebx, 0
	jl place
	mov esi, [ptrs+ebx]
	push edi
	call strcmp
	pop edi
	cmp eax, 0
	jle place
	mov edx, [ptrs+ebx]
	mov [ptrs+ebx+1], edx
	dec ebx
	jmp inner
place:	mov [ptrs+ebx+1], edi
	inc ecx
	jmp outer
sorted:	mov ecx, 1		; count equal neighbours
same:	mov esi, [ptrs+ecx-1]
	mov edi, [ptrs+ecx]
	call strcmp
	cmp eax, 0
	jne differ
	inc [equal]
differ:	inc ecx
	cmp ecx, COUNT
	jl same
	mov edi, buf		; concatenate in order
	mov ecx, 0
cat:	mov esi, [ptrs+ecx]
	call strcpy
	inc ecx
	cmp ecx, COUNT
	jl cat
	pop eax
	dec ebp
	cmp ebp, 0
	jne round
	mov esi, buf
	call strlen
	prn eax
	mov eax, 0		; the hash
	mov esi, buf
hash:	cmp [esi], 0
	je hashed
	mul eax, 31
	add eax, [esi]
	inc esi
	jmp hash
hashed:	prn eax
	prn [equal]
	hlt

; strlen: the length of the string at esi in eax.
strlen:	mov eax, esi
slen:	cmp [eax], 0
	je slend
	inc eax
	jmp slen
slend:	sub eax, esi
	ret

; strcmp: compares the strings at esi and edi; eax < 0, 0 or > 0 as the
; first is before, equal to or after the second. Moves esi and edi.
strcmp:	mov eax, [esi]
	mov edx, [edi]
	cmp eax, edx
	jne sdiff
	cmp eax, 0
	je sdone
	inc esi
	inc edi
	jmp strcmp
sdiff:	sub eax, edx
	ret
sdone:	mov eax, 0
	ret

; strcpy: copies the string at esi to edi, 0 included; leaves edi on the
; 0 it wrote, so the next copy appends.
strcpy:	mov edx, [esi]
	mov [edi], edx
	cmp edx, 0
	je scend
	inc esi
	inc edi
	jmp strcpy
scend:	ret

section .data
equal:	dd 0

; A switch through a jump table, as a C compiler writes one: LEN numbers
; from an LCG, each sent by its value mod 6 (a remainder looked up in
; cases, jmp [cases+edx]) to one of six cases that update a running
; value in its own way, every case ending in a jump to the loop's end
; (break). ROUNDS passes over the numbers. Prints the running value and
; how many numbers went to case 0 and to case 5 in all.
%define ROUNDS 400
%define LEN 10000
section .data
cases:	resd 6
arr:	resd LEN
section .text
start:	mov [cases], case0
	mov [cases+1], case1
	mov [cases+2], case2
	mov [cases+3], case3
	mov [cases+4], case4
	mov [cases+5], case5
	mov eax, 42		; the LCG's state
	mov ecx, 0
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 8
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, LEN
	jl fill
	mov eax, 0		; the running value
	mov esi, 0		; case 0s
	mov edi, 0		; case 5s
	mov ebp, ROUNDS
round:	mov ecx, 0
each:	mov ebx, [arr+ecx]
	mod ebx, 6
	rem edx
	jmp [cases+edx]
case0:	inc esi
	add eax, ebx
	jmp break
case1:	xor eax, ebx
	jmp break
case2:	shl eax, 1
	add eax, ecx
	jmp break
case3:	shr ebx, 3
	sub eax, ebx
	jmp break
case4:	mul eax, 5
	jmp break
case5:	inc edi
	not eax
break:	inc ecx
	cmp ecx, LEN
	jl each
	dec ebp
	cmp ebp, 0
	jne round
	prn eax
	prn esi
	prn edi

; A walk to a 0 through a pointer, counting the numbers above a threshold
; that moves each round: no bound known at the loop's entry, two ways
; back to its top (one through a jmp), a test of the data before the
; compare. Prints the total count.
%define LEN 3000
%define ROUNDS 2000
section .data
arr:	resd LEN+1		; the word after the last stays 0
section .text
start:	mov esi, arr
	mov eax, 2463534242
	mov ecx, LEN
fill:	mov edx, eax		; xorshift32
	shl edx, 13
	xor eax, edx
	mov edx, eax
	shr edx, 17
	xor eax, edx
	mov edx, eax
	shl edx, 5
	xor eax, edx
	mov edx, eax
	shr edx, 20
	or edx, 1		; never 0
	mov [esi], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
	mov ebx, 0		; the threshold
	mov ebp, 0		; the total
	mov edi, ROUNDS
round:	mov esi, arr
	mov edx, 0
scan:	mov eax, [esi]
	test eax, eax
	jz done
	inc esi
	cmp eax, ebx
	jbe scan
	inc edx
	jmp scan
done:	add ebp, edx
	add ebx, 13
	and ebx, 4095
	dec edi
	cmp edi, 0
	jnz round
	prn ebp

; Bit reversal: for i from 1 to COUNT, x = i * 2654435761 (Knuth's
; multiplicative hash), reversed by five swaps of masked halves (bits,
; pairs, nibbles, bytes, half-words: shr, shl, and, or); the xor and the
; sum of the reversed words, and how many have their top bit set. Every
; 64th i, i's low 16 bits are reversed one bit at a time too, and that
; checked against the top half of the fast reversal of i.
%define COUNT 1000000
section .data
fast:	dd 0
count:	dd 0
section .text
start:	mov ecx, 1
	mov esi, 0		; xor
	mov edi, 0		; sum
	mov ebp, 0		; top bits set
	mov edx, 0		; mismatches of the slow way
next:	mov eax, ecx
	mul eax, 2654435761
	call reverse
	xor esi, eax
	add edi, eax
	cmp eax, 0x80000000
	jb low
	inc ebp
low:	test ecx, 63
	jnz skip
	mov eax, ecx
	call reverse
	shr eax, 16		; i's low 16 bits, reversed
	mov [fast], eax
	mov ebx, ecx
	and ebx, 0xFFFF
	mov eax, 0
	mov [count], 16
bit:	shl eax, 1
	test ebx, 1
	jz zero
	or eax, 1
zero:	shr ebx, 1
	dec [count]
	cmp [count], 0
	jg bit
	cmp eax, [fast]
	je skip
	inc edx
skip:	inc ecx
	cmp ecx, COUNT
	jbe next
	prn esi
	prn edi
	prn ebp
	prn edx
	jmp end

; reverse: eax = eax's 32 bits reversed; ebx changes.
reverse: mov ebx, eax
	shr ebx, 1
	and ebx, 0x55555555
	and eax, 0x55555555
	shl eax, 1
	or eax, ebx
	mov ebx, eax
	shr ebx, 2
	and ebx, 0x33333333
	and eax, 0x33333333
	shl eax, 2
	or eax, ebx
	mov ebx, eax
	shr ebx, 4
	and ebx, 0x0F0F0F0F
	and eax, 0x0F0F0F0F
	shl eax, 4
	or eax, ebx
	mov ebx, eax
	shr ebx, 8
	and ebx, 0x00FF00FF
	and eax, 0x00FF00FF
	shl eax, 8
	or eax, ebx
	mov ebx, eax
	shr ebx, 16
	shl eax, 16
	or eax, ebx
	ret
end:	nop

; 64-bit products and sums on pairs of words: for i from 1 to COUNT, the
; full 64-bit product of i * i (to 2^42) and of i by the odd constant
; 0x9E3779B9, each made from four products of 16-bit halves with the
; carries between the middle words found by unsigned compares (jb), and
; the 64-bit sums of both kept in four registers. Prints the four words.
%define COUNT 1500000
section .data
sumhi2:	dd 0
section .text
start:	mov ecx, 1
	mov esi, 0		; sum of squares: high word
	mov edi, 0		; low word
	mov ebp, 0		; the other sum's low word
next:	mov eax, ecx
	mov ebx, ecx
	call mul64		; edx:eax = eax * ebx
	add edi, eax
	cmp edi, eax
	jae nc1
	inc esi
nc1:	add esi, edx
	mov eax, ecx
	mov ebx, 0x9E3779B9
	call mul64
	add ebp, eax
	cmp ebp, eax
	jae nc2
	inc [sumhi2]
nc2:	add [sumhi2], edx
	inc ecx
	cmp ecx, COUNT
	jbe next
	prn esi
	prn edi
	prn [sumhi2]
	prn ebp
	jmp end

; mul64: edx:eax = eax * ebx (unsigned, 64 bits); ebx changes, and the
; scratch words.
mul64:	mov edx, eax
	shr edx, 16		; a1
	and eax, 0xFFFF		; a0
	mov [a1], edx
	mov [a0], eax
	mov edx, ebx
	shr edx, 16		; b1
	and ebx, 0xFFFF		; b0
	mul eax, ebx		; a0 b0: the low part
	mov [lo], eax
	mov eax, [a1]
	mul eax, ebx		; a1 b0
	mov ebx, [a0]
	mul ebx, edx		; a0 b1
	mul edx, [a1]		; a1 b1: the high part
	add eax, ebx		; the middle, 33 bits
	cmp eax, ebx
	jae nomid
	add edx, 0x10000	; its carry is bit 48
nomid:	mov ebx, eax
	shr ebx, 16
	add edx, ebx		; the middle's high half
	shl eax, 16
	add eax, [lo]		; its low half
	cmp eax, [lo]
	jae nolo
	inc edx
nolo:	ret
section .data
a0:	dd 0
a1:	dd 0
lo:	dd 0
section .text
end:	nop

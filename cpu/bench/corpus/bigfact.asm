; N! as a big number: little-endian limbs of four decimal digits (base
; 10000), each multiplied by k for k from 2 to N with the carry passed
; up (a new limb when it is left over at the top); every limb times k
; plus the carry stays below 2^32 for N up to about 400,000. Prints N! in
; decimal, the top limb as it is and every other one as four digits with
; prc, then the number of its digits.
%define N 6000
section .data
limbs:	resd 6000		; room for 24,000 digits
section .text
start:	mov [limbs], 1
	mov ebp, 1		; the limbs in use
	mov ebx, 2		; k
factor:	mov ecx, 0		; the carry
	mov esi, limbs
	mov edi, limbs
	add edi, ebp		; past the top limb
limb:	mov eax, [esi]
	mul eax, ebx
	add eax, ecx
	mov ecx, eax
	div ecx, 10000
	mod eax, 10000
	rem [esi]
	inc esi
	cmp esi, edi
	jl limb
carry:	cmp ecx, 0
	je done
	mod ecx, 10000		; a new limb at the top
	rem [esi]
	div ecx, 10000
	inc esi
	inc ebp
	jmp carry
done:	inc ebx
	cmp ebx, N
	jle factor
	mov esi, limbs		; print from the top
	add esi, ebp
	dec esi
	mov eax, [esi]
	mov edi, 0		; the digits
	mov ecx, 1000		; the top limb without leading zeros
top:	cmp ecx, eax
	jbe topdigits
	div ecx, 10
	jmp top
topdigits: call digits
	dec esi
	cmp esi, limbs
	jl printed
rest:	mov eax, [esi]
	mov ecx, 1000
	call digits
	dec esi
	cmp esi, limbs
	jge rest
printed: prc 10
	prn edi
	hlt

; digits: prints eax in decimal from the power of ten ecx down, counting
; the digits in edi; eax, ecx and edx change.
digits:	mov edx, eax
	div edx, ecx
	mod eax, ecx
	rem eax
	add edx, '0'
	prc edx
	inc edi
	div ecx, 10
	cmp ecx, 0
	jne digits
	ret

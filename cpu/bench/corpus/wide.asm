; 64-bit arithmetic on pairs of words: Knuth's MMIX generator
; x = x * 6364136223846793005 + 1442695040888963407 modulo 2^64, x kept as
; a high word (edi) and a low word (esi). The low words' product is 64
; bits long: it is made from four products of 16-bit halves; the cross
; products' low words go to the high word, and the carry out of the low
; words' sums is found by an unsigned compare (jae). Runs ITER steps,
; adding each x to a 64-bit sum; prints x's and the sum's high and low
; words.
%define ITER 2500000
section .data
sumlo:	dd 0
sumhi:	dd 0
section .text
start:	mov esi, 1		; x = 1
	mov edi, 0
	mov ebp, ITER
step:	mov eax, esi		; esi * 4C957F2Dh, 64 bits, in ebx:ecx
	and eax, 0xFFFF		; u0 = esi's low half
	mov ebx, eax
	mul ebx, 0x7F2D		; u0 * v0
	mov ecx, ebx
	and ecx, 0xFFFF		; its low half is the product's
	shr ebx, 16		; its high half carries
	mov edx, esi
	shr edx, 16		; u1
	mul edx, 0x7F2D
	add edx, ebx		; u1 * v0 + the carry
	mov ebx, edx
	shr ebx, 16		; to the high word
	and edx, 0xFFFF		; to the middle
	mul eax, 0x4C95		; u0 * v1
	add eax, edx
	mov edx, eax
	shl edx, 16
	add ecx, edx		; the low word is done
	shr eax, 16
	add ebx, eax
	mov eax, esi
	shr eax, 16
	mul eax, 0x4C95		; u1 * v1
	add ebx, eax		; the high word, but for the cross products
	mul edi, 0x4C957F2D	; x's high word * a's low word
	add ebx, edi
	mov eax, esi
	mul eax, 0x5851F42D	; x's low word * a's high word
	add ebx, eax
	add ecx, 0xF767814F	; + c
	cmp ecx, 0xF767814F
	jae nocarry
	inc ebx
nocarry: add ebx, 0x14057B7E
	mov esi, ecx
	mov edi, ebx
	add [sumlo], esi	; sum += x
	cmp [sumlo], esi
	jae nosumcarry
	inc [sumhi]
nosumcarry: add [sumhi], edi
	dec ebp
	cmp ebp, 0
	jne step
	prn edi
	prn esi
	prn [sumhi]
	prn [sumlo]

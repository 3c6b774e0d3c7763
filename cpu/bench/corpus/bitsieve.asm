; A sieve of Eratosthenes on a bit set of the odd numbers: bit j (bit
; j and 31 of word j shr 5) stands for 2j+1, set once it is known to be
; composite. Below the limit L = 64 WORDS, for every odd p whose bit is
; clear with p*p < L, the odd multiples from p*p up get their bits set
; (or with 1 shl (j and 31)); then the clear bits are counted a word at a
; time (the complement's bits, x and (x-1) dropping the lowest), with 2
; and less 1 (bit 0). Prints the primes below L and the largest.
%define WORDS 131072
section .data
bits:	resd WORDS
section .text
start:	mov [bits], 1		; 1 is not prime
	mov ebx, WORDS
	shl ebx, 5		; the bits: L / 2
	mov ecx, 1		; j, for p = 2j+1
prime:	mov eax, ecx
	shr eax, 5
	mov eax, [bits+eax]
	mov edx, ecx
	and edx, 31
	shr eax, edx
	test eax, 1
	jne composite
	mov esi, ecx
	shl esi, 1
	inc esi			; p
	mov edi, esi
	mul edi, esi
	shr edi, 1		; the bit of p*p
	cmp edi, ebx
	jae sieved
mark:	mov eax, edi
	shr eax, 5
	mov edx, edi
	and edx, 31
	mov ebp, 1
	shl ebp, edx
	or [bits+eax], ebp
	add edi, esi		; the next odd multiple: 2p further, p bits
	cmp edi, ebx
	jb mark
composite: inc ecx
	jmp prime
sieved:	mov eax, 1		; the primes: 2 first
	mov esi, 0		; the word
count:	mov edx, [bits+esi]
	not edx			; the primes' bits
	cmp edx, 0
	je next
	mov edi, esi		; the highest of this word, for the largest
	mov [last], edx
ones:	inc eax
	mov ebp, edx
	dec ebp
	and edx, ebp
	cmp edx, 0
	jne ones
next:	inc esi
	cmp esi, WORDS
	jl count
	prn eax
	mov edx, [last]		; the highest bit of the last word with a prime
	mov ecx, 31
high:	mov ebp, edx
	shr ebp, ecx
	cmp ebp, 0
	jne found
	dec ecx
	jmp high
found:	shl edi, 5
	add edi, ecx
	shl edi, 1
	inc edi
	prn edi
	hlt

section .data
last:	dd 0

; A histogram, then its running sums: COUNT pseudo-random numbers (an LCG)
; counted into BINS bins through inc [bins+edx], then each bin made the sum
; of those before it through [esi] and [esi+1]. Prints two of the sums and
; a checksum (each sum times its bin, modulo 2^32).
%define COUNT 12000000
%define BINS 1024
section .data
bins:	resd BINS
section .text
start:	mov eax, 12345
	mov ecx, COUNT
draw:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	and edx, 1023		; BINS - 1
	inc [bins+edx]
	dec ecx
	cmp ecx, 0
	jne draw
	mov esi, bins		; the running sums
	mov ecx, BINS
	dec ecx
prefix:	mov edx, [esi]
	add [esi+1], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne prefix
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [bins+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, BINS
	jl sum
	prn [bins+511]
	prn [bins+1023]
	prn eax

; Small functions with branches, called from a loop: abs (one forward
; jump), clamp (to -1000..1000, two compares and three rets) and max (of
; eax and ebx), on a stream of signed values from an LCG. Prints the sum
; of the clamped values, of the absolute values mod 2^32 and the largest.
%define N 400000
section .text
start:	mov ecx, N
	mov edx, 99		; the generator
	mov esi, 0
	mov edi, 0
	mov ebp, -2147483648	; the largest so far
next:	mul edx, 1103515245
	add edx, 12345
	mov eax, edx
	shr eax, 20
	sub eax, 2048		; -2048..2047
	call clamp
	add esi, eax
	mov eax, edx
	sub eax, 2147483648	; signed
	call abs
	add edi, eax
	mov ebx, ebp
	call max
	mov ebp, eax
	dec ecx
	cmp ecx, 0
	jne next
	prn esi
	prn edi
	prn ebp
	hlt
abs:	cmp eax, 0
	jge absdone
	mul eax, -1
absdone: ret
clamp:	cmp eax, -1000
	jge notlow
	mov eax, -1000
	ret
notlow:	cmp eax, 1000
	jle inrange
	mov eax, 1000
inrange: ret
max:	cmp eax, ebx
	jge maxdone
	mov eax, ebx
maxdone: ret

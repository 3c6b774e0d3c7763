; A function called from several sites inside loops: mix (after the main
; loop) folds eax into a hash in edx, and the loop calls it for i, for
; i*i and, in an inner loop, for each of four small values; scale (before
; start) is called from two sites. Every ret returns to one of several
; call sites, alternating. Prints the hash and the last scaled value.
%define N 150000
section .text
scale:	mov ebx, eax
	shl ebx, 2
	add ebx, eax
	ret
start:	mov ecx, N
	mov edx, 2166136261
loop:	mov eax, ecx
	call mix
	mov eax, ecx
	mul eax, ecx
	call mix
	mov esi, 4
inner:	mov eax, esi
	call scale
	mov eax, ebx
	call mix
	dec esi
	cmp esi, 0
	jne inner
	mov eax, edx
	call scale
	dec ecx
	cmp ecx, 0
	jne loop
	prn edx
	prn ebx
	hlt
mix:	xor edx, eax
	mul edx, 16777619
	ret

; Integer square roots by Newton's method: an inner loop of a division,
; a shift and a compare that leaves in its middle, in a counted outer
; loop; no memory. Prints the roots' checksum.
%define N 400000
start:	mov edi, 1		; n
	mov ebp, 0
outer:	mov eax, edi		; x
newton:	mov ebx, edi
	div ebx, eax		; n / x
	add ebx, eax
	shr ebx, 1		; y = (x + n/x) / 2
	cmp ebx, eax
	jae found
	mov eax, ebx
	jmp newton
found:	add ebp, eax
	xor ebp, edi
	inc edi
	cmp edi, N
	jb outer
	prn ebp

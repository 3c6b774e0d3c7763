; Reverses an array in place by index pairs (a[i] with a[n-1-i], the
; second index worked out from the first), checks whether it reads the
; same both ways, and rotates it by one: ROUNDS times. Prints checksums.
%define N 4001
%define HALF 2000
%define ROUNDS 300
section .data
arr:	resd N
section .text
start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, ecx
	mod eax, 97
	rem eax
	mov [arr+ecx], eax
	inc ecx
	cmp ecx, N
	jl fill
	mov ebp, 0
	mov edi, 0		; checksum
round:	mov ebx, N-1		; reverse: swap arr[i], arr[n-1-i]
	mov ecx, 0
rev:	mov edx, ebx
	sub edx, ecx		; j = n-1-i
	mov eax, [arr+ecx]
	mov esi, [arr+edx]
	mov [arr+ecx], esi
	mov [arr+edx], eax
	inc ecx
	cmp ecx, HALF
	jl rev
	mov ecx, 0		; count the mirrored pairs that match
	mov esi, 0
pal:	mov edx, ebx
	sub edx, ecx
	mov eax, [arr+ecx]
	cmp eax, [arr+edx]
	jne diff
	inc esi
diff:	inc ecx
	cmp ecx, HALF
	jl pal
	add edi, esi
	mov esi, [arr]		; rotate left by one
	mov ecx, 0
rot:	mov eax, ecx
	add eax, 1
	mov edx, [arr+eax]
	mov [arr+ecx], edx
	inc ecx
	cmp ecx, N-1
	jl rot
	mov [arr+N-1], esi
	add edi, [arr+7]
	inc ebp
	cmp ebp, ROUNDS
	jl round
	prn edi
	prn [arr]
	prn [arr+N-1]

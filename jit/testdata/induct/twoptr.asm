; Bounds by two moving registers: an in-place reversal of an array
; (esi up, edi down, until they meet), and a pair-sum search over a
; sorted array (one of the two pointers moves each turn, by the data).
; Prints the checksums.
%define N 5000
%define ROUNDS 1500
section .data
arr:	resd N
section .text
start:	mov esi, arr		; arr[i] = 3i + i mod 7
	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 3
	mov edx, ecx
	mod edx, 7
	rem edx
	add eax, edx
	mov [esi], eax
	inc esi
	inc ecx
	cmp ecx, N
	jb fill
	mov ebp, ROUNDS
	mov ebx, 0		; the checksum
round:	mov esi, arr		; reverse, twice: back in order
	mov edi, arr+N-1
rev:	cmp esi, edi
	jae revd
	mov eax, [esi]
	mov edx, [edi]
	mov [esi], edx
	mov [edi], eax
	inc esi
	dec edi
	jmp rev
revd:	add ebx, [arr+1]
	mov esi, arr
	mov edi, arr+N-1
rev2:	mov eax, [esi]
	mov edx, [edi]
	mov [esi], edx
	mov [edi], eax
	inc esi
	dec edi
	cmp esi, edi
	jb rev2
	mov ecx, ebp		; pairs summing to a target
	mul ecx, 131
	add ecx, 7000
	mov esi, arr
	mov edi, arr+N-1
pair:	cmp esi, edi
	jae paird
	mov eax, [esi]
	add eax, [edi]
	cmp eax, ecx
	je hit
	jb up
	dec edi
	jmp pair
up:	inc esi
	jmp pair
hit:	inc ebx
	inc esi
	dec edi
	jmp pair
paird:	add ebx, esi
	dec ebp
	cmp ebp, 0
	jne round
	prn ebx

; Early exits through a pointer bounded by a pointer past the end of
; memory: each search may run to an end given as the table's start plus
; a limit far larger than the table (a count read from the input, say).
; Prints the sum of the offsets found.
%define N 1400
%define ROUNDS 600
section .data
limit:	dd 5000000
tab:	resd N
section .text
start:	mov esi, tab		; tab[i] = i*613 mod 4099
	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 613
	mod eax, 4099
	rem eax
	mov [esi], eax
	inc esi
	inc ecx
	cmp ecx, N
	jl fill
	mov ebx, 0
	mov edx, 0
round:	mov eax, edx		; the key: tab[(round*53) mod N]
	mul eax, 53
	mod eax, N
	rem eax
	mov eax, [tab+eax]
	mov esi, tab
	mov edi, tab
	add edi, [limit]
find:	mov ebp, [esi]
	cmp ebp, eax
	je hit
	inc esi
	cmp esi, edi
	jb find
hit:	sub esi, tab
	add ebx, esi
	inc edx
	cmp edx, ROUNDS
	jl round
	prn ebx

; Early exits walking down: the last occurrence of a key, a pointer moved
; down from the table's end while it is above 0 (a bound on the register
; words), and an index walked down to 0 through [tab+ecx]. Prints the sum
; of the positions found.
%define N 1600
%define ROUNDS 500
section .data
tab:	resd N
section .text
start:	mov ecx, 0
fill:	mov eax, ecx
	mul eax, 389
	mod eax, 997
	rem eax
	mov [tab+ecx], eax
	inc ecx
	cmp ecx, N
	jl fill
	mov ebx, 0
	mov edx, 0
round:	mov eax, edx		; a key that is there: tab[(round*71) mod N]
	mul eax, 71
	mod eax, N
	rem eax
	mov eax, [tab+eax]
	mov esi, tab+N-1
back:	cmp [esi], eax
	je hit
	dec esi
	cmp esi, 0
	ja back
hit:	sub esi, tab
	add ebx, esi
	mov eax, edx		; a key that is there: tab[(round*13) mod N]
	mul eax, 13
	mod eax, N
	rem eax
	mov eax, [tab+eax]
	mov ecx, N-1
back2:	cmp [tab+ecx], eax
	je hit2
	sub ecx, 1
	cmp ecx, -1000000
	jg back2
hit2:	add ebx, ecx
	inc edx
	cmp edx, ROUNDS
	jl round
	prn ebx

; The travelling salesman by exhaustive search with pruning: N = 10
; cities, the distance from i to j (1 to 100, from an LCG, not symmetric)
; at dist + i*N + j; every tour starts and ends at city 0. visit is a
; recursive subroutine taking the city, how many cities the tour holds
; and its cost on the stack, read through ebp; it gives up a partial
; tour as soon as its cost reaches the best whole tour found so far.
; Solves ROUNDS such problems (the LCG going on); prints the sum of the
; shortest tours, the last one and the calls of visit in all.
%define ROUNDS 100
%define N 10
section .data
dist:	resd 100		; N * N
seen:	resd N
section .text
start:	mov edx, 99		; the LCG's state
	mov [round], ROUNDS
	mov [total], 0
	mov [calls], 0
problem: mov ecx, 0
fill:	mul edx, 1103515245
	add edx, 12345
	mov eax, edx
	shr eax, 16
	mod eax, 100
	rem eax
	inc eax
	mov [dist+ecx], eax
	inc ecx
	cmp ecx, 100
	jl fill
	mov [lcg], edx
	mov [seen], 1		; the tour starts at city 0
	mov [best], 1000000
	push 0			; its cost
	push 1			; the cities in it
	push 0			; its last city
	call visit
	add esp, 3
	mov eax, [best]
	add [total], eax
	mov edx, [lcg]
	dec [round]
	cmp [round], 0
	jg problem
	prn [total]
	prn [best]
	prn [calls]
	hlt

; visit: [ebp+2] the tour's last city, [ebp+3] how many it holds, [ebp+4]
; its cost; tries every city not seen yet next. eax, ebx and ecx change.
visit:	push ebp
	mov ebp, esp
	inc [calls]
	mov eax, [ebp+4]
	cmp eax, [best]
	jge back		; no better than the best already
	mov ebx, [ebp+3]
	cmp ebx, N
	jne deeper
	mov ecx, [ebp+2]	; every city seen: back to city 0
	mul ecx, N
	add eax, [dist+ecx]
	cmp eax, [best]
	jge back
	mov [best], eax
	jmp back
deeper:	push esi
	mov esi, 1		; the next city
try:	cmp [seen+esi], 0
	jne tried
	mov [seen+esi], 1
	mov ecx, [ebp+2]
	mul ecx, N
	add ecx, esi
	mov eax, [ebp+4]
	add eax, [dist+ecx]
	push eax
	mov eax, [ebp+3]
	inc eax
	push eax
	push esi
	call visit
	add esp, 3
	mov [seen+esi], 0
tried:	inc esi
	cmp esi, N
	jl try
	pop esi
back:	pop ebp
	ret

section .data
round:	dd 0
total:	dd 0
calls:	dd 0
best:	dd 0
lcg:	dd 0

; A memory accumulator and a memory counter updated in a loop that calls
; a function: the function mixes the counter into a hash in registers
; (a few shifts and xors, a small loop), the loop adds the result to the
; accumulator and folds it every 64 rounds. Prints the accumulator, the
; fold count and the last hash.
%define ROUNDS 4000000
section .data
acc:	dd 0
count:	dd 0
folds:	dd 0
section .text
start:	mov ebx, 2166136261
loop:	mov eax, [count]
	call mix
	add [acc], eax
	mov edx, [count]
	and edx, 63
	cmp edx, 63
	jne nofold
	mov edx, [acc]
	shr edx, 7
	xor [acc], edx
	inc [folds]
nofold:	inc [count]
	cmp [count], ROUNDS
	jb loop
	prn [acc]
	prn [folds]
	prn ebx
	hlt
mix:	mov ecx, 4
mixl:	xor ebx, eax
	mul ebx, 16777619
	shr eax, 8
	dec ecx
	cmp ecx, 0
	jne mixl
	mov eax, ebx
	shr eax, 3
	ret

; An RPN calculator: a text of expressions in reverse Polish notation, one
; character a word, each ended by '=', is read a character at a time and
; each token sent to its case by a chain of compares (a switch): a number
; of one or more digits is pushed on the machine stack; + - * / % pop two
; and push the result (unsigned / and %); d pushes a copy of the top, s
; swaps the top two. At '=' the result is popped. The text is evaluated
; ROUNDS times; prints each result (the last round's) and the sum of the
; results of all rounds (modulo 2^32).
%define ROUNDS 40000
section .data
text:	dd "3 4 + 2 * 7 - = 15 7 1 1 + - / 3 * 2 1 1 + + - = "
	dd "2 3 4 * 5 6 * + * = 100 7 % 9 * 4 / = "
	dd "1 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + = 12345 678 - 9 * 1000 % = "
	dd "5 d * d * 7 - = 3 10 - = 1 2 s - = 65535 d * 17 / 1000003 % = "
	dd "31 d d d * * * 999 s % = 7 3 % 4 9 % * 11 13 * + d d * s - = ", 0
rounds:	dd ROUNDS
sum:	dd 0
section .text
start:	mov esi, text
token:	mov eax, [esi]
	inc esi
	cmp eax, ' '
	je token
	cmp eax, '='
	je result
	cmp eax, 0
	je ended
	cmp eax, '+'
	je plus
	cmp eax, '-'
	je minus
	cmp eax, '*'
	je times
	cmp eax, '/'
	je divide
	cmp eax, '%'
	je modulo
	cmp eax, 'd'
	je dup
	cmp eax, 's'
	je swap
	sub eax, '0'		; a number: its first digit
digit:	mov edx, [esi]
	cmp edx, '0'
	jl number
	cmp edx, '9'
	jg number
	mul eax, 10
	sub edx, '0'
	add eax, edx
	inc esi
	jmp digit
number:	push eax
	jmp token
plus:	pop edx
	pop eax
	add eax, edx
	push eax
	jmp token
minus:	pop edx
	pop eax
	sub eax, edx
	push eax
	jmp token
times:	pop edx
	pop eax
	mul eax, edx
	push eax
	jmp token
divide:	pop edx
	pop eax
	div eax, edx
	push eax
	jmp token
modulo:	pop edx
	pop eax
	mod eax, edx
	rem eax
	push eax
	jmp token
dup:	pop eax
	push eax
	push eax
	jmp token
swap:	pop edx
	pop eax
	push edx
	push eax
	jmp token
result:	pop eax
	add [sum], eax
	cmp [rounds], 1
	jne token
	prn eax
	jmp token
ended:	dec [rounds]
	cmp [rounds], 0
	jne start
	prn [sum]

; A scanner as a state machine written as code: each state is a label
; that reads the next character, takes its class from a table and
; branches to the next state, backward as often as forward (an
; identifier or a number that ends goes back to the code state, which
; comes first). No jump table. Counts identifiers, numbers, strings and
; comments in a text, hashes the identifiers and adds up the numbers,
; ROUNDS times; prints the counts, the hash and the sum.
%define ROUNDS 20000
section .data
text:	dd "x1 = foo(42, bar) + 7; /* note */ s = ", 34, "hi there", 34, ";", 10
	dd "for i in 0..100 { total += a[i] * 3 } // sum", 10
	dd "if ok && n2 > 15 { emit(", 34, "done", 34, ", n2) }", 10, 0
class:	resd 128		; 0 end, 1 other, 2 letter, 3 digit, 4 quote, 5 slash, 6 newline
idents:	dd 0
numbers: dd 0
strings: dd 0
comments: dd 0
section .text
start:	mov ecx, 1
fill:	mov [class+ecx], 1
	inc ecx
	cmp ecx, 128
	jl fill
	mov ecx, 'a'
letters: mov [class+ecx], 2
	mov edx, ecx
	sub edx, 32
	mov [class+edx], 2
	inc ecx
	cmp ecx, 'z'
	jle letters
	mov [class+'_'], 2
	mov ecx, '0'
digits:	mov [class+ecx], 3
	inc ecx
	cmp ecx, '9'
	jle digits
	mov [class+34], 4
	mov [class+'/'], 5
	mov [class+10], 6
	mov ebp, ROUNDS
	mov ebx, 0		; the identifiers' hash
	mov edi, 0		; the numbers' sum
round:	mov esi, text
code:	mov eax, [esi]		; the code state
	inc esi
	mov edx, [class+eax]
	cmp edx, 2
	je ident
	cmp edx, 3
	je number
	cmp edx, 4
	je string
	cmp edx, 5
	je slash
	cmp edx, 0
	je ended
	jmp code
ident:	inc [idents]
	mov ecx, eax
idmore:	mov eax, [esi]
	inc esi
	mov edx, [class+eax]
	cmp edx, 2
	je idchar
	cmp edx, 3
	je idchar
	add ebx, ecx		; the identifier ends
	dec esi			; its next character is code's
	jmp code
idchar:	mul ecx, 31
	add ecx, eax
	jmp idmore
number:	inc [numbers]
	mov ecx, eax
	sub ecx, '0'
nummore: mov eax, [esi]
	inc esi
	cmp [class+eax], 3
	jne numend
	mul ecx, 10
	add ecx, eax
	sub ecx, '0'
	jmp nummore
numend:	add edi, ecx
	dec esi
	jmp code
string:	mov eax, [esi]
	inc esi
	cmp eax, 34
	je strend
	cmp eax, 0
	je ended
	jmp string
strend:	inc [strings]
	jmp code
slash:	mov eax, [esi]
	cmp eax, '/'
	je line
	cmp eax, '*'
	jne code		; a division
	inc esi
block:	mov eax, [esi]		; to the closing */
	inc esi
	cmp eax, 0
	je ended
	cmp eax, '*'
	jne block
	cmp [esi], '/'
	jne block
	inc esi
	inc [comments]
	jmp code
line:	mov eax, [esi]		; to the end of the line
	inc esi
	cmp eax, 0
	je ended
	cmp eax, 10
	jne line
	inc [comments]
	jmp code
ended:	dec ebp
	cmp ebp, 0
	jne round
	prn [idents]
	prn [numbers]
	prn [strings]
	prn [comments]
	prn ebx
	prn edi

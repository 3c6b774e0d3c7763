; A tokenizer as a state machine with a jump table: scans a text of words,
; numbers and punctuation ROUNDS times, one character at a time, the
; character's class from a 128-word table ([class+eax]) and the handler of
; the state from a jump table (jmp [states+ebx]). Counts the words (a
; letter, then letters and digits) and the numbers, adds up the numbers'
; values and hashes the words' characters (h = h*31 + c); prints the
; counts in decimal and the sum and the hash in hexadecimal, a digit at a
; time with prc.
%define ROUNDS 60000
section .data
text:	dd "In 1492 Columbus sailed the ocean blue; 3 ships, 90 men and 1 dream. "
	dd "Tokens: 7 up, 12 down, 365 days & 24 hours!! x86 is 32-bit, 2026-12-07.", 0
class:	resd 128		; 0 other, 1 space, 2 letter, 3 digit, 4 the end
states:	resd 3			; the handlers of: between tokens, in a word, in a number
hex:	dd "0123456789abcdef"
words:	dd 0
numbers: dd 0
sum:	dd 0
section .text
start:	mov [states], between
	mov [states+1], inword
	mov [states+2], innumber
	mov [class], 4
	mov [class+' '], 1
	mov ecx, 'a'
letters: mov [class+ecx], 2
	mov edx, ecx
	sub edx, 32		; its capital
	mov [class+edx], 2
	inc ecx
	cmp ecx, 'z'
	jle letters
	mov ecx, '0'
digits:	mov [class+ecx], 3
	inc ecx
	cmp ecx, '9'
	jle digits
	mov ebp, ROUNDS
	mov edi, 0		; the words' hash
scan:	mov esi, text
	mov ebx, 0		; the state: between tokens
next:	mov eax, [esi]
	inc esi
	mov edx, [class+eax]
	jmp [states+ebx]
between: cmp edx, 2
	je newword
	cmp edx, 3
	je newnumber
	cmp edx, 4
	je ended
	jmp next		; a space or punctuation
newword: mov ebx, 1
	inc [words]
wordchar: mul edi, 31
	add edi, eax
	jmp next
newnumber: mov ebx, 2
	inc [numbers]
	mov ecx, 0		; its value
digit:	mul ecx, 10
	add ecx, eax
	sub ecx, '0'
	jmp next
inword:	cmp edx, 2
	je wordchar
	cmp edx, 3
	je wordchar
	mov ebx, 0		; the word ends: this character is between tokens
	jmp between
innumber: cmp edx, 3
	je digit
	add [sum], ecx		; the number ends
	mov ebx, 0
	jmp between
ended:	dec ebp
	cmp ebp, 0
	jne scan
	prn [words]
	prn [numbers]
	mov eax, [sum]
	call prhex
	mov eax, edi
	call prhex
	hlt

; prhex: prints eax in hexadecimal (no leading zeros) and a newline; eax
; and edx change.
prhex:	call hexdigits
	prc 10
	ret
hexdigits: mov edx, eax		; the last digit is printed after the others
	and edx, 15
	push edx
	shr eax, 4
	cmp eax, 0
	je first
	call hexdigits
first:	pop edx
	prc [hex+edx]
	ret

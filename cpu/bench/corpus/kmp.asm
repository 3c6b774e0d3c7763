; Knuth-Morris-Pratt string search: ROUNDS texts of 50,000 letters, a or
; b from an LCG's bit 16 (its state kept across rounds), each searched for
; six patterns. A pattern is copied into pat, its failure table built in
; fail (fail[q]: the longest proper border of pat[0..q]), then the text is
; scanned once through a pointer, [esi], falling back through fail on a
; mismatch; overlapping matches count. Prints each pattern's matches over
; all rounds and their total.
%define ROUNDS 40
section .data
patterns: dd "abab", 0, "aabaa", 0, "abbabbab", 0, "baaab", 0
	dd "abaababaab", 0, "bbbbbbb", 0, 0
counts:	resd 6
pat:	resd 16
fail:	resd 16
seed:	dd 2024
rounds:	dd ROUNDS
text:	resd 50000
tend:	dd 0
section .text
start:	mov esi, text		; a new text
	mov eax, [seed]
letter:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	and edx, 1
	add edx, 'a'
	mov [esi], edx
	inc esi
	cmp esi, tend
	jl letter
	mov [seed], eax
	mov edi, patterns	; the next pattern
	mov ebp, 0		; its number
pattern: cmp [edi], 0
	je searched
	mov ebx, 0		; copy it to pat; ebx: its length
copy:	mov eax, [edi]
	inc edi
	cmp eax, 0
	je copied
	mov [pat+ebx], eax
	inc ebx
	jmp copy
copied:	mov [fail], 0		; the failure table
	mov edx, 0		; k
	mov ecx, 1		; q
border:	cmp ecx, ebx
	jge built
	mov eax, [pat+ecx]
shorter: cmp edx, 0
	je extend
	cmp [pat+edx], eax
	je extend
	mov edx, [fail+edx-1]
	jmp shorter
extend:	cmp [pat+edx], eax
	jne setfail
	inc edx
setfail: mov [fail+ecx], edx
	inc ecx
	jmp border
built:	mov esi, text		; the scan
	mov edx, 0		; k: the letters matched
	mov ecx, 0		; the matches
scan:	mov eax, [esi]
back:	cmp edx, 0
	je try
	cmp [pat+edx], eax
	je try
	mov edx, [fail+edx-1]
	jmp back
try:	cmp [pat+edx], eax
	jne advance
	inc edx
	cmp edx, ebx
	jne advance
	inc ecx			; a match
	mov edx, [fail+edx-1]
advance: inc esi
	cmp esi, tend
	jl scan
	add [counts+ebp], ecx
	inc ebp
	jmp pattern
searched: dec [rounds]
	cmp [rounds], 0
	jne start
	mov ecx, 0		; print the counts and their total
	mov eax, 0
show:	prn [counts+ecx]
	add eax, [counts+ecx]
	inc ecx
	cmp ecx, 6
	jl show
	prn eax

; Boyer-Moore-Horspool search: a text of 100,000 letters 'a' to 'p' (an
; LCG, one letter a word) is searched for PATTERNS patterns, pattern i
; being the 4 + i mod 13 letters of the text at a pseudo-random place.
; For each, a skip table of 128 entries says how far the window moves
; when its last letter is c (the pattern's length, less for the letters
; of the pattern but its last); a window is compared from its end
; backwards. Prints the matches found in all, the sum of the places of
; the first match of each pattern and the number of windows tried.
%define PATTERNS 1200
%define TEXT 100000
section .data
text:	resd TEXT
skip:	resd 128
pat:	resd 16
section .text
start:	mov eax, 31415		; the LCG's state
	mov ecx, 0
fill:	mul eax, 1664525
	add eax, 1013904223
	mov edx, eax
	shr edx, 28
	add edx, 'a'
	mov [text+ecx], edx
	inc ecx
	cmp ecx, TEXT
	jl fill
	mov [matches], 0
	mov [firsts], 0
	mov [windows], 0
	mov [i], 0
pattern: mov edx, [i]		; its length: 4 + i mod 13
	mod edx, 13
	rem ebp
	add ebp, 4
	mul eax, 1664525	; its place in the text
	add eax, 1013904223
	mov ebx, eax
	shr ebx, 8
	mod ebx, 99980
	rem ebx
	add ebx, text
	mov ecx, 0
copy:	mov edx, [ebx]
	mov [pat+ecx], edx
	inc ebx
	inc ecx
	cmp ecx, ebp
	jl copy
	mov ecx, 0		; the skip table
clear:	mov [skip+ecx], ebp
	inc ecx
	cmp ecx, 128
	jl clear
	mov ecx, 0
shift:	mov edx, [pat+ecx]
	mov ebx, ebp
	dec ebx
	sub ebx, ecx
	mov [skip+edx], ebx
	inc ecx
	mov ebx, ebp
	dec ebx
	cmp ecx, ebx
	jl shift
	mov [first], -1
	mov esi, text		; the window's last letter
	add esi, ebp
	dec esi
	mov ebx, text+TEXT	; the end of the text
window:	cmp esi, ebx
	jge searched
	inc [windows]
	mov edi, pat		; compare backwards from the end
	add edi, ebp
	dec edi
	mov ecx, esi
compare: mov edx, [ecx]
	cmp edx, [edi]
	jne skipped
	dec ecx
	dec edi
	cmp edi, pat
	jge compare
	inc [matches]		; a match at ecx + 1
	cmp [first], -1
	jne skipped
	inc ecx
	sub ecx, text
	mov [first], ecx
skipped: mov edx, [esi]
	add esi, [skip+edx]
	jmp window
searched: mov edx, [first]
	add [firsts], edx
	inc [i]
	cmp [i], PATTERNS
	jl pattern
	prn [matches]
	prn [firsts]
	prn [windows]
	hlt

section .data
matches: dd 0
firsts:	dd 0
windows: dd 0
first:	dd 0
i:	dd 0

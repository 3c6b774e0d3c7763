; A loop reading input a character at a time: rdc to the end of the input
; (-1), counting lines, words and characters, as wc does.
section .text
start:	mov ebx, 0		; lines
	mov ecx, 0		; words
	mov edx, 0		; characters
	mov esi, 0		; in a word
more:	rdc eax
	cmp eax, -1
	je done
	inc edx
	cmp eax, 10
	jne notnl
	inc ebx
notnl:	cmp eax, 32
	jbe space
	cmp esi, 0
	jne more
	mov esi, 1
	inc ecx
	jmp more
space:	mov esi, 0
	jmp more
done:	prn ebx
	prn ecx
	prn edx

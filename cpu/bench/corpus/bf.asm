; A Brainfuck interpreter: the program, one character a word, is read by
; a loop that sends each character to its case by a chain of compares;
; the brackets' partners are found first with a stack of open brackets
; (match holds, for every bracket, the place of its partner). The tape is
; TAPE words of 32 bits through edi. The program nests four counting
; loops and is run ROUNDS times on a cleared tape; prints the tape's
; first six cells and the Brainfuck instructions run.
%define ROUNDS 40
%define TAPE 64
section .data
code:	dd "++++++++[>++++++++++<-]>[>+++++[>++++++[>+>++>+++<<<-]>>>[>+<-]<<<<-]<-]", 0
match:	resd 100
tape:	resd TAPE
section .text
start:	mov esi, 0		; pair the brackets
pairs:	mov eax, [code+esi]
	cmp eax, 0
	je paired
	cmp eax, '['
	jne close
	push esi
	jmp nextc
close:	cmp eax, ']'
	jne nextc
	pop ebx
	mov [match+esi], ebx
	mov [match+ebx], esi
nextc:	inc esi
	jmp pairs
paired:	mov ebp, ROUNDS
	mov ecx, 0		; Brainfuck instructions run
round:	mov edi, tape		; clear the tape
clear:	mov [edi], 0
	inc edi
	cmp edi, tape+TAPE
	jl clear
	mov edi, tape
	mov esi, code
run:	mov eax, [esi]
	cmp eax, 0
	je ended
	inc ecx
	cmp eax, '+'
	jne minus
	inc [edi]
	jmp next
minus:	cmp eax, '-'
	jne right
	dec [edi]
	jmp next
right:	cmp eax, '>'
	jne left
	inc edi
	jmp next
left:	cmp eax, '<'
	jne open
	dec edi
	jmp next
open:	cmp eax, '['
	jne shut
	cmp [edi], 0
	jne next
	mov esi, [match+esi-code]	; to the partner, then past it
	add esi, code
	jmp next
shut:	cmp eax, ']'
	jne next
	cmp [edi], 0
	je next
	mov esi, [match+esi-code]
	add esi, code
next:	inc esi
	jmp run
ended:	dec ebp
	cmp ebp, 0
	jne round
	prn [tape]
	prn [tape+1]
	prn [tape+2]
	prn [tape+3]
	prn [tape+4]
	prn [tape+5]
	prn ecx

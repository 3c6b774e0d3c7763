; Jumps through a word of the data at a constant address (a function
; pointer, jmp [fp]): its target is an entry, however alone the word is.
; The program rewrites the word twice: to another handler, then into the
; middle of an instruction (h1's operand), where the interpreter decides.
section .data
fp:	dd h1
	dd 7		; not an address: the word above is alone
section .text
start:	mov ecx, 0
top:	inc ecx
	cmp ecx, 40
	jge out
	cmp ecx, 15
	jne late
	mov [fp], h2
late:	cmp ecx, 39
	jne go
	mov [fp], h1
	add [fp], 1
go:	jmp [fp]
h1:	add eax, ecx
	jmp top
h2:	add ebx, ecx
	jmp top
out:	prn eax
	prn ebx

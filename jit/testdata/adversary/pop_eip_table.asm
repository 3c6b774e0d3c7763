; A pop into eip goes, as a ret, where a call or a push put the address
; (dispatch.go, directOnly): here a push of a word of a jump table, whose
; blocks the loop's own jmp [tab+eax] reaches by a label and so are no
; entries; the pop lands on one through the dispatch, which finds no entry
; and leaves it to the interpreter. Then a pop of a pushed label, an
; entry, and one of a bad address, which faults.
section .data
tab:	dd a, b
section .text
start:	mov ecx, 0
top:	inc ecx
	mov eax, ecx
	and eax, 1
	jmp [tab+eax]
a:	add ebx, 1
	jmp q
b:	add ebx, 2
q:	cmp ecx, 20
	jl top
	inc ecx
	mov eax, ecx
	and eax, 1
	cmp ecx, 40
	jge last
	push [tab+eax]
	pop eip
last:	prn ebx
	push fin
	pop eip
	prn 0
fin:	prn ecx
	push 5000
	pop eip

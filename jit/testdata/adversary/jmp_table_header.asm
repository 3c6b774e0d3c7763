; A jump table inside a loop whose targets are the loop's own header and
; four cases ahead (one br_table at the jump, dispatch.go): the cases are
; no entries, so the loop tests its budget on the edges into its header
; (budget.go), and the table's way back to the header must test it too;
; cut by every step limit.
section .data
tab:	dd top, a, b, c, d
section .text
start:	mov ecx, 0
top:	inc ecx
	cmp ecx, 200
	jge out
	mov eax, ecx
	mod eax, 5
	mov eax, rem
	jmp [tab+eax]
a:	add ebx, 1
	jmp top
b:	add ebx, 2
	jmp top
c:	add ebx, 3
	jmp top
d:	add ebx, 4
	jmp top
out:	prn ebx

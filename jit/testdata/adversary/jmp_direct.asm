; Jump tables whose handlers the jump reaches by a label, ahead of it in
; its loop (dispatch.go): no entries, so the budget of each is tested at
; the loop's header; cut by every step limit. A dense table of six (one
; br_table at the jump), a sparse one of three (compares); a table entry
; rewritten to the other table's handler, to a block no table holds (the
; interpreter runs the jump, then on to a place compiled code starts
; from), and at the end to the middle of an instruction.
section .data
dense:	dd d0, d1, d2, d3, d4, d5
sparse:	dd s0, s1, s2
section .text
start:	mov ecx, 0
	mov edi, 0
loop:	mov eax, ecx
	mod eax, 6
	mov eax, rem
	jmp [dense+eax]
d0:	add edi, 1
	jmp join
d1:	add edi, 10
	jmp join
d2:	add edi, 100
	jmp join
d3:	xor edi, 5
	jmp join
d4:	sub edi, 3
	jmp join
d5:	shl edi, 1
join:	mov edx, ecx
	mod edx, 3
	mov edx, rem
	jmp [sparse+edx]
s0:	inc esi
	jmp next
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
s1:	add esi, 7
	jmp next
	mov eax, 1
	mov eax, 2
	mov eax, 3
	mov eax, 4
	mov eax, 5
	mov eax, 6
	mov eax, 7
	mov eax, 8
	mov eax, 9
	mov eax, 10
	mov eax, 11
	mov eax, 12
	mov eax, 13
	mov eax, 14
	mov eax, 15
	mov eax, 16
s2:	dec esi
next:	inc ecx
	cmp ecx, 30
	jne same
	mov [dense+2], s1
	mov [sparse+1], plain
same:	cmp ecx, 60
	jl loop
	prn edi
	prn esi
	mov [dense], d2+1
	mov ecx, 0
	jmp loop
plain:	add esi, 1000
	mov eax, 1
	jmp next

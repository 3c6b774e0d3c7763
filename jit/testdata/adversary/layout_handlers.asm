; A dispatch loop whose handlers jump back to blocks before them (a
; shared write-back, another handler's middle), so that the layout moves
; them after the dispatch: handlers that call a function and return into
; their middle, one that divides by a value that reaches 0, one that
; fetches the next handler itself, a table word rewritten to a block that
; is no handler and then to an address inside an instruction (undone for
; the interpreter, which faults), a run of blocks that falls out of the
; loop last.
; memory 512
; stack 16
; max-steps 40000
section .data
tab:	dd h0, h1, h2, h3, h4
prog:	dd 1, 2, 3, 0, 4, 1, 3, 2, 9
section .text
start:	mov ebp, 0
round:	mov esi, prog
	mov edi, 0
fetch:	mov eax, [esi]
	inc esi
	cmp eax, 9
	je ended
	jmp [tab+eax]
put:	add edi, ecx
	prn edi
	jmp fetch
h0:	mov ecx, 7
	jmp put
mid:	mul ecx, 3
	jmp put
h1:	mov ecx, esi
	call twice
	jmp mid
h2:	mov ecx, 100
	mov edx, 4
	sub edx, ebp
	div ecx, edx
	jmp put
h3:	mov ecx, ebp
	inc ecx
	mov eax, [esi]
	cmp eax, 9
	je put
	inc esi
	jmp [tab+eax]
h4:	prn 44
	jmp fetch
twice:	add ecx, ecx
	ret
ended:	inc ebp
	cmp ebp, 2
	jne notwo
	mov [tab+4], other
notwo:	cmp ebp, 3
	jne nothree
	mov [tab+4], 1
nothree: cmp ebp, 6
	jl round
	prn edi
	hlt
other:	prn 55
	jmp fetch

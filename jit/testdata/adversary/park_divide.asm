; memory 128
; stack 8
; A parked loop that divides by constants on every operand kind (a register,
; [reg+k], the rem register by mod and rem), by 7, 3, 2^31, 2^32-1 and 1,
; then reads the flags of the cmp before the loop by pushf and by jl.
start:	mov ebx, 5
	mov ecx, 6
	mov edx, 7
	mov ebp, 8
	mov edi, 9
	mov eax, -100
outer:	mov esi, 40
	cmp ebx, ecx
inner:	mov eax, [esi]
	div eax, 7
	mod eax, 3
	div eax, 0x80000000
	add [esi], eax
	mod [esi+1], 10
	rem [esi+2]
	div [esi+3], 0xFFFFFFFF
	div [esi+4], 1
	inc esi
	cmp esi, 50
	jb inner
	pushf
	pop eax
	prn eax
	jl lt
	add ebx, ecx
lt:	add edx, ebp
	add edi, ebx
	prn ebx
	prn edx
	prn edi
	prn ebp
	rem eax
	prn eax
	mov [40], ebx
	mul [40], -7
	inc ecx
	cmp ecx, 9
	jl outer

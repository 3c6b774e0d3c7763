; memory 128
; stack 8
; div and mod by constants on every kind of operand: rem as dividend and
; destination, [reg+k], [esp], flags and rem by address, eip, an immediate
; dividend, esp, and a pointer onto the register words (which leaves the
; compiled code); divisors 1, 2, 3, 5, 7, 10, 641, 2^16, 2^31, 2863311531
; and 2^32-1, dividends negative and 0x80000000.
start:	mov ecx, 0
	mov esi, 40
	mov [40], -7
	mov [41], 0x80000000
	mov [42], -1
	mov rem, -100
again:	mov eax, [esi]
	cmp eax, 3
	div rem, 7
	prn rem
	mod rem, 641
	rem ebx
	prn ebx
	mod rem, 0x80000000
	prn rem
	div [esi+1], 3
	div [esi+2], 0xFFFFFFFF
	mod [esi+2], 2863311531
	rem [esi+3]
	div [esi+3], 10
	prn [esi+3]
	push eax
	div [esp], 1
	mod [esp], 65536
	pop edx
	prn edx
	div [8], 2
	pushf
	pop edx
	prn edx
	div [7], 5
	prn rem
	mod eip, 5
	rem edx
	prn edx
	mov edi, 2
	div [edi+5], 3
	prn rem
	mod 0xFFFFFFFF, 7
	rem edx
	prn edx
	div esp, 1
	jl neg
	prn 1
neg:	mov [8], 0
	mod [esi], 3
	inc ecx
	mul [esi], 0x9E3779B9
	cmp ecx, 3
	jb again

; Bottom-up merge sort: LEN pseudo-random numbers (an LCG) merged in runs
; of 1, 2, 4, ... words from arr into tmp through three pointers ([esi]
; and [edi] read the two runs, [ebx] writes), each step advancing one of
; the two, then copied back through [tmp+ecx] and [arr+ecx]. Prints the
; smallest, the largest and a checksum (each number times its position).
%define LEN 100000
section .data
arr:	resd 100000		; room for LEN, LEN up to 100000
tmp:	resd 100000
width:	dd 1
section .text
start:	mov esi, arr
	mov eax, 3
	mov ecx, LEN
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 10		; the high 22 bits
	mov [esi], edx
	inc esi
	dec ecx
	cmp ecx, 0
	jne fill
pass:	mov esi, arr		; esi: the left run
	mov ebx, tmp		; ebx: where the merge writes
run:	mov ecx, arr
	add ecx, LEN		; ecx: the end of the numbers
	mov edx, esi
	add edx, [width]	; edx: the left run's end
	cmp edx, ecx
	jbe leftend
	mov edx, ecx
leftend: mov edi, edx		; edi: the right run
	mov ebp, edx
	add ebp, [width]	; ebp: the right run's end
	cmp ebp, ecx
	jbe merge
	mov ebp, ecx
merge:	cmp esi, edx
	jae rightrest
	cmp edi, ebp
	jae leftrest
	mov eax, [esi]
	mov ecx, [edi]
	cmp eax, ecx
	ja takeright
	mov [ebx], eax
	inc esi
	inc ebx
	jmp merge
takeright: mov [ebx], ecx
	inc edi
	inc ebx
	jmp merge
leftrest: cmp esi, edx		; the right run is used up
	jae runend
	mov eax, [esi]
	mov [ebx], eax
	inc esi
	inc ebx
	jmp leftrest
rightrest: cmp edi, ebp		; the left run is used up
	jae runend
	mov eax, [edi]
	mov [ebx], eax
	inc edi
	inc ebx
	jmp rightrest
runend:	mov esi, ebp		; the next two runs
	mov ecx, arr
	add ecx, LEN
	cmp esi, ecx
	jb run
	mov ecx, 0		; back into arr
back:	mov eax, [tmp+ecx]
	mov [arr+ecx], eax
	inc ecx
	cmp ecx, LEN
	jl back
	mov eax, [width]
	add eax, eax
	mov [width], eax
	cmp eax, LEN
	jb pass
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [arr+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, LEN
	jl sum
	prn [arr]
	prn [arr+LEN-1]
	prn eax

; Run-length encoding: ROUNDS arrays of LEN numbers made of runs (an LCG
; draws each run's length, 1 to 8, and its value, 0 to 3, so neighbouring
; runs often merge), each encoded into (value, count) pairs, read through
; [esi] and written through [edi], then decoded into a third array and
; compared with the first word by word. Prints the pairs of the last
; round, the pairs of all rounds, the words that differ after decoding
; (0) and a hash of the last encoding (h = h*31 + word).
%define ROUNDS 200
%define LEN 30000
section .data
seed:	dd 7
rounds:	dd ROUNDS
pairs:	dd 0
differ:	dd 0
total:	dd 0
src:	resd LEN
send:	dd 0
enc:	resd 60000		; 2*LEN
out:	resd LEN
section .text
start:	mov edi, src		; draw the runs
	mov eax, [seed]
run:	mul eax, 1103515245
	add eax, 12345
	mov ecx, eax
	shr ecx, 16
	and ecx, 7
	inc ecx			; its length
	mov edx, eax
	shr edx, 20
	and edx, 3		; its value
copy:	cmp edi, send
	jge drawn
	mov [edi], edx
	inc edi
	dec ecx
	cmp ecx, 0
	jne copy
	jmp run
drawn:	mov [seed], eax
	mov esi, src		; encode
	mov edi, enc
	mov eax, [esi]		; the run's value
	mov ecx, 1		; its count
	inc esi
encode:	cmp esi, send
	jge flush
	mov edx, [esi]
	inc esi
	cmp edx, eax
	jne newrun
	inc ecx
	jmp encode
newrun:	mov [edi], eax
	mov [edi+1], ecx
	add edi, 2
	mov eax, edx
	mov ecx, 1
	jmp encode
flush:	mov [edi], eax
	mov [edi+1], ecx
	add edi, 2
	mov ebx, edi		; the encoding's end
	mov eax, ebx
	sub eax, enc
	shr eax, 1
	mov [pairs], eax
	add [total], eax	; all rounds' pairs
	mov esi, enc		; decode
	mov edi, out
pair:	cmp esi, ebx
	jge compare
	mov eax, [esi]
	mov ecx, [esi+1]
	add esi, 2
expand:	mov [edi], eax
	inc edi
	dec ecx
	cmp ecx, 0
	jne expand
	jmp pair
compare: mov ecx, 0		; compare
same:	mov eax, [src+ecx]
	cmp eax, [out+ecx]
	je equal
	inc [differ]
equal:	inc ecx
	cmp ecx, LEN
	jl same
	dec [rounds]
	cmp [rounds], 0
	jne start
	prn [pairs]
	prn [total]
	prn [differ]
	mov eax, 0		; hash the last encoding
	mov esi, enc
hash:	cmp esi, ebx
	jge hashed
	mul eax, 31
	add eax, [esi]
	inc esi
	jmp hash
hashed:	prn eax

; Counting sort with computed indices: ROUNDS arrays of LEN numbers below
; K (an LCG, its state kept across rounds); each number is counted
; (inc [count+edx]), the counts become starting places by a running sum,
; and each number is put at out[pos[x]] with pos[x] moved up, the index
; read from memory and used at once (mov ebx, [count+edx], mov [out+ebx],
; edx). Prints a checksum of the last sorted array (each number times
; its place) and the number of distinct values in all rounds.
%define ROUNDS 120
%define LEN 20000
%define K 1000
section .data
arr:	resd LEN
out:	resd LEN
count:	resd K
section .text
start:	mov eax, 17		; the LCG's state
	mov edi, 0		; distinct values
	mov ebp, ROUNDS
round:	mov ecx, 0		; clear the counts
clear:	mov [count+ecx], 0
	inc ecx
	cmp ecx, K
	jl clear
	mov ecx, 0		; make and count the numbers
fill:	mul eax, 1103515245
	add eax, 12345
	mov edx, eax
	shr edx, 16
	mod edx, K
	rem edx
	mov [arr+ecx], edx
	inc [count+edx]
	inc ecx
	cmp ecx, LEN
	jl fill
	mov ecx, 0		; the counts become starting places
	mov ebx, 0		; the running sum
starts:	mov edx, [count+ecx]
	cmp edx, 0
	je none
	inc edi
none:	mov [count+ecx], ebx
	add ebx, edx
	inc ecx
	cmp ecx, K
	jl starts
	mov ecx, 0		; place each number
place:	mov edx, [arr+ecx]
	mov ebx, [count+edx]
	mov [out+ebx], edx
	inc [count+edx]
	inc ecx
	cmp ecx, LEN
	jl place
	dec ebp
	cmp ebp, 0
	jne round
	mov eax, 0		; the checksum
	mov ecx, 0
sum:	mov edx, [out+ecx]
	mul edx, ecx
	add eax, edx
	inc ecx
	cmp ecx, LEN
	jl sum
	prn eax
	prn edi

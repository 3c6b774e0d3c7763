; Three nested loops whose counters and accumulator are all memory words
; at fixed addresses, as a compiler that keeps nothing in registers would
; write them: for i below 1000, j below 200 and k below 200, the sum of
; (i*j + k) mod 7 times i, a scratch word for the product. Prints the
; sum and the counters' last values.
%define NI 1000
%define NJ 200
%define NK 200
	mov [200], 0		; sum
	mov [201], 0		; i
iloop:	mov [202], 0		; j
jloop:	mov [204], [201]	; t = i*j
	mul [204], [202]
	mov [203], 0		; k
kloop:	mov [205], [204]
	add [205], [203]
	mod [205], 7
	rem [205]
	mul [205], [201]
	add [200], [205]
	inc [203]
	cmp [203], NK
	jl kloop
	inc [202]
	cmp [202], NJ
	jl jloop
	inc [201]
	cmp [201], NI
	jl iloop
	prn [200]
	prn [201]
	prn [202]
	prn [203]

; Integer partitions by plain recursion with C-like stack frames: p(n, m),
; the ways to write n as a sum of parts of at most m, is 1 for n = 0, 0
; for m = 0, else p(n, m - 1) plus, when m <= n, p(n - m, m); its
; arguments at [ebp+2] and [ebp+3], the first part's count in a local at
; [ebp-1]. Prints p(n, n) for n = 10, 20, ..., N and their sum.
%define N 50
start:	mov esi, 10		; n
	mov edi, 0		; the sum
next:	push esi		; p(n, n)
	push esi
	call p
	add esp, 2
	prn eax
	add edi, eax
	add esi, 10
	cmp esi, N
	jle next
	prn edi
	hlt

; p(n, m): the partitions of n into parts of at most m, in eax.
p:	push ebp
	mov ebp, esp
	sub esp, 1
	mov eax, 1
	cmp [ebp+2], 0
	je pdone
	mov eax, 0
	cmp [ebp+3], 0
	je pdone
	mov eax, [ebp+3]	; p(n, m - 1)
	dec eax
	push eax
	push [ebp+2]
	call p
	add esp, 2
	mov [ebp-1], eax
	mov eax, [ebp+2]
	cmp [ebp+3], eax
	jg only
	sub eax, [ebp+3]	; p(n - m, m)
	push [ebp+3]
	push eax
	call p
	add esp, 2
	add [ebp-1], eax
only:	mov eax, [ebp-1]
pdone:	mov esp, ebp
	pop ebp
	ret

# Mutual recursion: even(n) and odd(n) call each other down to 0, one
# level a step. Counts the even numbers below N that way; the deepest
# chain is N - 1 calls.
%define N 3000

# even: ebx = 1 when eax is even, else 0; eax is kept.
even:	cmp eax, 0
	jne even1
	mov ebx, 1
	ret
even1:	dec eax
	call odd
	inc eax
	ret

# odd: ebx = 1 when eax is odd, else 0; eax is kept.
odd:	cmp eax, 0
	jne odd1
	mov ebx, 0
	ret
odd1:	dec eax
	call even
	inc eax
	ret

start:	mov esi, 0		# n
	mov edi, 0		# the count
loop:	mov eax, esi
	call even
	add edi, ebx
	inc esi
	cmp esi, N
	jl loop
	prn edi

# A program of small functions calling one another, longer than a
# region: score(n) calls digits, gcd, steps, bits, depth
# (recursive) and mix, and mix calls rot.
# TestRegionCuts inserts dead nops at '# pad' to move the functions
# across the boundaries between regions.
%define N 300

start:	mov esi, 1
	mov edi, 0
next:	push esi
	call score
	add esp, 1
	add edi, eax
	inc esi
	cmp esi, N
	jle next
	prn edi
	jmp exit
# pad

# score(n) = digits(n) + gcd(n, 360) + steps(n) + bits(n) + depth(n, 0)
# + mix(n, 3) & 255.
score:	push ebp
	mov ebp, esp
	push ebx
	push [ebp+2]
	call digits
	add esp, 1
	mov ebx, eax
	push 360
	push [ebp+2]
	call gcd
	add esp, 2
	add ebx, eax
	push [ebp+2]
	call steps
	add esp, 1
	add ebx, eax
	push [ebp+2]
	call bits
	add esp, 1
	add ebx, eax
	push 0
	push [ebp+2]
	call depth
	add esp, 2
	add ebx, eax
	push 3
	push [ebp+2]
	call mix
	add esp, 2
	and eax, 255
	add eax, ebx
	pop ebx
	pop ebp
	ret

# mix(x, n): n rounds of xor, rotate and add.
mix:	push ebp
	mov ebp, esp
	push ebx
	mov ebx, [ebp+2]
	mov ecx, [ebp+3]
mloop:	push ecx
	push ebx
	call rot
	add esp, 2
	xor eax, 0x5bd1e995
	add ebx, eax
	dec ecx
	cmp ecx, 0
	jg mloop
	mov eax, ebx
	pop ebx
	pop ebp
	ret

# digits(n): the sum of n's decimal digits.
digits:	mov eax, [esp+1]
	mov edx, 0
dloop:	div eax, 10
	add edx, rem
	cmp eax, 0
	jne dloop
	mov eax, edx
	ret

# gcd(a, b) by Euclid.
gcd:	push ebx
	mov eax, [esp+2]
	mov ebx, [esp+3]
gloop:	cmp ebx, 0
	je gdone
	mod eax, ebx
	mov eax, ebx
	mov ebx, rem
	jmp gloop
gdone:	pop ebx
	ret

# steps(n): how many steps of Collatz's map take n to 1.
steps:	mov eax, [esp+1]
	mov edx, 0
sloop:	cmp eax, 1
	jle sdone
	inc edx
	test eax, 1
	jne odd
	shr eax, 1
	jmp sloop
odd:	mul eax, 3
	inc eax
	jmp sloop
sdone:	mov eax, edx
	ret

# rot(x, k): x rotated left by k bits.
rot:	push ebx
	push ecx
	mov eax, [esp+3]
	mov ecx, [esp+4]
	and ecx, 31
	mov ebx, eax
	shl eax, ecx
	mov edx, 32
	sub edx, ecx
	shr ebx, edx
	or eax, ebx
	pop ecx
	pop ebx
	ret

# bits(n): n's set bits, then n's bits reversed, their sum.
bits:	push ebx
	mov eax, [esp+2]
	mov edx, 0
bcount:	test eax, 1
	je bzero
	inc edx
bzero:	shr eax, 1
	cmp eax, 0
	jne bcount
	mov eax, [esp+2]
	mov ebx, 0
	mov ecx, 16
brev:	shl ebx, 1
	mov edx, eax
	and edx, 1
	or ebx, edx
	shr eax, 1
	dec ecx
	cmp ecx, 0
	jne brev
	add edx, ebx
	mov eax, edx
	pop ebx
	ret

# depth(n, d): how many halvings take n below 2, counted by recursion.
depth:	mov eax, [esp+1]
	cmp eax, 2
	jge deeper
	mov eax, [esp+2]
	ret
deeper:	shr eax, 1
	mov edx, [esp+2]
	inc edx
	push edx
	push eax
	call depth
	add esp, 2
	ret

exit:

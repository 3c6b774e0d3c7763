# Takeuchi's function, three arguments passed on the stack and read
# through a frame: tak(x, y, z) = z when y >= x, else
# tak(tak(x-1, y, z), tak(y-1, z, x), tak(z-1, x, y)).
%define X 22
%define Y 16
%define Z 8

# tak: eax = tak([ebp+2], [ebp+3], [ebp+4]); ebx changes.
tak:	push ebp
	mov ebp, esp
	mov eax, [ebp+2]	# x
	mov ebx, [ebp+3]	# y
	cmp ebx, eax
	jl rec
	mov eax, [ebp+4]	# z
	pop ebp
	ret
rec:	push [ebp+4]		# tak(x-1, y, z)
	push ebx
	dec eax
	push eax
	call tak
	add esp, 3
	push eax		# [ebp-1]
	push [ebp+2]		# tak(y-1, z, x)
	push [ebp+4]
	mov eax, [ebp+3]
	dec eax
	push eax
	call tak
	add esp, 3
	push eax		# [ebp-2]
	push [ebp+3]		# tak(z-1, x, y)
	push [ebp+2]
	mov eax, [ebp+4]
	dec eax
	push eax
	call tak
	add esp, 3
	push eax		# tak(a, b, c)
	push [ebp-2]
	push [ebp-1]
	call tak
	add esp, 3
	mov esp, ebp
	pop ebp
	ret

start:	push Z
	push Y
	push X
	call tak
	add esp, 3
	prn eax

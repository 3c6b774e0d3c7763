print_eax:
  push ebp
  mov ebp, esp
  prn eax
  pop ebp
  ret

start:
  mov eax, 42
  call print_eax

  mov eax, 23
  call print_eax
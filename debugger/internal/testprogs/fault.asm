start:
  mov eax, 10
  mov ebx, 2
loop:
  div eax, ebx
  dec ebx
  prn eax
  jmp loop

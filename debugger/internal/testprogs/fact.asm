start:
  mov eax, 5
  call fact
  prn eax
  jmp done
fact:
  cmp eax, 1
  jle base
  push eax
  dec eax
  call fact
  pop ecx
  mul eax, ecx
  ret
base:
  mov eax, 1
  ret
done:

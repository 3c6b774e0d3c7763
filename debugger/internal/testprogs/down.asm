start:
  mov eax, 5
  call down
  hlt
down:
  cmp eax, 0
  je bottom
  dec eax
  call down
  ret
bottom:
  div eax, eax

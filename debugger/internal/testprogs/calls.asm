  mov esi, 0
main:
  call work
  call work
  inc esi
  cmp esi, 1000
  jl main
  hlt
work:
  mov ecx, 0
hot:
  inc ecx
  cmp ecx, 100000
  jl hot
  ret

section .data
greeting: dd "hi", 0
section .text

; calls itself for ever
f:      call f

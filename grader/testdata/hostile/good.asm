start:  prn 42

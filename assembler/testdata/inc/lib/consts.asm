%define SEVEN 7

%define BARE 4

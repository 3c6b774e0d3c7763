%define SHARED 5

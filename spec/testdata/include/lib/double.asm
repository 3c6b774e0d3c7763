%define ONE 1

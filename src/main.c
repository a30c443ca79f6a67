#include <stdio.h>
int main(void) { puts("battfarm"); return 0; }

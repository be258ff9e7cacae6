/* true: does nothing; what a dynamic program costs just to start and exit. */
int main(void) { return 0; }

// GNU readline and its history; stdio.h first because readline.h uses FILE.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

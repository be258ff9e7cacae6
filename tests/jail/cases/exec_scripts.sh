# jail case: execve of #! scripts (sh, bash, perl, with an argument on the #! line), env, command -v,
# exec replacing the shell, and $0 / argv as the scripts see them.
# shell: bash
# needs: perl,env
mkdir -p bin
printf '#!/bin/sh\necho "sh script $0 args: $*"\n' > bin/s1
printf '#!/bin/bash -e\necho "bash script ${BASH_VERSINFO[0]} $# $1"\nfalse\necho not reached\n' > bin/s2
printf '#!/usr/bin/perl -w\nprint "perl script $0 @ARGV\\n"; exit 5;\n' > bin/s3
printf '#!/usr/bin/env sh\necho "env-found sh $1"\n' > bin/s4
printf '#!/work/bin/s1\n' > bin/s5
chmod +x bin/*
bin/s1 a "b c"; echo "s1 $?"
bin/s2 x y; echo "s2 $?"
bin/s3 p q; echo "s3 $?"
bin/s4 z; echo "s4 $?"
bin/s5 nested; echo "s5 $?"
PATH=$PWD/bin:$PATH s1 from-path; command -v s3 sed perl
env -i A=1 B=2 /usr/bin/env | sort
(exec -a renamed /bin/bash -c 'echo "argv0 is $0"')
sh -c 'exec perl -e "print qq(exec chain \$\$ok\n)"' 2>&1 | sed 's/[0-9]//g'
bash -c 'readlink /proc/self/exe; cat /proc/self/cmdline | tr "\0" " "; echo'
printf 'not a script\n' > bin/plain; chmod +x bin/plain; bin/plain 2>&1; echo "plain $?"

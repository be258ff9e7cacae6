# busybox case: a shell script written to a file and run as a program (#! line, chmod, exec).
# group: exec
cat > prog.sh <<'END'
#!/bin/sh
echo "script args: $*"
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); printf '%d ' $i; done; echo
exit 3
END
chmod +x prog.sh
sh ./prog.sh a b c; echo "status $?"
( exec sh -c 'echo "exec replaced the subshell"; exit 4' ); echo "status $?"

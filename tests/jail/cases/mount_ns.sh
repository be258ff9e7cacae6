# jail case: mount and umount inside the jail (as debootstrap and package scripts do), a bind
# mount, /proc/self/mounts and mountinfo as the guest sees them.
# shell: bash
# needs: mount,umount
mkdir -p /tmp/m /tmp/b
mount -t tmpfs -o size=1m,mode=0755 scratch /tmp/m && echo "tmpfs mounted: $?"
echo data > /tmp/m/file
mount --bind /tmp/m /tmp/b && cat /tmp/b/file
grep -E ' /tmp/(m|b) ' /proc/self/mounts | cut -d' ' -f1-3
awk '$5 ~ /^\/tmp\/(m|b)$/ { print $5, $9 }' /proc/self/mountinfo
umount /tmp/b && umount /tmp/m && echo "unmounted: $?"
ls /tmp/m; mount -t bogusfs none /tmp/m; echo "bogus: $?"
umount /tmp/not-mounted; echo "not mounted: $?"

# jail full case: apt-get installs build-essential (and make, gcc) from Debian's archive; dpkg
# unpacks and configures them. What apt prints about speeds and sizes is left out.
# shell: bash
# timeout: 3600
# status: 0
set -o pipefail
apt-get update -qq >/dev/null 2>&1 || { echo "apt-get update failed"; exit 1; }
apt-get install -y -qq --reinstall --no-install-recommends build-essential make gcc-12 cpp-12 >apt.log 2>&1
st=$?
echo "apt-get install: $st"
[ $st -eq 0 ] || { tail -20 apt.log; exit 1; }
grep -E '^(Setting up|Unpacking) ' apt.log | sed 's/ (.*//' | sort
dpkg-query -W -f '${Package} ${Status}\n' build-essential make gcc gcc-12 libc6-dev | sort
dpkg --audit; echo "audit: $?"
rm -f apt.log

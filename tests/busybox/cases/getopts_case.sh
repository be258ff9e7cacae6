# busybox case: getopts, case patterns, test/[ ] operators, and string comparisons.
# group: inproc
parse() {
  OPTIND=1
  while getopts "ab:c" opt "$@"; do
    case $opt in
      a) echo "flag a" ;;
      b) echo "b=$OPTARG" ;;
      c) echo "flag c" ;;
      \?) echo "bad option" ;;
    esac
  done
  shift $((OPTIND - 1))
  echo "rest: $*"
}
parse -a -b value -c file1 file2
parse -ac -bX -- -notanoption
parse -z 2>&1
for w in apple Banana cherry 42 -7 "" "two words" x.tar.gz; do
  case $w in
    [A-Z]*) kind=capital ;;
    *.tar.gz) kind=tarball ;;
    -[0-9]*|[0-9]*) kind=number ;;
    "") kind=empty ;;
    *" "*) kind=spaced ;;
    *) kind=other ;;
  esac
  echo "'$w' is $kind"
done
[ 10 -gt 9 ] && echo "gt"; [ abc \< abd ] && echo "lt string"; [ -z "" ] && echo "empty"
[ -n "x" -a 1 -eq 1 ] && echo "and"; [ 3 -le 2 -o 4 -ge 4 ] && echo "or"
[ -d data/tree ] && [ -f data/text.txt ] && [ ! -e data/missing ] && echo "files ok"
[ data/new.txt -nt data/missing ] ; echo "nt status $?"

# jail case: perl one-liners — -n/-p/-l/-a/-i loops, regexes, sprintf, sort, pack/unpack.
# shell: sh
# needs: perl
perl -ne '$w += split; END { print "$. lines, $w words\n" }' data/text.txt
perl -lane 'print $F[-1] if @F > 10' data/text.txt | head -5
perl -pe 's/(\w+)/\u$1/g' data/old.txt | head -3
perl -F, -lane '$s{$F[0]} += $F[2]; END { printf "%s %.3f\n", $_, $s{$_} for sort keys %s }' data/table.csv
perl -le 'print join ",", map { $_ ** 2 } grep { $_ % 3 == 0 } 1..30'
perl -le 'print unpack("H*", pack("N n C a4", 0xdeadbeef, 513, 7, "arm")); print join " ", unpack("(A2)*", "aabbccdd")'
perl -le '@a = sort { $b <=> $a } map { ($_ * 7919) % 1000 } 1..20; print "@a"'
perl -le 'printf "%.10f %e %s %s\n", atan2(1, 1) * 4, 1e300 * 10, 2**53 + 1, 9**20; print 7 <=> 3, " ", "abc" x 3, " ", lc("MiXeD"), ucfirst("word")'
cp data/new.txt edit.txt && perl -i.bak -pe 's/changed/CHANGED/' edit.txt && diff edit.txt.bak edit.txt | head -4
perl -MList::Util=sum,max,min,shuffle -le 'print sum(1..100), " ", max(3, 9, 2), " ", min(3, 9, 2)'
perl -MPOSIX=floor,ceil,strftime -le 'print floor(-2.5), ceil(2.1), " ", strftime("%Y-%m-%d", gmtime(1600000000))'
perl -MDigest::MD5=md5_hex -le 'open my $f, "<", "data/blob.bin" or die; binmode $f; local $/; print md5_hex(<$f>)'
perl -e 'my %h; $h{length $_}++ for split /\s+/, do { local (@ARGV, $/) = "data/text.txt"; <> }; print map { "$_:$h{$_} " } sort { $a <=> $b } keys %h; print "\n"'
echo "status test"; perl -e 'exit 7'; echo "perl exited $?"; perl -e 'die "dying\n"'; echo "die gives $?"

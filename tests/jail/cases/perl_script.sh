#!/usr/bin/perl
# jail case: a perl program — modules, closures, references, sorting, sprintf, file I/O, regexes.
# shell: perl
# needs: perl
use strict;
use warnings;
use Data::Dumper;
use File::Find;
use File::Temp qw(tempfile);
use List::Util qw(reduce first);
use Text::Wrap qw(wrap $columns);

$Data::Dumper::Sortkeys = 1;
$Data::Dumper::Indent = 1;

my %index;
open my $in, '<', 'data/text.txt' or die "open: $!";
while (my $line = <$in>) {
    chomp $line;
    my $n = 0;
    for my $w (split ' ', $line) {
        push @{ $index{$w} }, "$.:" . ++$n;
    }
}
close $in;
for my $w (sort { @{ $index{$b} } <=> @{ $index{$a} } || $a cmp $b } keys %index) {
    printf "%-10s %4d first at %s\n", $w, scalar @{ $index{$w} }, $index{$w}[0];
}

my @counters = map { my $n = $_; sub { return $n++ } } 1 .. 3;
print join(',', map { $_->() . '/' . $_->() } @counters), "\n";

my @files;
find(sub { push @files, $File::Find::name if -f }, 'data/tree');
@files = sort @files;
my $total = reduce { $a + $b } map { -s } @files;
print scalar(@files), " files, $total bytes\n";
my $big = first { -s $_ > 1000 } @files;
print "first big: ", ($big // 'none'), "\n";

my $record = { name => 'emud', list => [1, 2, [3, 4]], map => { x => 1, y => undef } };
print Dumper($record);

my ($fh, $tmpname) = tempfile(DIR => '.', UNLINK => 1);
print $fh "$_\n" for reverse 1 .. 5;
close $fh;
open my $back, '<', $tmpname or die;
my @lines = <$back>;
print "read back: ", join('', @lines) =~ tr/\n/ /r, "\n";

$columns = 40;
print wrap('', '  ', 'the quick brown fox jumps over the lazy dog ' x 3), "\n";
my $text = 'key1=val1; key2 = val2 ;key3=val3';
my %kv = $text =~ /(\w+)\s*=\s*(\w+)/g;
print join(' ', map { "$_->$kv{$_}" } sort keys %kv), "\n";
printf "%s %s %s\n", sprintf('%05.1f', 3.14159), sprintf('%-6s|', 'ab'), sprintf('%+d', 5);
eval { die { code => 42 } };
print "caught code $@->{code}\n";
local $SIG{__WARN__} = sub { print "warned: $_[0]" };
warn "a warning\n";
exit 3;

#!/usr/bin/perl
# Builds a GeoLite2-ASN-shaped MMDB (autonomous_system_number / _organization) from ip-location-db ASN range CSVs.
#
# Usage: geodata-asn.pl OUT.mmdb RANGES.csv...
# Each CSV line is first_ip,last_ip,asn,organisation (IPv4 or IPv6). The result is an IPv6 tree with
# IPv4 aliased into it, so one file answers both families. Written to OUT.mmdb.tmp, then renamed.
use strict;
use warnings;

use MaxMind::DB::Writer::Tree;
use Text::CSV;

die "usage: $0 OUT.mmdb RANGES.csv...\n" unless @ARGV >= 2;
my ($out, @inputs) = @ARGV;

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 28,
    database_type         => 'GeoLite2-ASN',
    languages             => ['en'],
    description           => { en => 'ASN ranges from ip-location-db (RouteViews, NRO, DB-IP Lite; CC BY 4.0)' },
    map_key_type_callback => sub {
        return $_[0] eq 'autonomous_system_number' ? 'uint32' : 'utf8_string';
    },
    alias_ipv6_to_ipv4    => 0,
    remove_reserved_networks => 0,
);

my $csv = Text::CSV->new({ binary => 1, auto_diag => 2 });
my $count = 0;
for my $file (@inputs) {
    open my $fh, '<:encoding(UTF-8)', $file or die "$file: $!\n";
    while (my $row = $csv->getline($fh)) {
        my ($first, $last, $asn, $org) = @$row;
        next unless defined $org && $asn =~ /^[0-9]+$/;
        $tree->insert_range($first, $last,
            { autonomous_system_number => $asn + 0, autonomous_system_organization => $org });
        $count++;
    }
    close $fh;
}

open my $fh, '>:raw', "$out.tmp" or die "$out.tmp: $!\n";
$tree->write_tree($fh);
close $fh or die "$out.tmp: $!\n";
rename "$out.tmp", $out or die "$out: $!\n";
print STDERR "geodata: $count ASN ranges written to $out\n";

#!/usr/bin/perl
# Writes the small GeoIP databases the tests look addresses up in: known networks with known answers.
#
# Usage: make-test-mmdb.pl OUTDIR
# OUTDIR/test-city.mmdb       GeoLite2-City layout (country.iso_code, country.names.en, location.*, doubles)
# OUTDIR/test-city-flat.mmdb  ip-location-db's DB-IP layout (country_code, latitude, longitude, floats)
# OUTDIR/test-asn.mmdb        GeoLite2-ASN layout (autonomous_system_number, autonomous_system_organization)
# Public addresses only: the ingest labels documentation and private ranges PIR without a lookup.
use strict;
use warnings;

use MaxMind::DB::Writer::Tree;

die "usage: $0 OUTDIR\n" unless @ARGV == 1;
my $dir = $ARGV[0];

my %types = (
    country => 'map', names => 'map', location => 'map',
    iso_code => 'utf8_string', en => 'utf8_string', country_code => 'utf8_string', city => 'utf8_string',
    latitude => 'double', longitude => 'double',
    autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string',
);

sub city {
    my ($code, $name, $lat, $lon) = @_;
    my %record = (country => { iso_code => $code, names => { en => $name } });
    $record{location} = { latitude => $lat, longitude => $lon } if defined $lat;
    return \%record;
}

sub write_db {
    my ($file, $type, $networks, %opts) = @_;
    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version               => 6,
        record_size              => 24,
        database_type            => $type,
        languages                => ['en'],
        description              => { en => "peba test database ($type)" },
        map_key_type_callback    => $opts{types} // sub { $types{ $_[0] } },
        remove_reserved_networks => 0,
    );
    $tree->insert_network($_->[0], $_->[1]) for @$networks;
    open my $fh, '>:raw', "$dir/$file.tmp" or die "$dir/$file.tmp: $!\n";
    $tree->write_tree($fh);
    close $fh or die "$dir/$file.tmp: $!\n";
    rename "$dir/$file.tmp", "$dir/$file" or die "$dir/$file: $!\n";
}

write_db('test-city.mmdb', 'GeoLite2-City', [
    ['45.67.89.0/24',   city('NL', 'Netherlands', 52.3824, 4.8995)],
    ['81.2.69.0/24',    city('GB', 'United Kingdom', 51.5142, -0.0931)],
    ['93.184.216.0/24', city('US', 'United States', 37.751, -97.822)],
    ['89.160.20.0/24',  city('SE', 'Sweden')],
    ['2a02:2e0::/32',   city('DE', 'Germany', 51.2993, 9.491)],
]);

write_db('test-city-flat.mmdb', 'DBIP-City-Lite', [
    ['45.67.89.0/24', { country_code => 'NL', city => 'Amsterdam', latitude => 52.374, longitude => 4.88969 }],
    ['93.184.216.0/24', { country_code => 'ZZ', latitude => 0.5, longitude => -120 }],
], types => sub { $_[0] =~ /^(latitude|longitude)$/ ? 'float' : 'utf8_string' });

write_db('test-asn.mmdb', 'GeoLite2-ASN', [
    ['45.67.89.0/24',   { autonomous_system_number => 64500, autonomous_system_organization => 'Example Hosting B.V.' }],
    ['93.184.216.0/24', { autonomous_system_number => 15133, autonomous_system_organization => 'Edgecast Inc.' }],
    ['89.160.20.0/24',  { autonomous_system_number => 29518, autonomous_system_organization => 'Bredband2 AB' }],
    ['2a02:2e0::/32',   { autonomous_system_number => 3320, autonomous_system_organization => 'Deutsche Telekom AG' }],
]);

; The grandchild zone of bad-stale-in-two-parents.zone, with its own
; findings.
$ORIGIN b.a.example.org.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ NS ns1
@ NS ns2
ns1 A 192.0.2.5
ns2 A 192.0.2.6
@ MX 10 mx
@ MX 0 . ; expect: mx-null-conflict
mx A 192.0.2.7
@ TXT "v=spf1 mx -all" ; expect: mx-null-conflict
@ TXT "v=spf1 a -all" ; expect: spf-multiple spf-host-no-address
_dmarc TXT "v=DMARC1; p=reject" ; expect: dkim-missing
_dmarc TXT "rua=mailto:x@b.a.example.org" ; expect: dmarc-syntax

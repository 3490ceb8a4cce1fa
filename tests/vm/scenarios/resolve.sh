#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# resolve: WskGetAddressInfo and WskGetNameInfo through /dev/wsk (WSK_IOC_RESOLVE, ABI 1.4).
# Numeric IPv4 and IPv6 hosts (a scope too), service names and numbers, the NULL node (loopback,
# and the wildcard with passive), localhost, hints, the canonical name, the failures of bad
# input, and GetNameInfo's numeric answers. Then a name through the kernel's DNS resolver:
# dns_query() upcalls /sbin/request-key, which is wskreqkey here (tests/vm/peer): it answers
# wsk-test.invalid with 127.0.0.1 and ::1 and negates every other name, which wsk reports as
# STATUS_NOT_FOUND, as it does when there is no helper at all. On a kernel without the DNS
# resolver (the debug kernels) a name is STATUS_NOT_SUPPORTED, and this checks that instead.
run() {
	"$@" || {
		echo "failed: $*"
		exit 1
	}
}

run wskctl resolve 127.0.0.1 80 count=2 has=127.0.0.1:80
run wskctl resolve 127.0.0.1 http count=1 has=127.0.0.1:80
run wskctl resolve ::1 https tcp count=1 has='[::1]:443'
run wskctl resolve 'fe80::1%1' 9 udp count=1 has='[fe80::1%1]:9'
run wskctl resolve - 7 count=4 has='[::1]:7'
run wskctl resolve - 7 ipv4 count=2 has=127.0.0.1:7
run wskctl resolve - 7 passive count=4 has='[::]:7'
run wskctl resolve - 7 passive ipv4 udp count=1 has=0.0.0.0:7
run wskctl resolve localhost tftp count=2 has=127.0.0.1:69
run wskctl resolve 192.0.2.1 443 canonname canon=192.0.2.1 count=2
run wskctl resolve 192.0.2.1 443 max=1 count=2
run wskctl -j resolve ::1 53 | grep -q '"addr": "\[::1\]:53"'
run wskctl resolve 192.0.2.1 80 ipv6 expect=NOT_FOUND
run wskctl resolve example.invalid 80 numerichost expect=NOT_FOUND
run wskctl resolve 192.0.2.1 http numericserv expect=NOT_FOUND
run wskctl resolve 192.0.2.1 tftp tcp expect=NOT_FOUND
run wskctl resolve 192.0.2.1 nosuchservice expect=NOT_FOUND
run wskctl resolve 'fe80::1%nosuchif' 1 expect=NOT_FOUND
run wskctl resolve 'bad name' 80 expect=INVALID_PARAMETER
run wskctl resolve 192.0.2.1 65536 expect=INVALID_PARAMETER
run wskctl resolve - - expect=INVALID_PARAMETER
run wskctl resolve - 80 canonname expect=INVALID_PARAMETER
run wskctl resolve ::1 80 flags=256 expect=INVALID_PARAMETER
run wskctl resolve ::1 80 socktype=3 expect=INVALID_PARAMETER
run wskctl resolve ::1 80 max=65 expect=EINVAL

run wskctl name-info 127.0.0.1:80 host=127.0.0.1 service=http
run wskctl name-info 127.0.0.1:80 numericserv service=80
run wskctl name-info '[::1]:69' dgram host=::1 service=tftp
run wskctl name-info '[fe80::1%1]:69' host=fe80::1%1 service=69
run wskctl name-info 127.0.0.1:80 namereqd expect=NOT_FOUND
run wskctl name-info 127.0.0.1:80 namereqd numerichost host=127.0.0.1
run wskctl name-info 127.0.0.1:80 flags=32 expect=INVALID_PARAMETER

if [ ! -d /sys/module/dns_resolver ]; then
	echo "no DNS resolver in $(uname -r): a name is STATUS_NOT_SUPPORTED"
	run wskctl resolve wsk-test.invalid 80 expect=NOT_SUPPORTED
	exit 0
fi
log=/tmp/wskreqkey.log
rm -f "$log"
ln -sf /usr/bin/wskreqkey /sbin/request-key
run wskctl resolve wsk-test.invalid 80 canonname canon=wsk-test.invalid count=4 \
	has=127.0.0.1:80
grep -qx 'instantiate dns_resolver wsk-test.invalid' "$log" ||
	{ echo "no upcall for wsk-test.invalid: $(cat "$log" 2>&1)"; exit 1; }
run wskctl resolve wsk-test.invalid 443 ipv6 tcp count=1 has='[::1]:443'
run wskctl resolve nosuch.invalid 80 expect=NOT_FOUND
grep -qx 'negate dns_resolver nosuch.invalid' "$log" ||
	{ echo "no upcall for nosuch.invalid: $(cat "$log" 2>&1)"; exit 1; }
# Without a helper the kernel negates the key itself.
rm -f /sbin/request-key
run wskctl resolve nohelper.invalid 80 expect=NOT_FOUND
echo "the kernel's DNS resolver answered through the request-key upcall"

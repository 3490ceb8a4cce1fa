#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 10-devnode: loading wsk.ko creates /dev/wsk, a character device that only root may open
# (mode 0600), since its ioctls act on kernel sockets. devtmpfs creates the node before
# misc_register() returns, so it exists as soon as insmod has finished.

set -eu
dev=/dev/wsk

[ -e "$dev" ] || { echo "$dev does not exist after insmod"; exit 1; }
type=$(stat -c %F "$dev")
if [ "$type" != "character special file" ]; then
	echo "$dev is a $type, not a character device"
	exit 1
fi
mode=$(stat -c %a "$dev")
[ "$mode" = 600 ] || { echo "$dev has mode $mode, not 600"; exit 1; }
owner=$(stat -c %u:%g "$dev")
[ "$owner" = 0:0 ] || { echo "$dev is owned by $owner, not root"; exit 1; }
echo "$dev: character device $(stat -c %t:%T "$dev") (hex major:minor), mode $mode, owner $owner"

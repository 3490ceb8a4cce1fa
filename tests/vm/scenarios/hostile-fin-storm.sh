#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-fin-storm: a peer in the other namespace opens 200 connections to a /dev/wsk listener
# with accept events (its children inherit receive and disconnect), one after another, and
# closes each right after its connect: the FIN mostly arrives before wsk has accepted the
# connection. Every connection must be accepted by the accept event and every child must get
# exactly one disconnect event, graceful, and no receive event; once the children are closed
# the file holds no handle of theirs. The same storm against the in-kernel echo service must
# leave it with 200 connections counted and none open, and both must still serve a normal
# connection afterwards. The counts and the time are printed.

set -eu
. /lib/wsk/netns.sh
. /lib/wsk/storm.sh
n=200
fin_waits() {
	lines "$n" 'wait disconnect on=c@ graceful timeout=20s'
}
storm_scenario fin fin_waits "closed at once"

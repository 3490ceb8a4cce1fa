#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hostile-rst-storm: a peer in the other namespace opens 200 connections to a /dev/wsk listener
# with accept events (its children inherit receive and disconnect) and then resets them all at
# once (SO_LINGER 0). Many of the resets come while the connection still waits in the accept
# queue, before wsk has hooked it. Every connection must be accepted by the accept event, and
# every child must get exactly one disconnect event, abortive, and one receive event with a
# NULL indication (rule 12), and no other; once the children are closed the file holds no
# handle of theirs. The same storm against the in-kernel echo service must leave it with 200
# connections counted and none open, and both must still serve a normal connection
# afterwards. The counts and the time are printed.

set -eu
. /lib/wsk/netns.sh
. /lib/wsk/storm.sh
n=200
rst_waits() {
	lines "$n" 'wait disconnect on=c@ abortive timeout=20s'
	lines "$n" 'wait receive on=c@ null timeout=20s'
}
storm_scenario rst rst_waits "reset"

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive indication blocks; see rx.c.
 */
#ifndef _WSK_RX_H
#define _WSK_RX_H

#include "core.h"

#include <linux/bvec.h>
#include <linux/in6.h>
#include <linux/skbuff.h>

/* A stream indication covers one skb: its linear part and its fragments. */
#define WSK_RX_SEGS		(MAX_SKB_FRAGS + 2)
/* A datagram indication lists at most this many datagrams... */
#define WSK_RX_DGRAMS		16
/* ...described by at most this many segments in all. */
#define WSK_RX_DGRAM_SEGS	32

/*
 * Memory of released blocks a socket keeps for reuse (rx.c): about 20 stream blocks (each with
 * its spare sk_buff), or 8 datagram blocks, on x86-64.
 */
#define WSK_RX_FREE_BYTES	(16 * 1024)

/* The control info of one datagram: a CMSGHDR and an IPv4 or IPv6 packet info. */
#define WSK_RX_CMSG_SPACE	(CMSG_ALIGN(sizeof(struct cmsghdr)) + \
				 CMSG_ALIGN(sizeof(struct wsk_in6_pktinfo)))

/*
 * The datagram part of a block: the datagrams it owns and their indications. @cmsg, the room
 * for their control info, is allocated with the block's first datagram that needs it, so
 * only sockets that asked for packet info pay for it.
 */
struct wsk_rx_dgrams {
	unsigned int nr;
	struct sk_buff *skb[WSK_RX_DGRAMS];
	struct wsk_datagram_indication ind[WSK_RX_DGRAMS];
	struct sockaddr_in6 addr[WSK_RX_DGRAMS];
	u8 (*cmsg)[WSK_RX_CMSG_SPACE];
};

struct wsk_rx_block {
	struct list_head node;		/* on the socket's retained list */
	size_t bytes;			/* bytes indicated */
	size_t charge;			/* memory those bytes hold (skb truesize) */
	struct sk_buff *spare;		/* streams: becomes the clone that keeps retained data */
	struct sk_buff *held;		/* that clone, once retained */
	struct wsk_data_indication ind;	/* streams: the indication */
	struct wsk_rx_dgrams *dg;	/* datagrams: the list (after the segments) */
	bool released;			/* released while its callback still ran */
	unsigned int nr_bvec;
	unsigned int size;		/* memory it holds, for the bound of ws->rx_free */
	struct bio_vec bvec[];
};

struct wsk_rx_block *wsk_rx_block_alloc(bool datagrams, gfp_t gfp);
struct wsk_rx_block *wsk_rx_block_alloc_segs(bool datagrams, unsigned int segs, gfp_t gfp);
struct wsk_rx_block *wsk_rx_block_next(struct wsk_sock *ws, bool datagrams, gfp_t gfp);
void wsk_rx_indicating(struct wsk_sock *ws, struct wsk_rx_block *blk);
void wsk_rx_retain(struct wsk_sock *ws, struct wsk_rx_block *blk);
wsk_status_t wsk_rx_release(struct wsk_sock *ws, const void *list);
bool wsk_rx_retain_full(struct wsk_sock *ws);

unsigned int wsk_rx_segs(const struct sk_buff *skb);
unsigned int wsk_rx_fill(struct bio_vec *bv, unsigned int max, const struct sk_buff *skb,
			 unsigned int offset, unsigned int len, unsigned int *covered);

#endif /* _WSK_RX_H */

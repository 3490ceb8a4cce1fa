// SPDX-License-Identifier: GPL-2.0
/*
 * Receive indications: zero-copy views of socket buffers, and their retention.
 *
 * A stream indication describes bytes of an skb still on TCP's receive queue with page
 * segments (bio_vec): the skb's linear part and its page fragments. It lives in the socket's
 * preallocated rx block, so indicating allocates nothing. When the client retains the list
 * (STATUS_PENDING), the block keeps the data alive by turning its spare sk_buff into a clone
 * of the skb (skb_morph(), no allocation), the block goes to the client, and the socket
 * takes another block.
 *
 * Released blocks are kept on the socket's rx_free list for the next retention, up to
 * WSK_RX_FREE_BYTES of them, so that a client that retains and releases at a steady rate
 * costs no allocation either. A kept stream block needs a spare again: the clone it held is
 * morphed into a clone of the socket's anchor, an empty skb made at the first such release,
 * which drops the retained data at once and allocates nothing. A socket whose client never
 * retains has neither list nor anchor.
 *
 * Datagram indications own the skbs they describe (dequeued from the UDP socket), so their
 * block holds the skbs themselves.
 */

#include "compat.h"
#include "core.h"
#include "rx.h"

#include <linux/skbuff.h>
#include <linux/slab.h>

/*
 * A stream block is small: one indication and the segments of one skb. A datagram block
 * carries its list of datagrams after its segments. Allocated when a socket first needs one
 * (receive events enabled), so sockets without receive events cost nothing here.
 */
struct wsk_rx_block *wsk_rx_block_alloc(bool datagrams, gfp_t gfp)
{
	return wsk_rx_block_alloc_segs(datagrams,
				       datagrams ? WSK_RX_DGRAM_SEGS : WSK_RX_SEGS, gfp);
}

/* A block with room for @segs segments: the usual sizes, or one datagram's own (dgram.c). */
struct wsk_rx_block *wsk_rx_block_alloc_segs(bool datagrams, unsigned int segs, gfp_t gfp)
{
	size_t size = struct_size_t(struct wsk_rx_block, bvec, segs);
	struct wsk_rx_block *blk;

	if (datagrams)
		size += sizeof(struct wsk_rx_dgrams);
	blk = kzalloc(size, gfp);
	if (!blk)
		return NULL;
	INIT_LIST_HEAD(&blk->node);
	blk->nr_bvec = segs;
	blk->size = kmalloc_size_roundup(size);
	if (datagrams) {
		blk->dg = (void *)&blk->bvec[segs];
		return blk;
	}
	blk->size += sizeof(struct sk_buff);
	blk->spare = alloc_skb(0, gfp);
	if (!blk->spare)
		goto err_free;
	return blk;

err_free:
	kfree(blk);
	return NULL;
}

void wsk_rx_block_free(struct wsk_rx_block *blk)
{
	unsigned int i;

	if (!blk)
		return;
	kfree_skb(blk->spare);
	kfree_skb(blk->held);
	for (i = 0; blk->dg && i < blk->dg->nr; i++)
		consume_skb(blk->dg->skb[i]);
	if (blk->dg)
		kfree(blk->dg->cmsg);
	kfree(blk);
}

/*
 * The block that replaces the socket's own after a retention: a released one kept on
 * rx_free, else a new one. NULL if there is none and the allocation fails.
 */
struct wsk_rx_block *wsk_rx_block_next(struct wsk_sock *ws, bool datagrams, gfp_t gfp)
{
	struct wsk_rx_block *blk = NULL;

	/* Usually empty for clients that never retain: look before taking the lock. */
	if (!list_empty_careful(&ws->rx_free)) {
		spin_lock_bh(&ws->lock);
		blk = list_first_entry_or_null(&ws->rx_free, struct wsk_rx_block, node);
		if (blk) {
			list_del_init(&blk->node);
			ws->rx_free_size -= blk->size;
		}
		spin_unlock_bh(&ws->lock);
	}
	return blk ?: wsk_rx_block_alloc(datagrams, gfp);
}

/*
 * A block the client released: empty it and keep it on rx_free if it is of the usual size
 * and the list has room, else free it. Called under ws->lock, which orders it against close
 * (wsk_rx_release_all()) and serialises the clones of the anchor.
 */
static void wsk_rx_recycle(struct wsk_sock *ws, struct wsk_rx_block *blk)
{
	unsigned int i;

	lockdep_assert_held(&ws->lock);
	if (blk->nr_bvec != (blk->dg ? WSK_RX_DGRAM_SEGS : WSK_RX_SEGS) ||
	    ws->rx_free_size + blk->size > WSK_RX_FREE_BYTES)
		goto free;
	if (blk->dg) {
		for (i = 0; i < blk->dg->nr; i++)
			consume_skb(blk->dg->skb[i]);
		blk->dg->nr = 0;
	} else {
		if (!ws->rx_anchor)
			ws->rx_anchor = alloc_skb(0, GFP_ATOMIC | __GFP_NOWARN);
		if (!ws->rx_anchor || !blk->held || blk->spare)
			goto free;
		/* Frees the retained data (the clone's reference to it), allocates nothing. */
		blk->spare = skb_morph(blk->held, ws->rx_anchor);
		blk->held = NULL;
	}
	list_add(&blk->node, &ws->rx_free);
	ws->rx_free_size += blk->size;
	return;
free:
	wsk_rx_block_free(blk);
}

/* The list head the client gets for a block. */
static const void *wsk_rx_head(const struct wsk_rx_block *blk)
{
	return blk->dg ? (const void *)&blk->dg->ind[0] : (const void *)&blk->ind;
}

/*
 * @blk is about to be indicated. A client may hand a list it will retain to another CPU,
 * which may release it before the callback has even returned: wsk_rx_release() finds the
 * block through ws->rx_busy then, and wsk_rx_retain() recycles it instead of filing it.
 */
void wsk_rx_indicating(struct wsk_sock *ws, struct wsk_rx_block *blk)
{
	blk->released = false;
	WRITE_ONCE(ws->rx_busy, blk);
}

/* The callback returned STATUS_PENDING: file @blk as retained, or recycle it if released. */
void wsk_rx_retain(struct wsk_sock *ws, struct wsk_rx_block *blk)
{
	spin_lock_bh(&ws->lock);
	if (!blk->released) {
		list_add_tail(&blk->node, &ws->retained);
		ws->retained_bytes += blk->bytes;
		WRITE_ONCE(ws->retained_charge, ws->retained_charge + blk->charge);
	} else {
		wsk_rx_recycle(ws, blk);
	}
	ws->rx_busy = NULL;
	spin_unlock_bh(&ws->lock);
}

static bool wsk_rx_over_limit(struct wsk_sock *ws);

/* WskRelease of both kinds: the retained block whose list head is @list. */
wsk_status_t wsk_rx_release(struct wsk_sock *ws, const void *list)
{
	struct wsk_rx_block *blk, *found = NULL;
	bool early = false, kick = false;

	spin_lock_bh(&ws->lock);
	list_for_each_entry(blk, &ws->retained, node) {
		if (wsk_rx_head(blk) == list) {
			list_del_init(&blk->node);
			ws->retained_bytes -= blk->bytes;
			WRITE_ONCE(ws->retained_charge, ws->retained_charge - blk->charge);
			found = blk;
			wsk_rx_recycle(ws, found);
			/*
			 * Under the lock, which the close's wsk_rx_release_all() takes before the
			 * Linux socket is released: the bound reads it. Pairs with the barrier in
			 * wsk_rx_retain_full(): one of the two sees the other.
			 */
			smp_mb();
			kick = test_bit(WSK_S_RETAIN_FULL, &ws->state) && !wsk_rx_over_limit(ws) &&
			       test_and_clear_bit(WSK_S_RETAIN_FULL, &ws->state);
			break;
		}
	}
	blk = ws->rx_busy;
	if (!found && blk && wsk_rx_head(blk) == list && !blk->released) {
		/* Its callback is still returning STATUS_PENDING: wsk_rx_retain() frees it. */
		blk->released = true;
		early = true;
	}
	spin_unlock_bh(&ws->lock);
	if (!found)
		return early ? WSK_ST(WSK_STATUS_SUCCESS) : WSK_ST(WSK_STATUS_INVALID_PARAMETER);
	if (kick)
		wsk_sock_kick(ws);
	return WSK_ST(WSK_STATUS_SUCCESS);
}

/*
 * Retained data is bounded by the receive buffer of the socket it came from: the clients
 * of the echo service and the example retain until a send completes, and a peer that never
 * reads would otherwise grow this memory without end (review finding 4). Past the bound,
 * indications stop, and what arrives stays in the socket's own queue, where TCP's window and
 * UDP's receive buffer limit it. So a socket holds at most about twice its receive buffer.
 */
static bool wsk_rx_over_limit(struct wsk_sock *ws)
{
	return READ_ONCE(ws->retained_charge) >= READ_ONCE(ws->sock->sk->sk_rcvbuf);
}

/*
 * Whether indications must stop because too much is retained. Once they stop, the release
 * that brings the socket under the bound kicks its work item, which starts them again.
 */
bool wsk_rx_retain_full(struct wsk_sock *ws)
{
	if (!wsk_rx_over_limit(ws))
		return false;
	set_bit(WSK_S_RETAIN_FULL, &ws->state);
	/* A release between the test above and the bit: look again (see wsk_rx_release()). */
	smp_mb__after_atomic();
	if (wsk_rx_over_limit(ws))
		return true;
	clear_bit(WSK_S_RETAIN_FULL, &ws->state);
	return false;
}

/*
 * Close: free the lists the client still retains (it should have released them: say so),
 * datagrams held back, and the socket's own block. No callback runs any more.
 */
void wsk_rx_release_all(struct wsk_sock *ws)
{
	struct wsk_rx_block *blk, *tmp;
	struct sk_buff *anchor;
	unsigned int n = 0;
	LIST_HEAD(left);
	LIST_HEAD(kept);

	/* Under the lock, as a (misbehaving) client's release could run meanwhile. */
	spin_lock_bh(&ws->lock);
	list_splice_init(&ws->retained, &left);
	ws->retained_bytes = 0;
	ws->retained_charge = 0;
	list_splice_init(&ws->rx_free, &kept);
	ws->rx_free_size = 0;
	anchor = ws->rx_anchor;
	ws->rx_anchor = NULL;
	spin_unlock_bh(&ws->lock);
	list_for_each_entry_safe(blk, tmp, &left, node) {
		list_del(&blk->node);
		wsk_rx_block_free(blk);
		n++;
	}
	if (n)
		pr_warn_ratelimited("socket closed with %u retained indication lists; released them\n",
				    n);
	list_for_each_entry_safe(blk, tmp, &kept, node) {
		list_del(&blk->node);
		wsk_rx_block_free(blk);
	}
	/* Its clones, the kept blocks' spares, hold references of their own to its data. */
	kfree_skb(anchor);
	skb_queue_purge(&ws->dgram_held);
	wsk_rx_block_free(ws->rx_block);
	ws->rx_block = NULL;
}

/* How many segments wsk_rx_fill() needs for the whole of @skb. */
unsigned int wsk_rx_segs(const struct sk_buff *skb)
{
	unsigned int n = (skb_headlen(skb) ? 1 : 0) + skb_shinfo(skb)->nr_frags;
	const struct sk_buff *frag_iter;

	skb_walk_frags(skb, frag_iter)
		n += wsk_rx_segs(frag_iter);
	return n;
}

/*
 * Describe @len bytes of @skb from @offset with at most @max segments. Return the number of
 * segments used; *@covered is the number of bytes they describe (less than @len when the skb
 * has more pieces than @max, or unreadable ones).
 */
unsigned int wsk_rx_fill(struct bio_vec *bv, unsigned int max, const struct sk_buff *skb,
			 unsigned int offset, unsigned int len, unsigned int *covered)
{
	unsigned int n = 0, done = 0, start = 0, end, i;
	const struct sk_buff *frag_iter;

	/* The linear part: physically contiguous, so one segment. */
	end = skb_headlen(skb);
	if (offset < end && n < max) {
		unsigned int l = min(end - offset, len);
		const void *p = skb->data + offset;

		bvec_set_page(&bv[n++], virt_to_page(p), l, offset_in_page(p));
		done += l;
	}
	start = end;

	for (i = 0; i < skb_shinfo(skb)->nr_frags && done < len; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];
		unsigned int fsz = skb_frag_size(f);

		end = start + fsz;
		if (offset + done < end) {
			unsigned int o = offset + done - start;
			unsigned int l = min(end - (offset + done), len - done);
			struct page *page = skb_frag_page(f);

			if (n == max || !page)
				goto out;
			bvec_set_page(&bv[n++], page, l, skb_frag_off(f) + o);
			done += l;
		}
		start = end;
	}

	skb_walk_frags(skb, frag_iter) {
		unsigned int c;

		if (done >= len)
			break;
		end = start + frag_iter->len;
		if (offset + done < end) {
			unsigned int o = offset + done - start;
			unsigned int l = min(end - (offset + done), len - done);

			n += wsk_rx_fill(bv + n, max - n, frag_iter, o, l, &c);
			done += c;
			if (c < l)
				goto out;
		}
		start = end;
	}
out:
	*covered = done;
	return n;
}

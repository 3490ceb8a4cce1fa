// SPDX-License-Identifier: GPL-2.0
/*
 * wsk_connect: an example wsk client that connects, written against <wsk/wsk.h> alone.
 *
 * It connects to an echo server at @host:@port with wsk_socket_connect(), switches Nagle off
 * (TCP_NODELAY) and asks for keep-alive, sends @bytes bytes of a pattern in 64 KiB requests
 * while it receives them back with receive requests, checks every byte, then disconnects
 * gracefully, waits for the server's own FIN (a receive that completes with 0 bytes) and
 * closes. Everything runs in module init, which fails unless it all went as said.
 *
 *	insmod wsk_connect.ko host=127.0.0.1 port=7 [bytes=1000000]
 */

#include <linux/inet.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <wsk/wsk.h>

static char *host = "127.0.0.1";
module_param(host, charp, 0444);
MODULE_PARM_DESC(host, "the echo server's address, IPv4 or IPv6 (default 127.0.0.1)");
static ushort port = 7;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "the echo server's TCP port (default 7)");
static uint bytes = 1000000;
module_param(bytes, uint, 0444);
MODULE_PARM_DESC(bytes, "bytes to send and get back (default 1000000, at most 64 MiB)");

#define CONNECT_CHUNK	(64 * 1024)

static u8 connect_byte(size_t pos)
{
	return (u8)(pos * 13 + (pos >> 10));
}

static wsk_status_t connect_option(struct wsk_socket *sock, u32 level, u32 code, u32 value)
{
	struct wsk_sync sync;

	wsk_sync_init(&sync);
	return wsk_sync_wait(&sync, wsk_control_socket(sock, WSK_SET_OPTION, code, level,
						       sizeof(value), &value, 0, NULL, NULL,
						       &sync.req));
}

/* Send the pattern and read it back, one chunk at a time each way. */
static wsk_status_t connect_exchange(struct wsk_socket *sock, u8 *out, u8 *in)
{
	struct bio_vec obv, ibv;
	struct wsk_buf ob, ib;
	struct wsk_sync sync;
	size_t sent = 0, got = 0, i, n;
	wsk_status_t st;

	while (got < bytes) {
		if (sent < bytes) {
			n = min_t(size_t, CONNECT_CHUNK, bytes - sent);
			for (i = 0; i < n; i++)
				out[i] = connect_byte(sent + i);
			if (wsk_buf_init_kernel(&ob, &obv, 1, out, n))
				return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
			wsk_sync_init(&sync);
			st = wsk_sync_wait(&sync, wsk_send(sock, &ob, 0, &sync.req));
			if (st)
				return st;
			sent += n;
		}
		/* WAITALL: the whole chunk just sent, which the echo has sent back by now. */
		n = min_t(size_t, CONNECT_CHUNK, sent - got);
		if (wsk_buf_init_kernel(&ib, &ibv, 1, in, n))
			return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
		wsk_sync_init(&sync);
		st = wsk_sync_wait(&sync, wsk_receive(sock, &ib, WSK_FLAG_WAITALL, &sync.req));
		if (st)
			return st;
		if (sync.req.information != n) {
			pr_err("wsk_connect: a receive of %zu bytes got %lu\n", n,
			       sync.req.information);
			return WSK_ST(WSK_STATUS_CONNECTION_DISCONNECTED);
		}
		for (i = 0; i < n; i++) {
			if (in[i] != connect_byte(got + i)) {
				pr_err("wsk_connect: byte %zu differs\n", got + i);
				return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
			}
		}
		got += n;
	}
	return WSK_ST(WSK_STATUS_SUCCESS);
}

static wsk_status_t connect_run(struct wsk_client *client, struct sockaddr *remote, u8 *out,
				u8 *in)
{
	struct sockaddr_storage local = { .ss_family = remote->sa_family };
	struct wsk_socket *sock;
	struct bio_vec bv;
	struct wsk_buf b;
	struct wsk_sync sync;
	wsk_status_t st;

	wsk_sync_init(&sync);
	st = wsk_sync_wait(&sync, wsk_socket_connect(client, SOCK_STREAM, IPPROTO_TCP,
						     (struct sockaddr *)&local, remote, 0, NULL,
						     NULL, &sync.req));
	if (st)
		return st;
	sock = (struct wsk_socket *)sync.req.information;
	st = connect_option(sock, WSK_IPPROTO_TCP, WSK_TCP_NODELAY, 1);
	if (!st)
		st = connect_option(sock, WSK_SOL_SOCKET, WSK_SO_KEEPALIVE, 1);
	if (!st)
		st = connect_exchange(sock, out, in);
	if (!st) {
		wsk_sync_init(&sync);
		st = wsk_sync_wait(&sync, wsk_disconnect(sock, NULL, 0, &sync.req));
	}
	if (!st) {
		/* The server answers our FIN with its own: a receive of 0 bytes. */
		wsk_buf_init_kernel(&b, &bv, 1, in, 1);
		wsk_sync_init(&sync);
		st = wsk_sync_wait(&sync, wsk_receive(sock, &b, 0, &sync.req));
		if (!st && sync.req.information)
			st = WSK_ST(WSK_STATUS_INVALID_DEVICE_STATE);
	}
	wsk_sync_init(&sync);
	wsk_sync_wait(&sync, wsk_close_socket(sock, &sync.req));
	return st;
}

static int __init connect_init(void)
{
	struct sockaddr_storage remote = { 0 };
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&remote;
	struct sockaddr_in *sin = (struct sockaddr_in *)&remote;
	struct wsk_client *client;
	wsk_status_t st;
	u8 *out, *in;
	int err;

	if (!bytes || bytes > (64U << 20))
		return -EINVAL;
	if (in4_pton(host, -1, (u8 *)&sin->sin_addr, -1, NULL)) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
	} else if (in6_pton(host, -1, (u8 *)&sin6->sin6_addr, -1, NULL)) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
	} else {
		return -EINVAL;
	}
	out = kmalloc(CONNECT_CHUNK, GFP_KERNEL);
	in = kmalloc(CONNECT_CHUNK, GFP_KERNEL);
	err = -ENOMEM;
	if (!out || !in)
		goto out;
	err = wsk_register(&client, &init_net, NULL);
	if (err)
		goto out;
	st = connect_run(client, (struct sockaddr *)&remote, out, in);
	wsk_deregister(client);
	if (st) {
		pr_err("wsk_connect: %s port %u: %s\n", host, port, wsk_status_name(st));
		err = wsk_status_to_errno(st) ?: -EIO;
	} else {
		pr_info("wsk_connect: %u bytes echoed by %s port %u\n", bytes, host, port);
	}
out:
	kfree(out);
	kfree(in);
	return err;
}

static void __exit connect_exit(void)
{
}

module_init(connect_init);
module_exit(connect_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wsk example: a client that connects, sends, checks the echo, disconnects");

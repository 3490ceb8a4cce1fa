// SPDX-License-Identifier: GPL-2.0
/*
 * NTSTATUS values: names, and the mapping to and from Linux errno values.
 */

#include "compat.h"
#include "core.h"

#include <linux/errno.h>
#include <linux/module.h>
#include <linux/string.h>

/* NPI_WSK_INTERFACE_ID, {2227E803-8D8B-11D4-ABAD-009027719E09}, in its in-memory GUID layout. */
const u8 wsk_npi_interface_id[16] = {
	0x03, 0xe8, 0x27, 0x22, 0x8b, 0x8d, 0xd4, 0x11,
	0xab, 0xad, 0x00, 0x90, 0x27, 0x71, 0x9e, 0x09,
};
EXPORT_SYMBOL_GPL(wsk_npi_interface_id);

/* The GUID is compared by contents, not by address, as Windows does. */
bool wsk_npi_id_valid(const void *npi_id)
{
	return npi_id && !memcmp(npi_id, wsk_npi_interface_id, sizeof(wsk_npi_interface_id));
}

/*
 * One table drives both directions. For errno to status the first row with the errno wins;
 * for status to errno the first row with the status wins.
 */
static const struct {
	u32 status;
	int err;
	const char *name;
} wsk_status_table[] = {
	{ WSK_STATUS_SUCCESS, 0, "STATUS_SUCCESS" },
	{ WSK_STATUS_PENDING, EINPROGRESS, "STATUS_PENDING" },
	{ WSK_STATUS_EVENT_PENDING, EINPROGRESS, "STATUS_EVENT_PENDING" },
	{ WSK_STATUS_BUFFER_OVERFLOW, EOVERFLOW, "STATUS_BUFFER_OVERFLOW" },
	{ WSK_STATUS_NOT_IMPLEMENTED, EOPNOTSUPP, "STATUS_NOT_IMPLEMENTED" },
	{ WSK_STATUS_INVALID_PARAMETER, EINVAL, "STATUS_INVALID_PARAMETER" },
	{ WSK_STATUS_INVALID_DEVICE_REQUEST, EOPNOTSUPP, "STATUS_INVALID_DEVICE_REQUEST" },
	{ WSK_STATUS_MORE_PROCESSING_REQUIRED, EINPROGRESS, "STATUS_MORE_PROCESSING_REQUIRED" },
	{ WSK_STATUS_ACCESS_DENIED, EACCES, "STATUS_ACCESS_DENIED" },
	{ WSK_STATUS_ACCESS_DENIED, EPERM, NULL },
	{ WSK_STATUS_NO_MEMORY, ENOMEM, "STATUS_NO_MEMORY" },
	{ WSK_STATUS_INSUFFICIENT_RESOURCES, ENOBUFS, "STATUS_INSUFFICIENT_RESOURCES" },
	{ WSK_STATUS_DEVICE_NOT_READY, EAGAIN, "STATUS_DEVICE_NOT_READY" },
	{ WSK_STATUS_IO_TIMEOUT, ETIMEDOUT, "STATUS_IO_TIMEOUT" },
	{ WSK_STATUS_FILE_FORCED_CLOSED, EBADF, "STATUS_FILE_FORCED_CLOSED" },
	{ WSK_STATUS_NOT_SUPPORTED, EOPNOTSUPP, "STATUS_NOT_SUPPORTED" },
	{ WSK_STATUS_REQUEST_NOT_ACCEPTED, ECONNABORTED, "STATUS_REQUEST_NOT_ACCEPTED" },
	{ WSK_STATUS_CANCELLED, ECANCELED, "STATUS_CANCELLED" },
	{ WSK_STATUS_INVALID_DEVICE_STATE, ENOTCONN, "STATUS_INVALID_DEVICE_STATE" },
	{ WSK_STATUS_INVALID_DEVICE_STATE, EISCONN, NULL },
	{ WSK_STATUS_INVALID_DEVICE_STATE, EALREADY, NULL },
	{ WSK_STATUS_CONNECTION_DISCONNECTED, EPIPE, "STATUS_CONNECTION_DISCONNECTED" },
	{ WSK_STATUS_CONNECTION_RESET, ECONNRESET, "STATUS_CONNECTION_RESET" },
	{ WSK_STATUS_DATA_NOT_ACCEPTED, EAGAIN, "STATUS_DATA_NOT_ACCEPTED" },
	{ WSK_STATUS_CONNECTION_REFUSED, ECONNREFUSED, "STATUS_CONNECTION_REFUSED" },
	{ WSK_STATUS_GRACEFUL_DISCONNECT, ESHUTDOWN, "STATUS_GRACEFUL_DISCONNECT" },
	{ WSK_STATUS_ADDRESS_ALREADY_ASSOCIATED, EADDRINUSE,
	  "STATUS_ADDRESS_ALREADY_ASSOCIATED" },
	{ WSK_STATUS_CONNECTION_ABORTED, ECONNABORTED, "STATUS_CONNECTION_ABORTED" },
	{ WSK_STATUS_NETWORK_UNREACHABLE, ENETUNREACH, "STATUS_NETWORK_UNREACHABLE" },
	{ WSK_STATUS_HOST_UNREACHABLE, EHOSTUNREACH, "STATUS_HOST_UNREACHABLE" },
	{ WSK_STATUS_INVALID_ADDRESS, EADDRNOTAVAIL, "STATUS_INVALID_ADDRESS" },
	{ WSK_STATUS_INVALID_ADDRESS, EAFNOSUPPORT, NULL },
	{ WSK_STATUS_ADDRESS_NOT_ASSOCIATED, EDESTADDRREQ, "STATUS_ADDRESS_NOT_ASSOCIATED" },
	{ WSK_STATUS_NOINTERFACE, ENOPROTOOPT, "STATUS_NOINTERFACE" },
	{ WSK_STATUS_NOT_FOUND, ENOENT, "STATUS_NOT_FOUND" },
	{ WSK_STATUS_NOT_FOUND, ENOKEY, NULL },
	{ WSK_STATUS_NOT_SUPPORTED, EPROTONOSUPPORT, NULL },
	{ WSK_STATUS_NOT_SUPPORTED, ESOCKTNOSUPPORT, NULL },
	{ WSK_STATUS_INVALID_PARAMETER, EFAULT, NULL },
	{ WSK_STATUS_INVALID_PARAMETER, EMSGSIZE, NULL },
	{ WSK_STATUS_INSUFFICIENT_RESOURCES, EMFILE, NULL },
	/* sock_alloc() out of memory for the inode: __sock_create() says ENFILE. */
	{ WSK_STATUS_INSUFFICIENT_RESOURCES, ENFILE, NULL },
};

wsk_status_t wsk_errno_to_status(int err)
{
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(wsk_status_table); i++)
		if (wsk_status_table[i].err == err)
			return WSK_ST(wsk_status_table[i].status);
	return WSK_ST(WSK_STATUS_INVALID_PARAMETER);
}
EXPORT_SYMBOL_GPL(wsk_errno_to_status);

int wsk_status_to_errno(wsk_status_t status)
{
	unsigned int i;

	if (status == WSK_ST(WSK_STATUS_SUCCESS))
		return 0;
	for (i = 0; i < ARRAY_SIZE(wsk_status_table); i++)
		if (WSK_ST(wsk_status_table[i].status) == status)
			return -wsk_status_table[i].err;
	return wsk_success(status) ? 0 : -EIO;
}
EXPORT_SYMBOL_GPL(wsk_status_to_errno);

const char *wsk_status_name(wsk_status_t status)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wsk_status_table); i++)
		if (WSK_ST(wsk_status_table[i].status) == status && wsk_status_table[i].name)
			return wsk_status_table[i].name;
	return "STATUS_UNKNOWN";
}
EXPORT_SYMBOL_GPL(wsk_status_name);

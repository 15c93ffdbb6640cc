// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Transactions through the real libxenstore against xvf-test-xenstored:
 * a committed transaction's writes appear together; a transaction that
 * raced with another commit fails with EAGAIN and its writes are gone;
 * an aborted one leaves nothing. Prints TAP.
 *   XENSTORED_PATH=SOCKET xs-tx-test
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

static int failures, number;

static void ok(bool cond, const char *what)
{
	number++;
	printf("%sok %d - %s\n", cond ? "" : "not ", number, what);
	if (!cond)
		failures++;
}

static bool reads(struct xs_handle *h, const char *path, const char *want)
{
	unsigned int len;
	char *v = xs_read(h, XBT_NULL, path, &len);
	bool same = want ? v && !strcmp(v, want) : !v;

	free(v);
	return same;
}

int main(void)
{
	struct xs_handle *a = xs_open(0), *b = xs_open(0);
	xs_transaction_t t, u;

	printf("1..5\n");
	if (!a || !b) {
		printf("Bail out! cannot connect: %s\n", strerror(errno));
		return 1;
	}
	t = xs_transaction_start(a);
	xs_write(a, t, "/tx/one", "1", 1);
	xs_write(a, t, "/tx/two", "2", 1);
	ok(reads(b, "/tx/one", NULL), "uncommitted writes are invisible");
	ok(xs_transaction_end(a, t, false) && reads(b, "/tx/one", "1") &&
	   reads(b, "/tx/two", "2"), "commit makes both writes visible");

	t = xs_transaction_start(a);
	u = xs_transaction_start(b);
	xs_write(a, t, "/tx/one", "a", 1);
	xs_write(b, u, "/tx/one", "b", 1);
	ok(xs_transaction_end(b, u, false), "first commit wins");
	ok(!xs_transaction_end(a, t, false) && errno == EAGAIN &&
	   reads(a, "/tx/one", "b"), "racing commit fails with EAGAIN");

	t = xs_transaction_start(a);
	xs_write(a, t, "/tx/three", "3", 1);
	ok(xs_transaction_end(a, t, true) && reads(a, "/tx/three", NULL),
	   "aborted transaction leaves nothing");
	xs_close(a);
	xs_close(b);
	return failures ? 1 : 0;
}

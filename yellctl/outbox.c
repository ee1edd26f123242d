/*
 * outbox.c: yellctl outbox list|retry|drop, the messages yelld has queued
 * and not delivered: see them, send one again (its attempts forgotten), or
 * give one up.  Retries and drops are audited.  yelld's sender sees a
 * retried row within a minute.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

#define OUTBOX_LIST_MAX	1000

int
yellctl_outbox_list(struct yellctl *y, int argc, char **argv)
{
	struct outbox_listed	*v;
	size_t			 i, n;
	char			*when, *err;
	bool			 all = false;
	int			 rc;

	if (argc > 1 || (argc == 1 && strcmp(argv[0], "--all") != 0)) {
		fprintf(stderr, "yellctl: outbox list takes only --all\n");
		return EX_USAGE_;
	}
	all = argc == 1;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	v = q_outbox_list(y->db, all, OUTBOX_LIST_MAX, &n);
	printf("id\tstatus\tattempts\tdue\trecipient\tmethod\terror\n");
	for (i = 0; i < n; i++) {
		when = clock_format_datetime(v[i].not_before);
		err = text_printable(v[i].last_error != NULL ?
		    v[i].last_error : "-");
		printf("%" PRId64 "\t%s\t%d\t%s\t%s\t%s\t%s\n", v[i].id,
		    v[i].status, v[i].attempts, when, *v[i].recipient != '\0' ?
		    v[i].recipient : "(not on the roster)", v[i].method, err);
		free(err);
		free(when);
	}
	printf("%zu row%s%s\n", n, n == 1 ? "" : "s", all ? "" : " not sent");
	outbox_listed_free(v, n);
	return EX_OK_;
}

/* retry and drop: one row id each. */
static int
outbox_change(struct yellctl *y, int argc, char **argv, bool drop)
{
	const char	*what = drop ? "drop" : "retry";
	char		*end, *detail;
	long long	 id;
	int		 rc, done;

	if (argc != 1 || (id = strtoll(argv[0], &end, 10)) <= 0 ||
	    *end != '\0') {
		fprintf(stderr, "yellctl: outbox %s needs one row id (see "
		    "yellctl outbox list)\n", what);
		return EX_USAGE_;
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if (db_begin(y->db) != 0)
		return EX_SOFTWARE_;
	done = drop ? q_outbox_drop(y->db, id) : q_outbox_retry(y->db, id,
	    clock_now());
	xasprintf(&detail, "row %lld", id);
	if (done == 1 && q_audit(y->db, yellctl_actor(), drop ? "outbox.drop" :
	    "outbox.retry", detail, clock_now()) != 0)
		done = -1;
	free(detail);
	if (done != 1 || db_commit(y->db) != 0) {
		db_rollback(y->db);
		if (done == 0)
			fprintf(stderr, "yellctl: no unsent outbox row %lld\n",
			    id);
		else
			fprintf(stderr, "yellctl: outbox %s failed: %s\n",
			    what, db_errmsg(y->db));
		return done == 0 ? EX_DATAERR_ : EX_SOFTWARE_;
	}
	printf(drop ? "dropped row %lld\n" : "row %lld will be sent again\n",
	    id);
	return EX_OK_;
}

int
yellctl_outbox_retry(struct yellctl *y, int argc, char **argv)
{
	return outbox_change(y, argc, argv, false);
}

int
yellctl_outbox_drop(struct yellctl *y, int argc, char **argv)
{
	return outbox_change(y, argc, argv, true);
}

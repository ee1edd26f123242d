/*
 * check.c: yellctl check, is the database sound: SQLite's integrity check,
 * the schema version against this build's, and outbox rows that should
 * have gone and have not.  Safe while yelld runs (it only reads).
 */
#include <stdio.h>
#include <stdlib.h>

#include "yellctl.h"

#define CHECK_STUCK_AGE	3600	/* seconds overdue before a row is stuck */

int
yellctl_check(struct yellctl *y, int argc, char **argv)
{
	char	*report;
	int	 rc, sound, version, stuck, failed, bad = 0;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "yellctl: check takes no arguments\n");
		return EX_USAGE_;
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	sound = db_integrity(y->db, &report);
	if (sound < 0) {
		fprintf(stderr, "yellctl: integrity check: %s\n",
		    db_errmsg(y->db));
		return EX_SOFTWARE_;
	}
	printf("integrity: %s\n", report);
	free(report);
	bad += !sound;
	version = db_version(y->db);
	printf("schema: version %d of %d%s\n", version, migrate_latest(),
	    version == migrate_latest() ? "" : " (yelld brings it up to "
	    "date when it starts)");
	bad += version > migrate_latest();
	if (q_outbox_stuck(y->db, clock_now(), CHECK_STUCK_AGE, &stuck,
	    &failed) != 0) {
		fprintf(stderr, "yellctl: cannot read the outbox: %s\n",
		    db_errmsg(y->db));
		return EX_SOFTWARE_;
	}
	printf("outbox: %d pending for over an hour, %d failed%s\n", stuck,
	    failed, stuck + failed > 0 ? " (see yellctl outbox list)" : "");
	bad += stuck > 0;
	if (bad > 0) {
		printf("problems found\n");
		return EX_DATAERR_;
	}
	printf("ok\n");
	return EX_OK_;
}

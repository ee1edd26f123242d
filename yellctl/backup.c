/*
 * backup.c: yellctl backup FILE, a consistent copy of the database taken
 * with SQLite's online backup API, while yelld goes on writing.  The copy
 * is checked before it is reported done.
 */
#include <stdio.h>
#include <stdlib.h>

#include "yellctl.h"

int
yellctl_backup(struct yellctl *y, int argc, char **argv)
{
	struct db	*copy;
	char		*cause = NULL, *report = NULL;
	int		 rc, sound;

	if (argc != 1 || argv[0][0] == '-') {
		fprintf(stderr, "yellctl: backup needs one FILE to write\n");
		return EX_USAGE_;
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if (db_backup(y->db, argv[0], &cause) != 0) {
		fprintf(stderr, "yellctl: backup: %s\n", cause);
		free(cause);
		return EX_CANTCREAT_;
	}
	/* The copy must open, and be sound, before we say it is done. */
	if ((copy = db_open(argv[0], &cause)) == NULL) {
		fprintf(stderr, "yellctl: the copy %s does not open: %s\n",
		    argv[0], cause);
		free(cause);
		return EX_SOFTWARE_;
	}
	sound = db_integrity(copy, &report);
	db_close(copy);
	if (sound != 1) {
		fprintf(stderr, "yellctl: the copy %s is not sound: %s\n",
		    argv[0], report != NULL ? report : "?");
		free(report);
		return EX_SOFTWARE_;
	}
	free(report);
	printf("backed up to %s\n", argv[0]);
	return EX_OK_;
}

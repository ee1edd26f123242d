/*
 * db_admin.c: the database as a whole, for the operator: is it sound
 * (PRAGMA integrity_check), and a consistent copy of it taken while yelld
 * keeps writing (SQLite's online backup API).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib.h"
#include "state.h"

#define DB_BACKUP_PAGES		256	/* copied per step */
#define DB_BACKUP_NAP_MS	20	/* while a writer holds the lock */

/*
 * Runs PRAGMA integrity_check.  OUT: *report, SQLite's answer ("ok" when
 * sound; caller frees).  Returns 1 when sound, 0 when not, -1 on error.
 */
int
db_integrity(struct db *db, char **report)
{
	sqlite3_stmt	*stmt;
	struct buf	 b;
	int		 rc;

	*report = NULL;
	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA integrity_check", -1,
	    &stmt, NULL) != SQLITE_OK)
		return -1;
	buf_init(&b, 0);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		buf_printf(&b, "%s%s", b.len > 0 ? "\n" : "",
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		buf_free(&b);
		return -1;
	}
	*report = buf_steal(&b);
	return strcmp(*report, "ok") == 0;
}

/*
 * Copies the database to path, a new file (mode 0600), consistently even
 * while other connections write: the backup steps through the pages, and
 * SQLite starts it again should a writer change them meanwhile.  The copy
 * is written beside path and renamed into place when complete.  Returns 0,
 * or -1 with *cause (caller frees).
 */
int
db_backup(struct db *db, const char *path, char **cause)
{
	sqlite3		*to = NULL;
	sqlite3_backup	*bk;
	char		*tmp;
	int		 fd, rc;

	xasprintf(&tmp, "%s.partial", path);
	if (access(path, F_OK) == 0) {
		xasprintf(cause, "%s exists; not overwritten", path);
		goto fail;
	}
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, "%s: %s", tmp, sqlite3_errmsg(to));
		goto fail;
	}
	if ((bk = sqlite3_backup_init(to, "main", db_handle(db), "main")) ==
	    NULL) {
		xasprintf(cause, "backup: %s", sqlite3_errmsg(to));
		goto fail;
	}
	do {
		rc = sqlite3_backup_step(bk, DB_BACKUP_PAGES);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(DB_BACKUP_NAP_MS);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		xasprintf(cause, "backup: %s", sqlite3_errstr(rc));
		goto fail;
	}
	if (sqlite3_close(to) != SQLITE_OK) {
		to = NULL;
		xasprintf(cause, "%s: cannot close the copy", tmp);
		goto fail;
	}
	to = NULL;
	if (rename(tmp, path) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	if (to != NULL)
		sqlite3_close(to);
	(void)unlink(tmp);
	free(tmp);
	return -1;
}

/*
 * identity.c: yellctl identity list|unlink, which chat account is whose.
 * An unlinked account is linked again by its email the next time its
 * owner writes, if the roster's email names them alone; unlinking is how
 * an operator undoes a wrong link.  Audited.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

int
yellctl_identity_list(struct yellctl *y, int argc, char **argv)
{
	struct identity	*v;
	size_t		 i, n;
	char		*when;
	int		 rc;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "yellctl: identity list takes no arguments\n");
		return EX_USAGE_;
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	/* Every link: none was checked after the end of time. */
	v = q_identity_list(y->db, NULL, INT64_MAX, 0, &n);
	printf("platform\tchat_user\temployee_id\temail\tchecked\n");
	for (i = 0; i < n; i++) {
		when = v[i].checked_at > 0 ? clock_format_datetime(v[i].checked_at) :
		    xstrdup("-");
		printf("%s\t%s\t%s\t%s\t%s\n", v[i].platform, v[i].chat_user,
		    v[i].employee_id, v[i].email != NULL ? v[i].email : "-",
		    when);
		free(when);
	}
	printf("%zu link%s\n", n, n == 1 ? "" : "s");
	identity_array_free(v, n);
	return EX_OK_;
}

int
yellctl_identity_unlink(struct yellctl *y, int argc, char **argv)
{
	char	*was = NULL, *detail;
	int	 rc, done;

	if (argc != 2) {
		fprintf(stderr, "yellctl: identity unlink needs PLATFORM "
		    "CHAT_USER (see yellctl identity list)\n");
		return EX_USAGE_;
	}
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if (db_begin(y->db) != 0)
		return EX_SOFTWARE_;
	done = q_identity_unlink(y->db, argv[0], argv[1], &was);
	xasprintf(&detail, "%s %s %s: by the operator", argv[0], argv[1],
	    was != NULL ? was : "-");
	if (done == 1 && q_audit(y->db, yellctl_actor(), "identity.unlink",
	    detail, clock_now()) != 0)
		done = -1;
	free(detail);
	if (done != 1 || db_commit(y->db) != 0) {
		db_rollback(y->db);
		if (done == 0)
			fprintf(stderr, "yellctl: %s user %s is not linked\n",
			    argv[0], argv[1]);
		else
			fprintf(stderr, "yellctl: identity unlink failed: "
			    "%s\n", db_errmsg(y->db));
		free(was);
		return done == 0 ? EX_DATAERR_ : EX_SOFTWARE_;
	}
	printf("unlinked %s user %s from %s\n", argv[0], argv[1], was);
	free(was);
	return EX_OK_;
}

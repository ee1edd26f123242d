/*
 * person.c: yellctl export --person ID and erase --person ID, one person's
 * data handed over as JSON, or removed.  An erasure keeps what the figures
 * count (a nameless stand-in takes the person's place in I-message,
 * enrolment and selection counts, the words removed), is done in one
 * transaction, and is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

/* "--person ID": the id, or NULL after a usage message. */
static const char *
person_arg(const char *what, int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[0], "--person") != 0 ||
	    argv[1][0] == '\0') {
		fprintf(stderr, "yellctl: %s needs --person EMPLOYEE_ID\n",
		    what);
		return NULL;
	}
	return argv[1];
}

int
yellctl_export(struct yellctl *y, int argc, char **argv)
{
	const char	*id;
	char		*json;
	int		 rc;

	if ((id = person_arg("export", argc, argv)) == NULL)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	switch (q_person_export(y->db, id, &json)) {
	case 0:
		fprintf(stderr, "yellctl: nobody has employee id %s\n", id);
		return EX_DATAERR_;
	case -1:
		fprintf(stderr, "yellctl: cannot read the database: %s\n",
		    db_errmsg(y->db));
		return EX_SOFTWARE_;
	}
	printf("%s\n", json);
	free(json);
	return EX_OK_;
}

int
yellctl_erase(struct yellctl *y, int argc, char **argv)
{
	const char	*id;
	char		*stand_in, *detail;
	int		 rc, found;

	if ((id = person_arg("erase", argc, argv)) == NULL)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	xasprintf(&stand_in, "erased-%08x", arc4random());
	xasprintf(&detail, "%s, now counted as %s", id, stand_in);
	if (db_begin(y->db) != 0) {
		rc = EX_SOFTWARE_;
		goto out;
	}
	found = q_person_erase(y->db, id, stand_in);
	if (found == 1 && q_audit(y->db, yellctl_actor(), "person.erase",
	    detail, clock_now()) != 0)
		found = -1;
	if (found != 1) {
		db_rollback(y->db);
		if (found == 0)
			fprintf(stderr, "yellctl: nobody has employee id %s\n",
			    id);
		else
			fprintf(stderr, "yellctl: the erasure failed; nothing "
			    "was changed: %s\n", db_errmsg(y->db));
		rc = found == 0 ? EX_DATAERR_ : EX_SOFTWARE_;
		goto out;
	}
	if (db_commit(y->db) != 0) {
		fprintf(stderr, "yellctl: the erasure failed; nothing was "
		    "changed\n");
		rc = EX_SOFTWARE_;
		goto out;
	}
	printf("erased %s; figures count them as %s.  Take them off the "
	    "roster file too, or the next import brings them back.\n", id,
	    stand_in);
out:
	free(detail);
	free(stand_in);
	return rc;
}

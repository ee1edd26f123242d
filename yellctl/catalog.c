/*
 * catalog.c: `yellctl catalog validate|import|list`, the fiscal year's
 * training catalogue (docs/catalog.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

/* Reads and checks a catalogue; prints every error.  0 or EX_DATAERR. */
static int
yellctl_catalog_read(const char *path, struct catalog *cat)
{
	if (catalog_read(path, cat) == 0)
		return 0;
	fprintf(stderr, "%s\n%zu error%s; nothing was changed\n", cat->errors,
	    cat->nerrors, cat->nerrors == 1 ? "" : "s");
	return EX_DATAERR_;
}

static size_t
yellctl_catalog_classes(const struct catalog *cat)
{
	size_t	i, n = 0;

	for (i = 0; i < cat->ncourses; i++)
		n += cat->courses[i].nclasses;
	return n;
}

int
yellctl_catalog_validate(struct yellctl *y, int argc, char **argv)
{
	struct catalog	cat;
	int		rc;

	if (argc != 1)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((rc = yellctl_catalog_read(argv[0], &cat)) == 0)
		printf("%s: FY%d, %zu courses, %zu classes: OK\n", argv[0],
		    cat.fiscal_year, cat.ncourses,
		    yellctl_catalog_classes(&cat));
	catalog_clear(&cat);
	return rc;
}

/* Re-plans the reminders of everyone enrolled in fiscal year fy. */
static int
yellctl_catalog_replan(struct yellctl *y, int fy)
{
	struct yellctl_notify	*n;
	int64_t			*ids;
	size_t			 count, i;
	char			*cause = NULL;
	int			 rc = 0;

	if ((n = yellctl_notify_open(y, &cause)) == NULL) {
		fprintf(stderr, "yellctl: %s\n", cause);
		free(cause);
		return -1;
	}
	ids = q_enroll_ids(y->db, fy, &count);
	for (i = 0; i < count && rc == 0; i++)
		rc = yellctl_replan(y, n, ids[i]);
	free(ids);
	yellctl_notify_close(n);
	return rc;
}

int
yellctl_catalog_import(struct yellctl *y, int argc, char **argv)
{
	struct catalog	cat;
	int		rc, added, updated, kept;

	if (argc != 1)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((rc = yellctl_catalog_read(argv[0], &cat)) != 0)
		goto out;
	if (catalog_apply_kept(y->db, &cat, &added, &updated, &kept) != 0 ||
	    db_begin(y->db) != 0 ||
	    yellctl_catalog_replan(y, cat.fiscal_year) != 0 ||
	    db_commit(y->db) != 0) {
		db_rollback(y->db);
		fprintf(stderr, "yellctl: the import failed\n");
		rc = EX_SOFTWARE_;
		goto out;
	}
	printf("FY%d: added %d, updated %d courses (%zu classes)\n",
	    cat.fiscal_year, added, updated, yellctl_catalog_classes(&cat));
	if (kept > 0)
		printf("kept the dates of %d moved class%s (yellctl class "
		    "move); cancelled classes stay cancelled\n", kept,
		    kept == 1 ? "" : "es");
out:
	catalog_clear(&cat);
	return rc;
}

/* What the plan says about attending: 必修 (for some), 指名, or "-". */
static const char *
yellctl_catalog_attendance(const struct course *c)
{
	if (c->mandatory)
		return c->mandatory_rule != NULL ? "mandatory (some)" :
		    "mandatory";
	return c->designated ? "designated" : "-";
}

/* "2024-07-08 〜 5 classes", "8月上旬", for the list. */
static char *
yellctl_catalog_when(struct yellctl *y, const struct course *c)
{
	struct class	*k;
	size_t		 n;
	char		*date, *s;

	k = q_class_list(y->db, c->id, &n);
	if (n == 0)
		s = xstrdup(c->window_label != NULL ? c->window_label : "-");
	else {
		date = clock_format_date(k[0].starts_at);
		xasprintf(&s, "%s (%zu class%s)", date, n, n == 1 ? "" : "es");
		free(date);
	}
	class_array_free(k, n);
	return s;
}

int
yellctl_catalog_list(struct yellctl *y, int argc, char **argv)
{
	struct course	*c;
	size_t		 n, i;
	char		*when, *end;
	long		 fy;
	int		 rc;

	bool		notes = false;

	/* --notes: how HR read each row of the plan, which staff never see. */
	if (argc > 0 && strcmp(argv[0], "--notes") == 0) {
		notes = true;
		argc--;
		argv++;
	}
	if (argc > 1)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	fy = clock_fiscal_year(clock_now());
	if (argc == 1 && ((fy = strtol(argv[0], &end, 10)) < 2000 ||
	    *end != '\0'))
		return EX_USAGE_;
	c = q_course_list(y->db, (int)fy, &n);
	if (notes) {
		for (i = 0; i < n; i++) {
			if (c[i].notes != NULL)
				printf("%s\t%s\n", c[i].code, c[i].notes);
		}
		course_array_free(c, n);
		return 0;
	}
	printf("code\tcategory\ttitle\ttarget\tdays\tattendance\twhen\n");
	for (i = 0; i < n; i++) {
		when = yellctl_catalog_when(y, &c[i]);
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c[i].code,
		    c[i].category, c[i].title, c[i].target_text != NULL ?
		    c[i].target_text : "-", c[i].days_text != NULL ?
		    c[i].days_text : "-", yellctl_catalog_attendance(&c[i]),
		    when);
		free(when);
	}
	printf("FY%ld: %zu courses\n", fy, n);
	course_array_free(c, n);
	return 0;
}

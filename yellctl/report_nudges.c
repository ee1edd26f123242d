/*
 * report_nudges.c: `yellctl report nudges` and `yellctl report prompts`,
 * the figures of the MVV prompts and nudges for HR, aggregates only:
 * nudges queued, sent, acted on (an I-message sent or a course enrolled
 * within 7 days) and opt-outs, by kind and department; and each prompt's
 * posts, reactions and thread replies.  Options: --format csv|json
 * (default csv), --from and --to YYYY-MM-DD (default: this fiscal year;
 * --to is included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

struct rn_opts {
	enum report_format	 format;
	int			 from[3], to[3];	/* y m d; 0: not given */
	time_t			 start, end;
};

/*
 * Reads the options, before anything is opened.  Returns 0, or EX_USAGE_
 * with the reason printed.
 */
static int
rn_opts(int argc, char **argv, struct rn_opts *o)
{
	int	i, *d;

	memset(o, 0, sizeof *o);
	o->format = REPORT_CSV;
	for (i = 0; i < argc; i += 2) {
		if (i + 1 >= argc)
			goto usage;
		if (strcmp(argv[i], "--format") == 0) {
			if (report_format_parse(argv[i + 1], &o->format) != 0)
				goto usage;
			continue;
		}
		if (strcmp(argv[i], "--from") == 0)
			d = o->from;
		else if (strcmp(argv[i], "--to") == 0)
			d = o->to;
		else
			goto usage;
		if (clock_parse_date(argv[i + 1], &d[0], &d[1], &d[2]) != 0)
			goto usage;
	}
	return 0;
usage:
	fprintf(stderr, "yellctl: report: expected [--format csv|json] "
	    "[--from YYYY-MM-DD] [--to YYYY-MM-DD]\n");
	return EX_USAGE_;
}

/* The period, once the clock and zone are set: [start, end). */
static void
rn_period(struct rn_opts *o)
{
	clock_fiscal_bounds(clock_fiscal_year(clock_now()), &o->start,
	    &o->end);
	if (o->from[0] != 0)
		o->start = clock_from_local(o->from[0], o->from[1], o->from[2],
		    0, 0);
	if (o->to[0] != 0)
		o->end = clock_from_local(o->to[0], o->to[1], o->to[2] + 1, 0,
		    0);
}

int
yellctl_report_nudges(struct yellctl *y, int argc, char **argv)
{
	static const struct report_col cols[] = { { "kind", false },
	    { "department", false }, { "queued", true }, { "sent", true },
	    { "acted_on", true }, { "opt_outs", true } };
	struct nudge_stat	*s;
	struct report		*r;
	struct rn_opts		 o;
	const char		*cells[6];
	char			 num[4][32];
	size_t			 n, i, c;
	int			 rc;

	if ((rc = rn_opts(argc, argv, &o)) != 0 || (rc = yellctl_open(y)) != 0)
		return rc;
	rn_period(&o);
	s = q_nudge_stats(y->db, o.start, o.end, &n);
	r = report_open(stdout, o.format, cols, 6);
	for (i = 0; i < n; i++) {
		cells[0] = *s[i].kind != '\0' ? s[i].kind : "all";
		cells[1] = s[i].department;
		snprintf(num[0], sizeof num[0], "%d", s[i].queued);
		snprintf(num[1], sizeof num[1], "%d", s[i].sent);
		snprintf(num[2], sizeof num[2], "%d", s[i].acted);
		snprintf(num[3], sizeof num[3], "%d", s[i].optouts);
		for (c = 0; c < 4; c++)
			cells[2 + c] = num[c];
		report_row(r, cells);
	}
	nudge_stats_free(s, n);
	return report_close(r) == 0 ? 0 : EX_SOFTWARE_;
}

int
yellctl_report_prompts(struct yellctl *y, int argc, char **argv)
{
	static const struct report_col cols[] = { { "prompt", false },
	    { "value", false }, { "text", false }, { "posts", true },
	    { "reactions", true }, { "replies", true } };
	const struct mvv_prompt	*p;
	struct prompt_stat	*s;
	struct report		*r;
	struct mvv		*mvv;
	struct rn_opts		 o;
	const char		*cells[6];
	char			 num[3][32], *cause = NULL;
	size_t			 n, i;
	int			 rc;

	if ((rc = rn_opts(argc, argv, &o)) != 0 || (rc = yellctl_open(y)) != 0)
		return rc;
	rn_period(&o);
	if ((mvv = mvv_load(y->cfg->data_dir, &cause)) == NULL) {
		fprintf(stderr, "yellctl: %s\n", cause);
		free(cause);
		return EX_CONFIG_;
	}
	s = q_prompt_stats(y->db, o.start, o.end, &n);
	r = report_open(stdout, o.format, cols, 6);
	for (i = 0; i < n; i++) {
		p = mvv_find_prompt(mvv, s[i].prompt_id);
		cells[0] = s[i].prompt_id;
		cells[1] = p != NULL ? p->value : NULL;
		cells[2] = p != NULL ? p->text : NULL;
		snprintf(num[0], sizeof num[0], "%d", s[i].posts);
		snprintf(num[1], sizeof num[1], "%d", s[i].reactions);
		snprintf(num[2], sizeof num[2], "%d", s[i].replies);
		cells[3] = num[0];
		cells[4] = num[1];
		cells[5] = num[2];
		report_row(r, cells);
	}
	prompt_stats_free(s, n);
	mvv_free(mvv);
	return report_close(r) == 0 ? 0 : EX_SOFTWARE_;
}

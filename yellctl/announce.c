/*
 * announce.c: `yellctl announce create|send|list|show|cancel`, HR's
 * announcements from the command line, on the same tables as chat's
 * `announce`.  create writes a draft (or, with --every, a series) and
 * prints its id and the preview; nothing goes out before `send` (or
 * --yes).  yelld's announcements job delivers it at its time.  Every
 * create, send and cancel is audited as the operator "yellctl".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "yellctl.h"

#define YA_ACTOR	"yellctl"
#define YA_BODY_MAX	(64 * 1024)	/* bytes of --body-file */
#define YA_EDITIONS	3		/* series dates shown */

struct ya_opts {
	const char	*title;
	const char	*body_file;
	const char	*audience;
	const char	*channel;
	const char	*at;
	const char	*every;
	bool		 dm, ack, urgent, yes, series;
	long		 remind_after;
};

/* What yellctl needs of yelld's data files: catalogues and calendar. */
struct ya_env {
	struct msgcat		*msg;
	struct workcal		*cal;
	struct remind_policy	 policy;
};

static int
ya_env_open(struct yellctl *y, struct ya_env *e)
{
	char	*cause = NULL;

	memset(e, 0, sizeof *e);
	if ((e->msg = msgcat_load(y->cfg->data_dir, &cause)) == NULL ||
	    calendar_load(y->cfg, &e->cal, &e->policy, &cause) != 0) {
		fprintf(stderr, "yellctl: %s\n", cause);
		free(cause);
		msgcat_free(e->msg);
		return -1;
	}
	return 0;
}

static void
ya_env_close(struct ya_env *e)
{
	msgcat_free(e->msg);
	workcal_free(e->cal);
}

/* Reads the options of create.  Returns 0 or EX_USAGE_ (said why). */
static int
ya_parse(int argc, char **argv, struct ya_opts *o)
{
	const char	*const *want[] = { &o->title, &o->body_file,
	    &o->audience, &o->channel, &o->at, &o->every };
	static const char *const names[] = { "--title", "--body-file",
	    "--audience", "--channel", "--at", "--every" };
	char		*end;
	size_t		 k;
	int		 i;

	memset(o, 0, sizeof o[0]);
	for (i = 0; i < argc; i++) {
		for (k = 0; k < 6 && strcmp(argv[i], names[k]) != 0; k++)
			;
		if (k < 6 && i + 1 < argc) {
			*(const char **)want[k] = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "--dm") == 0)
			o->dm = true;
		else if (strcmp(argv[i], "--ack") == 0)
			o->ack = true;
		else if (strcmp(argv[i], "--urgent") == 0)
			o->urgent = true;
		else if (strcmp(argv[i], "--yes") == 0)
			o->yes = true;
		else if (strcmp(argv[i], "--remind-after") == 0 && i + 1 <
		    argc) {
			o->remind_after = strtol(argv[++i], &end, 10);
			if (*end != '\0' || o->remind_after < 1 ||
			    o->remind_after > 30) {
				fprintf(stderr, "yellctl: --remind-after: "
				    "working days, 1 to 30\n");
				return EX_USAGE_;
			}
			o->ack = true;
		} else {
			fprintf(stderr, "yellctl: announce create: unknown or "
			    "incomplete option %s\n", argv[i]);
			return EX_USAGE_;
		}
	}
	if (o->title == NULL || o->body_file == NULL) {
		fprintf(stderr, "yellctl: announce create needs --title and "
		    "--body-file\n");
		return EX_USAGE_;
	}
	/* No channel: direct messages; a channel: only it, unless --dm. */
	if (o->channel == NULL)
		o->dm = true;
	return 0;
}

/* The body file, whole, as UTF-8 text.  NULL (said why) if unusable. */
static char *
ya_read_body(const char *path)
{
	struct buf	 b;
	FILE		*f;
	char		 chunk[4096], *text;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "yellctl: %s: cannot open\n", path);
		return NULL;
	}
	buf_init(&b, YA_BODY_MAX);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_add(&b, chunk, n) != 0) {
			fprintf(stderr, "yellctl: %s: longer than %d bytes\n",
			    path, YA_BODY_MAX);
			fclose(f);
			buf_free(&b);
			return NULL;
		}
	}
	fclose(f);
	text = text_sanitize(b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	/* A body file usually ends with a newline nobody means. */
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	if (*text == '\0') {
		fprintf(stderr, "yellctl: %s: empty\n", path);
		free(text);
		return NULL;
	}
	return text;
}

/* Prints who it reaches, when and how, and the message. */
static int
ya_preview(struct yellctl *y, struct ya_env *e, const struct announcement *a)
{
	struct announce_reach	 r;
	struct reply		 msg;
	char			*bad = NULL, *text, *when;
	size_t			 i;

	if (h_announce_reach(y->db, a->audience, &r, &bad) != 0) {
		fprintf(stderr, "yellctl: audience: not understood: %s\n",
		    bad != NULL ? bad : "(database error)");
		free(bad);
		return -1;
	}
	printf("audience: %s\n", *a->audience != '\0' ? a->audience :
	    "all staff");
	printf("reaches: %d people\n", r.targeted);
	if (r.unlinked > 0) {
		printf("no chat account linked yet (looked up by email when "
		    "sent): %d\n", r.unlinked);
		for (i = 0; i < r.nnames; i++)
			printf("  %s\n", r.names[i]);
		if ((size_t)r.unlinked > r.nnames)
			printf("  ...\n");
	}
	h_announce_reach_clear(&r);
	when = clock_format_datetime(h_announce_when(e->cal, a,
	    clock_now()));
	printf("goes out: %s%s\n", when, a->urgent ? " (urgent: outside "
	    "working hours and on holidays too)" : " (in working hours on "
	    "working days)");
	free(when);
	printf("how: %s%s%s%s\n", a->dm ? "direct messages" : "",
	    a->dm && a->channel != NULL ? " and " : "", a->channel != NULL ?
	    "a post in " : "", a->channel != NULL ? a->channel : "");
	if (a->ack)
		printf("acknowledgement: asked for%s%d%s\n", a->remind_after >
		    0 ? "; one reminder after " : "", a->remind_after,
		    a->remind_after > 0 ? " working days" : "");
	reply_init(&msg);
	h_announce_render(e->msg, y->cfg->language, a, &msg);
	text = reply_to_text(&msg);
	printf("recipients will see:\n%s\n", text);
	free(text);
	reply_clear(&msg);
	return 0;
}

/* The series' next editions, so that HR sees the days it picked. */
static void
ya_series_dates(struct ya_env *e, const struct series_rule *rule, time_t t)
{
	char	*s;
	int	 i;

	printf("editions:");
	for (i = 0; i < YA_EDITIONS && t != (time_t)-1; i++) {
		s = clock_format_datetime(t);
		printf(" %s%s", s, i + 1 < YA_EDITIONS ? "," : " ...\n");
		free(s);
		t = h_series_next_at(e->cal, rule, t);
	}
}

/* The announcement (or series template) the options describe. */
static int
ya_build(struct yellctl *y, struct ya_env *e, const struct ya_opts *o,
    struct announcement *a, struct series_rule *rule)
{
	struct segment	*seg = NULL;
	char		*cause = NULL, *bad = NULL;
	time_t		 t = clock_now();

	(void)y;
	memset(a, 0, sizeof *a);
	if (o->at != NULL && clock_parse(o->at, &t) != 0) {
		fprintf(stderr, "yellctl: --at: expected 'YYYY-MM-DD HH:MM'\n");
		return -1;
	}
	if (o->every != NULL) {
		if (h_series_parse(o->every, rule, &cause) != 0) {
			fprintf(stderr, "yellctl: --every: %s\n", cause);
			free(cause);
			return -1;
		}
		/* The first edition: the rule's first day from --at or now. */
		t = h_series_next_at(e->cal, rule, t - 1);
	}
	if (text_chars(o->title) == 0 || text_chars(o->title) > 100) {
		fprintf(stderr, "yellctl: --title: 1 to 100 characters\n");
		return -1;
	}
	if (o->audience != NULL && (seg = segment_parse(o->audience, &bad)) ==
	    NULL) {
		fprintf(stderr, "yellctl: --audience: not understood: %s\n",
		    bad != NULL ? bad : o->audience);
		free(bad);
		return -1;
	}
	segment_free(seg);
	if ((a->body = ya_read_body(o->body_file)) == NULL)
		return -1;
	if (text_chars(a->body) > 3000) {
		fprintf(stderr, "yellctl: the body is longer than 3000 "
		    "characters\n");
		return -1;
	}
	a->author = xstrdup(YA_ACTOR);
	a->title = text_sanitize(o->title, strlen(o->title));
	a->audience = xstrdup(o->audience != NULL ? o->audience : "");
	a->channel = o->channel != NULL ? xstrdup(o->channel) : NULL;
	a->dm = o->dm;
	a->ack = o->ack;
	a->remind_after = (int)o->remind_after;
	a->urgent = o->urgent;
	a->send_at = t;
	a->created_at = clock_now();
	a->status = xstrdup(o->yes ? "scheduled" : "draft");
	return 0;
}

/* Writes and audits it.  Returns 0 or EX_SOFTWARE_. */
static int
ya_write(struct yellctl *y, struct announcement *a, const struct ya_opts *o,
    int64_t *id)
{
	char	detail[64];
	int	rc;

	if (db_begin(y->db) != 0)
		return EX_SOFTWARE_;
	rc = o->every != NULL ? q_series_insert(y->db, a, o->every, id) :
	    q_announce_insert(y->db, a, id);
	snprintf(detail, sizeof detail, "%s%lld", o->every != NULL ?
	    "series #" : "#", (long long)*id);
	if (rc == 0)
		rc = q_audit(y->db, YA_ACTOR, "announce.create", detail,
		    clock_now());
	if (rc == 0 && o->yes)
		rc = q_audit(y->db, YA_ACTOR, "announce.send", detail,
		    clock_now());
	if (rc != 0 || db_commit(y->db) != 0) {
		db_rollback(y->db);
		return EX_SOFTWARE_;
	}
	return 0;
}

int
yellctl_announce_create(struct yellctl *y, int argc, char **argv)
{
	struct ya_opts		 o;
	struct ya_env		 e;
	struct announcement	 a;
	struct series_rule	 rule;
	int64_t			 id;
	int			 rc;

	if ((rc = ya_parse(argc, argv, &o)) != 0)
		return rc;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if (ya_env_open(y, &e) != 0)
		return EX_CONFIG_;
	rc = EX_DATAERR_;
	if (ya_build(y, &e, &o, &a, &rule) != 0)
		goto out;
	/* A series is active from the start only with --yes. */
	if (o.every != NULL && !o.yes) {
		fprintf(stderr, "yellctl: a series (--every) starts at once: "
		    "check the preview with a single announcement first, then "
		    "add --yes\n");
		goto out;
	}
	if ((rc = ya_write(y, &a, &o, &id)) != 0)
		goto out;
	a.id = id;	/* the preview's "ack ID" */
	ya_preview(y, &e, &a);
	if (o.every != NULL) {
		ya_series_dates(&e, &rule, a.send_at);
		printf("series %lld created; each edition is an announcement "
		    "of its own\n", (long long)id);
	} else if (o.yes)
		printf("announcement %lld confirmed\n", (long long)id);
	else
		printf("announcement %lld is a draft: yellctl announce send "
		    "%lld confirms it\n", (long long)id, (long long)id);
	rc = 0;
out:
	announcement_clear(&a);
	ya_env_close(&e);
	return rc;
}

/* The announcement argv[0] names, or NULL (said why). */
static struct announcement *
ya_get(struct yellctl *y, int argc, char **argv)
{
	struct announcement	*a;
	char			*end;
	long long		 id;

	id = argc == 1 ? strtoll(argv[0], &end, 10) : 0;
	if (argc != 1 || *end != '\0' || id <= 0) {
		fprintf(stderr, "yellctl: expected an announcement id\n");
		return NULL;
	}
	if ((a = q_announce_get(y->db, id)) == NULL)
		fprintf(stderr, "yellctl: no announcement %lld\n", id);
	return a;
}

int
yellctl_announce_send(struct yellctl *y, int argc, char **argv)
{
	struct announcement	*a;
	char			 detail[32];
	int			 rc;

	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((a = ya_get(y, argc, argv)) == NULL)
		return EX_DATAERR_;
	snprintf(detail, sizeof detail, "#%lld", (long long)a->id);
	rc = q_announce_confirm(y->db, a->id);
	if (rc == 1)
		rc = q_audit(y->db, YA_ACTOR, "announce.send", detail,
		    clock_now()) == 0 ? 1 : -1;
	if (rc == 1)
		printf("announcement %lld confirmed\n", (long long)a->id);
	else if (rc == 0)
		fprintf(stderr, "yellctl: announcement %lld is %s, not a "
		    "draft\n", (long long)a->id, a->status);
	announcement_free(a);
	return rc == 1 ? 0 : rc == 0 ? EX_DATAERR_ : EX_SOFTWARE_;
}

int
yellctl_announce_cancel(struct yellctl *y, int argc, char **argv)
{
	struct announcement	*a;
	char			 detail[32];
	int			 rc;
	bool			 series;
	char			*end;
	long long		 id;

	if ((rc = yellctl_open(y)) != 0)
		return rc;
	series = argc == 2 && strcmp(argv[0], "--series") == 0;
	if (series) {
		id = strtoll(argv[1], &end, 10);
		rc = *end == '\0' && id > 0 ? q_series_cancel(y->db, id) : 0;
	} else {
		if ((a = ya_get(y, argc, argv)) == NULL)
			return EX_DATAERR_;
		id = a->id;
		announcement_free(a);
		rc = q_announce_cancel(y->db, id);
	}
	snprintf(detail, sizeof detail, "%s%lld", series ? "series #" : "#",
	    id);
	if (rc == 1 && q_audit(y->db, YA_ACTOR, "announce.cancel", detail,
	    clock_now()) != 0)
		return EX_SOFTWARE_;
	if (rc != 1) {
		fprintf(stderr, "yellctl: %s%lld: nothing to cancel (it went "
		    "out, or was cancelled)\n", series ? "series " :
		    "announcement ", id);
		return rc < 0 ? EX_SOFTWARE_ : EX_DATAERR_;
	}
	printf("%s%lld cancelled\n", series ? "series " : "announcement ", id);
	return 0;
}

int
yellctl_announce_list(struct yellctl *y, int argc, char **argv)
{
	struct announcement	*a;
	size_t			 n, i;
	char			*when;
	int			 rc;

	(void)argv;
	if (argc != 0)
		return EX_USAGE_;
	if ((rc = yellctl_open(y)) != 0)
		return rc;
	a = q_announce_list(y->db, 1000, &n);
	printf("%-6s %-10s %-16s %s\n", "id", "status", "when", "title");
	for (i = 0; i < n; i++) {
		when = clock_format_datetime(a[i].sent_at != 0 ?
		    a[i].sent_at : a[i].send_at);
		printf("%-6lld %-10s %-16s %s\n", (long long)a[i].id,
		    a[i].status, when, a[i].title);
		free(when);
	}
	announcement_array_free(a, n);
	return 0;
}

/* One line of figures. */
static void
ya_figures_line(const char *label, const struct announce_figures *f)
{
	printf("  %-20s targeted %d, delivered %d, failed %d, acknowledged "
	    "%d, median to acknowledge ", label, f->targeted, f->delivered,
	    f->failed, f->acknowledged);
	if (f->median_ack < 0)
		printf("-\n");
	else
		printf("%ld min\n", (f->median_ack + 59) / 60);
}

static void
ya_figures(struct yellctl *y, int64_t id)
{
	static const char *const heads[] = { "total", "by department",
	    "by job level" };
	struct announce_figures	*f;
	char			**reasons;
	int			 *counts;
	size_t			  n, i, by;

	for (by = ANNOUNCE_BY_ALL; by <= ANNOUNCE_BY_LEVEL; by++) {
		f = q_announce_figures(y->db, id, (enum announce_by)by, &n);
		if (n > 0)
			printf("%s:\n", heads[by]);
		for (i = 0; i < n; i++)
			ya_figures_line(*f[i].group != '\0' ? f[i].group :
			    by == ANNOUNCE_BY_ALL ? "all" : "(not set)", &f[i]);
		announce_figures_free(f, n);
	}
	if (q_announce_failures(y->db, id, &reasons, &counts, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		printf("failed because %s: %d\n", reasons[i], counts[i]);
		free(reasons[i]);
	}
	free(reasons);
	free(counts);
}

int
yellctl_announce_show(struct yellctl *y, int argc, char **argv)
{
	struct announcement	*a;
	struct ya_env		 e;
	int			 rc;

	if ((rc = yellctl_open(y)) != 0)
		return rc;
	if ((a = ya_get(y, argc, argv)) == NULL)
		return EX_DATAERR_;
	printf("announcement %lld: %s (%s)\n", (long long)a->id, a->title,
	    a->status);
	if (strcmp(a->status, "sent") == 0)
		ya_figures(y, a->id);
	else if (ya_env_open(y, &e) == 0) {
		ya_preview(y, &e, a);
		ya_env_close(&e);
	}
	announcement_free(a);
	return 0;
}

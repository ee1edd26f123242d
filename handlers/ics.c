/*
 * ics.c: `ics`, an iCalendar (RFC 5545) file of my classes in Asia/Tokyo
 * time, to import into a calendar.  One event per session day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

static const char *const h_ics_aliases[] = { "ical", "calendar",
    "カレンダー", NULL };

/*
 * Adds the sessions of one enrolment.  UIDs are the class's id and the
 * session's place, stable across imports and moves; SEQUENCE is the
 * class's revision.  OUT: grows *ev, *uids and *n.
 */
static void
h_ics_sessions(struct ctx *ctx, const struct enrollment *e,
    struct ics_event **ev, char ***uids, size_t *n)
{
	struct session	*s;
	struct class	*k;
	size_t		 ns, i;
	int		 revision = 0;
	bool		 cancelled = false;

	if ((k = q_class_get(ctx->db, e->class_id)) != NULL) {
		revision = k->revision;
		cancelled = k->cancelled;
	}
	class_array_free(k, k != NULL ? 1 : 0);
	s = q_session_list(ctx->db, e->class_id, &ns);
	for (i = 0; i < ns; i++) {
		*ev = xrealloc(*ev, (*n + 1) * sizeof **ev);
		*uids = xrealloc(*uids, (*n + 1) * sizeof **uids);
		xasprintf(&(*uids)[*n], "%lld-%zu@yell",
		    (long long)e->class_id, i + 1);
		memset(&(*ev)[*n], 0, sizeof (*ev)[*n]);
		(*ev)[*n].uid = (*uids)[*n];
		(*ev)[*n].summary = e->title;
		(*ev)[*n].description = e->code;
		(*ev)[*n].location = s[i].location;	/* now ours */
		s[i].location = NULL;
		(*ev)[*n].start = s[i].starts_at;
		(*ev)[*n].end = s[i].ends_at;
		/* The plan gives no times: a day, not an invented 9:00. */
		(*ev)[*n].all_day = !s[i].times_known;
		(*ev)[*n].sequence = revision;
		(*ev)[*n].cancelled = cancelled;
		(*n)++;
	}
	session_array_free(s, ns);
}

static enum h_ret
h_ics_exec(struct ctx *ctx, const char *args, struct reply *reply)
{
	struct enrollment	*e, *gone;
	struct ics_event	*ev = NULL;
	char			**uids = NULL, *cal;
	size_t			 n, ngone, i, nev = 0;

	(void)args;
	e = q_enroll_mine(ctx->db, ctx->me->employee_id, h_fy(ctx), &n);
	for (i = 0; i < n; i++) {
		if (e[i].class_id != 0 && strcmp(e[i].status, "enrolled") == 0)
			h_ics_sessions(ctx, &e[i], &ev, &uids, &nev);
	}
	/* Classes cancelled under me: STATUS:CANCELLED, so it leaves. */
	gone = q_enroll_class_cancelled(ctx->db, ctx->me->employee_id,
	    h_fy(ctx), &ngone);
	for (i = 0; i < ngone; i++)
		h_ics_sessions(ctx, &gone[i], &ev, &uids, &nev);
	if (nev == 0)
		h_say(ctx, reply, "ics.none", NULL);
	else {
		cal = ics_calendar(ev, nev, ctx->now);
		h_say(ctx, reply, "ics.title", NULL);
		reply_add(reply, REPLY_CODE, cal);
	}
	for (i = 0; i < nev; i++) {
		free(uids[i]);
		free((char *)ev[i].location);
	}
	free(uids);
	free(ev);
	enrollment_array_free(e, n);
	enrollment_array_free(gone, ngone);
	return H_OK;
}

const struct handler handler_ics = {
	.name = "ics",
	.aliases = h_ics_aliases,
	.usage = "ics.usage",
	.summary = "ics.summary",
	.role = ROLE_STAFF,
	.exec = h_ics_exec,
};

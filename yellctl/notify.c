/*
 * notify.c: how yellctl tells people about a change (a class moved or
 * cancelled) and re-plans their reminders.  Messages go into yelld's
 * outbox in the person's language; yelld's sender delivers them within a
 * minute, or at its next start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yellctl.h"

struct yellctl_notify {
	struct yellctl		*y;
	struct msgcat		*msg;
	struct workcal		*cal;
	struct remind_policy	 policy;
};

/* Loads the catalogues and the calendar.  Returns NULL with *cause set. */
struct yellctl_notify *
yellctl_notify_open(struct yellctl *y, char **cause)
{
	struct yellctl_notify	*n = xcalloc(1, sizeof *n);

	n->y = y;
	if ((n->msg = msgcat_load(y->cfg->data_dir, cause)) == NULL ||
	    calendar_load(y->cfg, &n->cal, &n->policy, cause) != 0) {
		yellctl_notify_close(n);
		return NULL;
	}
	return n;
}

void
yellctl_notify_close(struct yellctl_notify *n)
{
	if (n == NULL)
		return;
	msgcat_free(n->msg);
	workcal_free(n->cal);
	free(n);
}

/*
 * Queues the catalogue text msgkey, formatted with the NULL-terminated
 * name/value pairs, for one person, inside the caller's transaction.
 * Returns 0 or -1.
 */
int
yellctl_notify(struct yellctl_notify *n, const char *employee_id,
    const char *dedupe_key, const char *msgkey, ...)
{
	struct reply	 r;
	va_list		 ap;
	char		*lang, *body;
	int		 rc;

	lang = q_pref_get(n->y->db, employee_id, "language");
	reply_init(&r);
	va_start(ap, msgkey);
	reply_add(&r, REPLY_TEXT, msgcat_vfmt(n->msg, lang != NULL ? lang :
	    n->y->cfg->language, msgkey, ap));
	va_end(ap);
	body = reply_to_json(&r);
	rc = q_outbox_push(n->y->db, dedupe_key, employee_id, OUTBOX_DIRECT,
	    body, clock_now());
	free(body);
	reply_clear(&r);
	free(lang);
	return rc < 0 ? -1 : 0;
}

/* Re-plans one enrolment's reminders (after a move or a new catalogue). */
int
yellctl_replan(struct yellctl *y, struct yellctl_notify *n,
    int64_t enrollment_id)
{
	return remind_plan(y->db, n->cal, &n->policy, enrollment_id,
	    clock_now());
}

/*
 * handlers.c: the command table, kept as data (Redis, tmux).  Nothing else
 * belongs in this file.
 */
#include <string.h>

#include "handlers.h"

const struct handler *const handler_table[] = {
	&handler_help,
	&handler_imessage,
	&handler_received,
	&handler_sent,
	&handler_imshow,
	&handler_thanks,
	&handler_withdraw,
	&handler_share,
	&handler_report,
	&handler_hide,
	&handler_strengths,
	&handler_mvv,
	&handler_settings,
	&handler_home,
	&handler_courses,
	&handler_course,
	&handler_enroll,
	&handler_cancel,
	&handler_my,
	&handler_ics,
	&handler_recommend,
	&handler_endorse,
	&handler_selection,
	&handler_declare,
	&handler_reminders,
	&handler_digest,
	&handler_imweekly,
	&handler_prompts,
	&handler_nudge_imessage,
	&handler_nudge_team,
	&handler_nudge_class,
	&handler_nudge_thanks,
	&handler_announce,
	&handler_ack,
	&handler_announcements,
	&handler_announce_remind,
	&handler_stats,
};
const size_t handler_count = sizeof handler_table / sizeof handler_table[0];

/* Finds a handler by its name or an alias (word already normalised). */
const struct handler *
handler_find(const char *word)
{
	const struct handler	*h;
	size_t			 i, j;

	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if (h->flags & H_JOB)
			continue;
		if (strcmp(h->name, word) == 0)
			return h;
		for (j = 0; h->aliases != NULL && h->aliases[j] != NULL; j++) {
			if (strcmp(h->aliases[j], word) == 0)
				return h;
		}
	}
	return NULL;
}

/*
 * Finds any handler, scheduled jobs too, by its name alone: what an outbox
 * row's ref names.
 */
const struct handler *
handler_named(const char *name)
{
	size_t	i;

	for (i = 0; i < handler_count; i++) {
		if (strcmp(handler_table[i]->name, name) == 0)
			return handler_table[i];
	}
	return NULL;
}

/* Returns true if the asking person holds the role the handler needs. */
bool
handler_allowed(const struct handler *h, const struct ctx *ctx)
{
	switch (h->role) {
	case ROLE_STAFF:
		return true;
	case ROLE_MANAGER:
		return staff_is_manager(ctx->me);
	case ROLE_HR:
		return staff_has_role(ctx->me, "hr") ||
		    staff_has_role(ctx->me, "admin");
	case ROLE_ADMIN:
		return staff_has_role(ctx->me, "admin");
	}
	return false;
}

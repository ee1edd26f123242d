/*
 * senders.c: who the I-message roll-out lets send, as [imessage] senders
 * writes it: "managers" (the plan's 管理職, 課長級 and above: FY2024),
 * "all" (FY2025 on), or segments of staff joined by "|" for a pilot such
 * as FY2023's, "department=総務部 job_level=課長級 | section=人事課".
 * Pure: config.c checks the words, handlers ask about one person.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

/*
 * Calls fn on each "|"-separated segment of list, parsed, until one says
 * stop (returns true).  Returns 1 if one did, 0 if none, -1 when a part is
 * not a segment (OUT: *bad, what was not understood, caller frees; may be
 * NULL).
 */
static int
senders_each(const char *list, bool (*fn)(const struct segment *, void *),
    void *arg, char **bad)
{
	struct segment	*seg;
	char		*copy, *p, *part, *why = NULL;
	int		 rc = 0;

	copy = xstrdup(list);
	for (p = copy; rc == 0 && (part = strsep(&p, "|")) != NULL;) {
		if ((seg = segment_parse(part, &why)) == NULL) {
			if (bad != NULL)
				*bad = why;
			else
				free(why);
			rc = -1;
			break;
		}
		if (fn != NULL && fn(seg, arg))
			rc = 1;
		segment_free(seg);
	}
	free(copy);
	return rc;
}

/*
 * Reads the option's value.  OUT: *who; *segments, the list to keep when
 * *who is CFG_SENDERS_SEGMENTS (caller frees), else NULL.  Returns 0, or
 * -1 with *bad (caller frees) naming the part not understood.
 */
int
senders_parse(const char *value, enum cfg_senders *who, char **segments,
    char **bad)
{
	*segments = NULL;
	*bad = NULL;
	if (strcmp(value, "managers") == 0 || strcmp(value, "管理職") == 0) {
		*who = CFG_SENDERS_MANAGERS;
		return 0;
	}
	if (strcmp(value, "all") == 0 || strcmp(value, "全職員") == 0) {
		*who = CFG_SENDERS_ALL;
		return 0;
	}
	if (*value == '\0') {
		*bad = xstrdup("");
		return -1;
	}
	if (senders_each(value, NULL, NULL, bad) != 0)
		return -1;
	*who = CFG_SENDERS_SEGMENTS;
	*segments = xstrdup(value);
	return 0;
}

static bool
senders_seg_match(const struct segment *seg, void *s)
{
	return segment_match(seg, s);
}

/* Whether s may send I-messages under the roll-out (who, segments). */
bool
senders_match(enum cfg_senders who, const char *segments,
    const struct staff *s)
{
	enum job_level	l;

	switch (who) {
	case CFG_SENDERS_ALL:
		return s->active;
	case CFG_SENDERS_SEGMENTS:
		return s->active && segments != NULL &&
		    senders_each(segments, senders_seg_match, (void *)s,
		    NULL) == 1;
	case CFG_SENDERS_MANAGERS:
		break;
	}
	l = staff_level(s);
	return s->active && (l == LEVEL_DIRECTOR || l == LEVEL_SECTION_CHIEF);
}

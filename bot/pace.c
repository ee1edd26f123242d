/*
 * pace.c: pacing of posts by conversation.  A platform that allows one
 * post a second in a conversation (Slack) gets an interval: a post to a
 * conversation posted to less than that ago is given a later slot instead
 * of going now, the posts of one conversation booked one slot after
 * another, so that one busy conversation holds up no other.
 *
 * A booked post comes back due at its slot (the row's not_before), and
 * goes then: the next one is counted from its slot, not from the moment
 * it went.  Counted from that moment, a post that came back a little
 * sooner in its batch than the one before it did was found short of the
 * interval and booked again at the end of the queue.  Slots stay an
 * interval apart, so the rate never passes the pace; two posts may go as
 * much closer together as the sender took to reach the first in its batch.
 *
 * The paces live in a hash table, probed a few slots on, whose spent
 * entries are taken again, so that a ward-wide announcement (a
 * conversation per person) neither fills it nor scans it.  When every slot
 * probed is still in use, the first is taken: the worst that does is one
 * post too early, which the platform's 429 then paces.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot.h"

#define PACE_SLOTS	4096	/* 2^n: about 2,000 paced at once, none lost */
#define PACE_PROBES	16	/* slots a conversation may take */

struct pace_slot {
	char		 key[64];	/* conversation, or recipient */
	long long	 sent_ms;	/* the last post (a booked one's slot) */
	long long	 booked_ms;	/* the first slot nobody waits for */
	long long	 next_ms;	/* the first slot not back yet; booked_ms:
					   none */
};

struct pace {
	struct pace_slot	 slots[PACE_SLOTS];
};

struct pace *
pace_new(void)
{
	return xcalloc(1, sizeof(struct pace));
}

void
pace_free(struct pace *p)
{
	free(p);
}

/* Whether a conversation's pace holds nothing back any more. */
static bool
pace_spent(const struct pace_slot *s, long long ms, long interval_ms)
{
	return s->key[0] == '\0' || (ms >= s->sent_ms + interval_ms &&
	    ms >= s->booked_ms);
}

static struct pace_slot *
pace_slot(struct pace *p, const char *key, long long ms, long interval_ms)
{
	struct pace_slot	*s, *take = NULL;
	uint32_t		 h = str_hash(key);
	size_t			 i;

	for (i = 0; i < PACE_PROBES; i++) {
		s = &p->slots[(h + i) & (PACE_SLOTS - 1)];
		if (s->key[0] != '\0' &&
		    strncmp(s->key, key, sizeof s->key - 1) == 0)
			return s;
		if (take == NULL && pace_spent(s, ms, interval_ms))
			take = s;
	}
	if (take == NULL)
		take = &p->slots[h & (PACE_SLOTS - 1)];
	snprintf(take->key, sizeof take->key, "%s", key);
	/* Never posted to, nothing booked. */
	take->sent_ms = take->booked_ms = take->next_ms = LLONG_MIN / 2;
	return take;
}

/* Whether due_ms is a slot this pace booked and has not seen back. */
static bool
pace_booked(const struct pace_slot *s, long long due_ms, long interval_ms)
{
	return due_ms >= s->next_ms && due_ms < s->booked_ms &&
	    (due_ms - s->next_ms) % interval_ms == 0;
}

/*
 * A post to conversation key at ms, due from due_ms (milliseconds on any
 * clock that runs on).  Returns 0 if it may go now (and counts it as
 * gone), else the slot it is booked for.  A new post queues behind the
 * booked ones.
 */
long long
pace_book(struct pace *p, const char *key, long long ms, long long due_ms,
    long interval_ms)
{
	struct pace_slot	*s = pace_slot(p, key, ms, interval_ms);
	long long		 slot;

	if (pace_booked(s, due_ms, interval_ms) && ms >= due_ms &&
	    due_ms >= s->sent_ms + interval_ms) {
		s->sent_ms = due_ms;
		s->next_ms = due_ms + interval_ms;
		return 0;
	}
	if (ms >= s->sent_ms + interval_ms && s->next_ms >= s->booked_ms) {
		s->sent_ms = ms;
		return 0;
	}
	slot = s->sent_ms + interval_ms;
	if (slot < s->booked_ms)
		slot = s->booked_ms;
	if (s->next_ms >= s->booked_ms)
		s->next_ms = slot;	/* the first of a new queue */
	s->booked_ms = slot + interval_ms;
	return slot;
}

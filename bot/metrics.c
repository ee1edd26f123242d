/*
 * metrics.c: the daemon's counters, for /metrics (http.c).
 *
 * Any thread counts (the loop thread its envelopes and group commits, the
 * sender thread its deliveries) with relaxed atomic adds; the listener
 * reads them without a lock.  Counters only grow; histograms keep one
 * count per bucket and are made cumulative when written out.  Labels come
 * from small fixed tables: a delivery's kind is the handler named by its
 * outbox row's ref ("reminders:..."), a failure's reason the first word
 * of the platform's error, so that no feature needs a metric call of its
 * own and no label set can grow without bound.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "bot.h"

#define METRICS_LABELS	32	/* kinds, and reasons, kept apart */
#define METRICS_LABEL	32	/* bytes of one label value */

struct metrics_hist {
	const double		*bounds;	/* upper bounds, ascending */
	size_t			 nbounds;
	atomic_ulong		 counts[16];	/* per bucket; last: +Inf */
	atomic_ulong		 n;
	atomic_ullong		 sum_micro;	/* sum, in millionths */
};

/* A counter per label value; a slot's name is set once, then published. */
struct metrics_family {
	pthread_mutex_t		 lock;		/* writers adding a label */
	char			 names[METRICS_LABELS][METRICS_LABEL];
	atomic_int		 n;
	atomic_ulong		 counts[METRICS_LABELS];
};

static const double metrics_latency_bounds[] = { 0.005, 0.01, 0.025, 0.05,
    0.1, 0.25, 0.5, 1, 2.5, 5 };
static const double metrics_group_bounds[] = { 1, 2, 4, 8, 16, 32, 64,
    128, 256 };

static struct {
	atomic_ulong		 received, acked, duplicate, failed;
	atomic_ulong		 rate_waits;
	atomic_ulong		 purged;
	struct metrics_hist	 latency, group;
	struct metrics_family	 sent, failures;
} M = {
	.latency = { .bounds = metrics_latency_bounds, .nbounds =
	    sizeof metrics_latency_bounds / sizeof metrics_latency_bounds[0] },
	.group = { .bounds = metrics_group_bounds, .nbounds =
	    sizeof metrics_group_bounds / sizeof metrics_group_bounds[0] },
	.sent = { .lock = PTHREAD_MUTEX_INITIALIZER },
	.failures = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

static void
metrics_observe(struct metrics_hist *h, double v)
{
	size_t	i;

	for (i = 0; i < h->nbounds && v > h->bounds[i]; i++)
		;
	atomic_fetch_add_explicit(&h->counts[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->n, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_micro,
	    (unsigned long long)(v * 1e6), memory_order_relaxed);
}

/*
 * The label value of s: its first word, of letters, digits and '_' only
 * (so it needs no escaping), or "other".
 */
static void
metrics_label(char out[METRICS_LABEL], const char *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; s != NULL && i < len && n < METRICS_LABEL - 1; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			break;
		out[n++] = s[i];
	}
	out[n] = '\0';
	if (n == 0)
		snprintf(out, METRICS_LABEL, "other");
}

/* Counts one under label; a label beyond the table's room is "other". */
static void
metrics_family_inc(struct metrics_family *f, const char *s, size_t len)
{
	char	label[METRICS_LABEL];
	int	i, n;

	metrics_label(label, s, len);
	pthread_mutex_lock(&f->lock);
	n = atomic_load_explicit(&f->n, memory_order_relaxed);
	for (i = 0; i < n && strcmp(f->names[i], label) != 0; i++)
		;
	if (i == n && n == METRICS_LABELS)	/* full: the last is "other" */
		i = n - 1;
	else if (i == n) {
		snprintf(f->names[n], METRICS_LABEL, "%s", n == METRICS_LABELS -
		    1 ? "other" : label);
		atomic_store_explicit(&f->n, n + 1, memory_order_release);
	}
	pthread_mutex_unlock(&f->lock);
	atomic_fetch_add_explicit(&f->counts[i], 1, memory_order_relaxed);
}

/* Ingress took an envelope (a request) from the adapter. */
void
metrics_received(void)
{
	atomic_fetch_add_explicit(&M.received, 1, memory_order_relaxed);
}

/* Ingress told the adapter the outcome, seconds after it came in. */
void
metrics_answered(bool acked, bool duplicate, double seconds)
{
	if (!acked) {
		atomic_fetch_add_explicit(&M.failed, 1, memory_order_relaxed);
		return;
	}
	atomic_fetch_add_explicit(&M.acked, 1, memory_order_relaxed);
	if (duplicate)
		atomic_fetch_add_explicit(&M.duplicate, 1,
		    memory_order_relaxed);
	metrics_observe(&M.latency, seconds);
}

/* One group commit of n requests. */
void
metrics_group(size_t n)
{
	metrics_observe(&M.group, (double)n);
}

/*
 * The sender delivered a row (ref names its kind: "reminders:...") or
 * gave it up for error.
 */
void
metrics_delivered(const char *ref, bool sent, const char *error)
{
	const char	*colon;

	if (ref == NULL)	/* an answer, a confirmation: no feature's */
		ref = "reply";
	colon = strchr(ref, ':');
	if (sent)
		metrics_family_inc(&M.sent, ref, colon != NULL ?
		    (size_t)(colon - ref) : strlen(ref));
	else
		metrics_family_inc(&M.failures, error, error != NULL ?
		    strlen(error) : 0);
}

/* The platform's rate limit made the sender wait. */
void
metrics_rate_wait(void)
{
	atomic_fetch_add_explicit(&M.rate_waits, 1, memory_order_relaxed);
}

/* Retention purged n delivered outbox rows. */
void
metrics_purged(unsigned long n)
{
	atomic_fetch_add_explicit(&M.purged, n, memory_order_relaxed);
}

static unsigned long
metrics_get(atomic_ulong *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

static void
metrics_counter(struct buf *b, const char *name, const char *help,
    unsigned long v)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n%s %lu\n", name, help,
	    name, name, v);
}

static void
metrics_hist_write(struct buf *b, const char *name, const char *help,
    struct metrics_hist *h)
{
	unsigned long	cum = 0;
	size_t		i;

	buf_printf(b, "# HELP %s %s\n# TYPE %s histogram\n", name, help,
	    name);
	for (i = 0; i <= h->nbounds; i++) {
		cum += metrics_get(&h->counts[i]);
		if (i < h->nbounds)
			buf_printf(b, "%s_bucket{le=\"%g\"} %lu\n", name,
			    h->bounds[i], cum);
		else
			buf_printf(b, "%s_bucket{le=\"+Inf\"} %lu\n", name,
			    cum);
	}
	buf_printf(b, "%s_sum %.6f\n%s_count %lu\n", name,
	    (double)atomic_load_explicit(&h->sum_micro, memory_order_relaxed) /
	    1e6, name, cum);
}

static void
metrics_family_write(struct buf *b, const char *name, const char *help,
    const char *label, struct metrics_family *f)
{
	int	i, n = atomic_load_explicit(&f->n, memory_order_acquire);

	buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (i = 0; i < n; i++)
		buf_printf(b, "%s{%s=\"%s\"} %lu\n", name, label, f->names[i],
		    metrics_get(&f->counts[i]));
}

/*
 * Appends every metric in the Prometheus text format (version 0.0.4) to
 * b; the gauges that only the loop thread knows come in g.
 */
void
metrics_write(struct buf *b, const struct metrics_gauges *g)
{
	buf_printf(b, "# HELP yell_up_connections Chat connections up (the "
	    "console counts as one).\n# TYPE yell_up_connections gauge\n"
	    "yell_up_connections %d\n", g->connections);
	buf_printf(b, "# HELP yell_database_writable 1 if the database takes "
	    "writes.\n# TYPE yell_database_writable gauge\n"
	    "yell_database_writable %d\n", g->db_writable ? 1 : 0);
	metrics_counter(b, "yell_envelopes_received_total", "Requests the "
	    "chat adapter handed in.", metrics_get(&M.received));
	metrics_counter(b, "yell_envelopes_acked_total", "Requests "
	    "acknowledged once their work was committed.",
	    metrics_get(&M.acked));
	metrics_counter(b, "yell_envelopes_duplicate_total", "Acknowledged "
	    "requests that had been seen before.", metrics_get(&M.duplicate));
	metrics_counter(b, "yell_envelopes_failed_total", "Requests left "
	    "unacknowledged, for the platform to send again.",
	    metrics_get(&M.failed));
	metrics_hist_write(b, "yell_ack_latency_seconds", "From a request's "
	    "arrival to its acknowledgement.", &M.latency);
	metrics_hist_write(b, "yell_group_commit_requests", "Requests in one "
	    "group commit.", &M.group);
	buf_printf(b, "# HELP yell_outbox_depth Outbox rows waiting to be "
	    "delivered.\n# TYPE yell_outbox_depth gauge\n"
	    "yell_outbox_depth %ld\n", g->outbox_depth);
	buf_printf(b, "# HELP yell_outbox_oldest_age_seconds Age of the oldest "
	    "row waiting (0: none).\n# TYPE yell_outbox_oldest_age_seconds "
	    "gauge\nyell_outbox_oldest_age_seconds %ld\n", g->outbox_oldest_age);
	metrics_family_write(b, "yell_deliveries_sent_total", "Messages "
	    "delivered, by kind (the feature: imessage, reminders, nudges, "
	    "announcements, ...).", "kind", &M.sent);
	metrics_family_write(b, "yell_deliveries_failed_total", "Messages "
	    "given up, by the platform's reason.", "reason", &M.failures);
	metrics_counter(b, "yell_rate_limit_waits_total", "Deliveries put off "
	    "by the platform's rate limit.", metrics_get(&M.rate_waits));
	metrics_counter(b, "yell_outbox_purged_total", "Delivered outbox rows "
	    "purged after [outbox] keep_days.", metrics_get(&M.purged));
}

/*
 * bot.h: the daemon core's header, sectioned by file: the configuration
 * loader and the outbox's sender thread.  The adapter interface, the loop,
 * ingress and dispatch are in chat.h.  Everything in lib/ comes with it.
 */
#ifndef YELL_BOT_H
#define YELL_BOT_H

#include <stdio.h>

#include "lib.h"

/* config.c */
struct config	*config_load(const char *path, char **cause);
struct config	*config_read(FILE *, const char *path, char **cause);
void		 config_free(struct config *);
const char	*config_adapter_name(enum cfg_adapter);
const char	*config_test_hook(const struct config *, const char *env);

/* calendar.c: the working calendar and reminder policy from the configuration. */
struct workcal;
struct remind_policy;
int		 calendar_load(const struct config *, struct workcal **,
		    struct remind_policy *, char **cause);

/* chat.h describes the adapters; see there. */

/* outbox.c: the sender thread that drains the durable outbox. */
struct chat;
struct outbox;
struct loop;
struct outbox	*outbox_start(const struct config *, struct chat *,
		    struct loop *, char **cause);
void		 outbox_wake(struct outbox *);
void		 outbox_settle(struct outbox *);
bool		 outbox_settle_begin(struct outbox *);
void		 outbox_settle_end(struct outbox *, bool committed);
void		 outbox_flush(struct outbox *, int timeout_ms);
void		 outbox_stop(struct outbox *, bool drain);
void		 outbox_free(struct outbox *);

/* pace.c: posts paced by conversation. */
struct pace;
struct pace	*pace_new(void);
void		 pace_free(struct pace *);
long long	 pace_book(struct pace *, const char *key, long long ms,
		    long long due_ms, long interval_ms);

/* notify.c: sd_notify(3)'s protocol, without libsystemd. */
int		 notify_send(const char *state);
unsigned long long notify_watchdog_usec(void);

/* checkpoint.c: WAL checkpoints on a thread of their own. */
struct db;
struct checkpoint;
struct checkpoint *checkpoint_start(struct db *, char **cause);
unsigned long	 checkpoint_wait_run(struct checkpoint *, int timeout_ms);
void		 checkpoint_stop(struct checkpoint *);

/* metrics.c: counters any thread bumps; /metrics writes them (http.c). */
struct buf;
struct metrics_gauges {
	int		 connections;
	bool		 db_writable;
	long		 outbox_depth;
	long		 outbox_oldest_age;	/* seconds */
};
void		 metrics_received(void);
void		 metrics_answered(bool acked, bool duplicate, double seconds);
void		 metrics_group(size_t n);
void		 metrics_delivered(const char *ref, bool sent,
		    const char *error);
void		 metrics_rate_wait(void);
void		 metrics_purged(unsigned long n);
void		 metrics_write(struct buf *, const struct metrics_gauges *);

#endif

/*
 * loop.c: the libwebsockets context and its service loop, which own the
 * main thread.  Chat adapters plug their lws protocol into its vhost;
 * timers are lws_sul callbacks on this loop.  Signal handlers only set a
 * flag and wake the loop (ntpd's sighdlr).
 *
 * A timer here is either "after this turn" (1 us) or long (a second and
 * more).  lws 4.1 turns the distance to its next timer into whole
 * milliseconds for poll() and calls it with 0 through the last fraction:
 * every timer costs up to a millisecond of polling in a loop, which a
 * timer of a few milliseconds set per message made the loop's busiest
 * work.  A short wait belongs to the thread that waits (outbox.c's
 * settle time is the sender's).
 *
 * SIGTERM and SIGINT: the adapter leaves (what is being committed is
 * still acked, then each connection is closed with 1000) within
 * LOOP_LEAVE_MS, then loop_run returns.  SIGHUP: the configuration and the
 * data files are read again and replace the old ones only if all of them
 * load; the old ones are kept until exit, since the adapter and the sender
 * thread hold pointers into them.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "chat.h"
#include "state.h"

#define LOOP_HOUSEKEEPING_US	(3600 * LWS_US_PER_SEC)
#define LOOP_SEEN_KEEP		(7 * 24 * 3600)	/* seconds of dedupe memory */
#define LOOP_LEAVE_MS		4500	/* SIGTERM to return, at most */
#define LOOP_PURGE_SLICE	500	/* outbox rows deleted at once */
#define LOOP_STATUS_US		(10 * LWS_US_PER_SEC)	/* systemd STATUS= */

struct loop {
	struct app		*app;
	struct lws_context	*context;
	struct lws_protocols	 protocols[3];
	lws_sorted_usec_list_t	 housekeeping;
	lws_sorted_usec_list_t	 retention;
	lws_sorted_usec_list_t	 leave;
	lws_sorted_usec_list_t	 notify;	/* systemd's watchdog */
	lws_usec_t		 notify_us;
	bool			 leaving;
	bool			 stopping;
	enum loop_end		 end;
};

/* What SIGHUP replaced: freed at exit (app_old_free). */
struct app_old {
	struct app_old		*next;
	struct config		*cfg;
	struct msgcat		*msg;
	struct mvv		*mvv;
	struct workcal		*cal;
	struct remind_policy	*remind;
};

static volatile sig_atomic_t	 loop_signalled, loop_hangup;
static struct lws_context	*loop_signal_context;

static void
loop_sighandler(int sig)
{
	if (sig == SIGHUP)
		loop_hangup = 1;
	else
		loop_signalled = 1;
	if (loop_signal_context != NULL)
		lws_cancel_service(loop_signal_context);
}

/*
 * SIGHUP: loads the configuration file again, then the message catalogues,
 * the MVV and the working calendar it names; only if all of them load do
 * they replace the ones in use.  Returns 0, or -1 with *cause ("file:line:
 * message" lines; caller frees) and nothing changed.  [chat], [state],
 * [slack] and [http] are read at start only.
 */
int
app_reload(struct app *app, char **cause)
{
	struct app_old	 n, *old;
	char		*why = NULL;

	memset(&n, 0, sizeof n);
	if ((n.cfg = config_load(app->cfg->path, cause)) == NULL) {
		clock_set_zone(app->cfg->zone);
		return -1;
	}
	n.remind = xcalloc(1, sizeof *n.remind);
	if ((n.msg = msgcat_load(n.cfg->data_dir, &why)) == NULL ||
	    (n.mvv = mvv_load(n.cfg->data_dir, &why)) == NULL ||
	    calendar_load(n.cfg, &n.cal, n.remind, &why) != 0) {
		xasprintf(cause, "%s: [data] or [calendar]: %s", n.cfg->path,
		    why);
		free(why);
		msgcat_free(n.msg);
		mvv_free(n.mvv);
		free(n.remind);
		config_free(n.cfg);
		clock_set_zone(app->cfg->zone);
		return -1;
	}
	old = xcalloc(1, sizeof *old);
	old->cfg = app->cfg;
	old->msg = app->msg;
	old->mvv = app->mvv;
	old->cal = app->cal;
	old->remind = app->remind;
	old->next = app->old;
	app->old = old;
	app->cfg = n.cfg;
	app->msg = n.msg;
	app->mvv = n.mvv;
	app->cal = n.cal;
	app->remind = n.remind;
	log_set_level(app->cfg->log_level);
	return 0;
}

/* At exit, once no thread reads them: what SIGHUP replaced. */
void
app_old_free(struct app *app)
{
	struct app_old	*old;

	while ((old = app->old) != NULL) {
		app->old = old->next;
		config_free(old->cfg);
		msgcat_free(old->msg);
		mvv_free(old->mvv);
		workcal_free(old->cal);
		free(old->remind);
		free(old);
	}
}

/*
 * systemd (Type=notify): READY, STATUS, WATCHDOG, RELOADING and STOPPING
 * (notify.c); a no-op outside systemd.
 */
static void
loop_notify(const char *state)
{
	(void)notify_send(state);
}

/* What systemctl status shows: the adapter's connections. */
static void
loop_notify_status(struct loop *loop)
{
	struct chat	*chat = loop->app->chat;
	char		*state;
	int		 n;

	n = chat->connections != NULL ? chat->connections(chat) : 1;
	xasprintf(&state, "STATUS=%s: %s", chat->platform, n > 0 ?
	    "connected" : "connecting");
	if (n > 0 && chat->connections != NULL) {
		free(state);
		xasprintf(&state, "STATUS=%s: %d connection(s) up",
		    chat->platform, n);
	}
	loop_notify(state);
	free(state);
}

/*
 * The loop runs: the watchdog is kept quiet only by the loop itself, so a
 * loop stuck anywhere gets yelld restarted.
 */
static void
loop_notify_tick(lws_sorted_usec_list_t *sul)
{
	struct loop	*loop = lws_container_of(sul, struct loop, notify);

	loop_notify("WATCHDOG=1");
	loop_notify_status(loop);
	lws_sul_schedule(loop->context, 0, &loop->notify, loop_notify_tick,
	    loop->notify_us);
}

static void
loop_notify_start(struct loop *loop)
{
	unsigned long long	usec = notify_watchdog_usec();

	if (getenv("NOTIFY_SOCKET") == NULL)
		return;
	loop->notify_us = LOOP_STATUS_US;
	if (usec > 0 && usec / 2 < (unsigned long long)loop->notify_us)
		loop->notify_us = (lws_usec_t)(usec / 2);
	loop_notify("READY=1");
	loop_notify_status(loop);
	lws_sul_schedule(loop->context, 0, &loop->notify, loop_notify_tick,
	    loop->notify_us);
}

static void
loop_reload(struct loop *loop)
{
	char	*cause = NULL;

	loop_hangup = 0;
	loop_notify("RELOADING=1");
	if (app_reload(loop->app, &cause) != 0) {
		log_warnx("SIGHUP: the new configuration is refused, the old "
		    "one stays in use:\n%s", cause);
		free(cause);
		loop_notify("READY=1\nSTATUS=the new configuration is refused; "
		    "see the log");
		return;
	}
	loop_notify("READY=1");
	log_info("SIGHUP: configuration and data files reloaded ([chat], "
	    "[state], [slack] and [http] take effect at the next start)");
	if (loop->app->sched != NULL)
		sched_kick(loop->app->sched);
}

/* SIGTERM took too long to leave cleanly: stop anyway. */
static void
loop_leave_timeout(lws_sorted_usec_list_t *sul)
{
	struct loop	*loop = lws_container_of(sul, struct loop, leave);

	log_warnx("%s: the adapter did not leave in %d ms; stopping",
	    __func__, LOOP_LEAVE_MS);
	loop_stop(loop, LOOP_END_SIGNAL);
}

/* SIGTERM: the adapter leaves cleanly, or the loop ends at once. */
static void
loop_leave(struct loop *loop)
{
	struct chat	*chat = loop->app->chat;

	loop_signalled = 0;
	if (loop->leaving)
		return;
	log_info("%s: signal received, stopping", __func__);
	loop_notify("STOPPING=1");
	loop->leaving = true;
	if (chat->leave == NULL || chat->left == NULL) {
		loop_stop(loop, LOOP_END_SIGNAL);
		return;
	}
	chat->leave(chat);
	lws_sul_schedule(loop->context, 0, &loop->leave, loop_leave_timeout,
	    (lws_usec_t)LOOP_LEAVE_MS * LWS_US_PER_MS);
}

/* lws's own log lines go through ours, so journald sees one format. */
static void
loop_lws_log(int level, const char *line)
{
	size_t	len = strlen(line);

	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (level & LLL_ERR)
		log_warnx("lws: %.*s", (int)len, line);
	else
		log_debug("lws: %.*s", (int)len, line);
}

/*
 * Hourly: forget delivery ids older than a week (platforms redeliver
 * within minutes).  WAL checkpoints are not done here but on their own
 * thread (checkpoint.c), so that the loop never waits for one.
 */
static void
loop_housekeeping(lws_sorted_usec_list_t *sul)
{
	struct loop	*loop = lws_container_of(sul, struct loop,
			    housekeeping);
	int		 n;

	n = q_seen_purge(loop->app->db, clock_now() - LOOP_SEEN_KEEP);
	if (n > 0)
		log_debug("%s: forgot %d delivery ids", __func__, n);
	lws_sul_schedule(loop->context, 0, &loop->housekeeping,
	    loop_housekeeping, LOOP_HOUSEKEEPING_US);
}

/*
 * Retention: delivered outbox rows, and with them their bodies, go after
 * [outbox] keep_days; I-messages are kept.  A slice at a time, each its
 * own short transaction, so that no group commit waits long; the next
 * slice a second later while there are more, else in an hour.
 */
static void
loop_retention(lws_sorted_usec_list_t *sul)
{
	struct loop	*loop = lws_container_of(sul, struct loop, retention);
	struct app	*app = loop->app;
	int		 n;

	n = q_outbox_purge_sent(app->db, clock_now() -
	    (time_t)app->cfg->outbox_keep_days * 86400, LOOP_PURGE_SLICE);
	if (n > 0) {
		metrics_purged((unsigned long)n);
		log_info("%s: purged %d delivered outbox row(s) older than %ld "
		    "days", __func__, n, app->cfg->outbox_keep_days);
	}
	lws_sul_schedule(loop->context, 0, &loop->retention, loop_retention,
	    n == LOOP_PURGE_SLICE ? LWS_US_PER_SEC : LOOP_HOUSEKEEPING_US);
}

/*
 * The loop's own protocol: finished worker jobs and the sender's delivered
 * batches wake the loop through lws_cancel_service, and their callbacks
 * and marks run here, on the loop thread.
 */
static int
loop_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct loop	*loop = lws_context_user(lws_get_context(wsi));

	(void)user;
	(void)in;
	(void)len;
	if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED && loop != NULL) {
		worker_done(loop->app->worker);
		worker_done(loop->app->lookups);
		outbox_settle(loop->app->outbox);
	}
	return 0;
}

/*
 * Creates the lws context with the adapter's protocol and arms the timers.
 * Returns the loop (caller frees with loop_free) or NULL with *cause set.
 */
struct loop *
loop_create(struct app *app, char **cause)
{
	struct lws_context_creation_info	 info;
	struct loop				*loop;

	lws_set_log_level(LLL_ERR | LLL_WARN, loop_lws_log);
	loop = xcalloc(1, sizeof *loop);
	loop->app = app;
	loop->protocols[0].name = "yell-loop";
	loop->protocols[0].callback = loop_callback;
	if (app->chat->protocol != NULL)
		loop->protocols[1] = *app->chat->protocol;
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = loop->protocols;
	info.user = loop;
	/*
	 * This vhost makes no TLS connection: without DO_SSL_GLOBAL_INIT it
	 * gets no TLS context of its own (building one, even without the
	 * system's CA store, costs start-up), and the adapters' vhosts that
	 * need TLS set it up.
	 */
	info.options = LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	loop->context = lws_create_context(&info);
	if (loop->context == NULL) {
		xasprintf(cause, "cannot create the libwebsockets context");
		free(loop);
		return NULL;
	}
	lws_sul_schedule(loop->context, 0, &loop->housekeeping,
	    loop_housekeeping, LWS_US_PER_SEC);
	lws_sul_schedule(loop->context, 0, &loop->retention, loop_retention,
	    LWS_US_PER_SEC);
	return loop;
}

struct app *
loop_app(struct loop *loop)
{
	return loop->app;
}

struct lws_context *
loop_context(struct loop *loop)
{
	return loop->context;
}

struct lws_vhost *
loop_vhost(struct loop *loop)
{
	return lws_get_vhost_by_name(loop->context, "default");
}

/*
 * An adapter's connection is up: the jobs the scheduler held back since
 * start may run.
 */
void
loop_connected(struct loop *loop)
{
	if (loop->app->sched != NULL)
		sched_kick(loop->app->sched);
}

/* Asks the loop to return from loop_run with end as the reason. */
void
loop_stop(struct loop *loop, enum loop_end end)
{
	if (!loop->stopping) {
		loop->stopping = true;
		loop->end = end;
	}
	lws_cancel_service(loop->context);
}

/*
 * Runs the loop until loop_stop, SIGTERM or SIGINT.  Returns why it ended.
 */
enum loop_end
loop_run(struct loop *loop)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_sighandler;
	sigemptyset(&sa.sa_mask);
	loop_signal_context = loop->context;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	loop_notify_start(loop);
	while (!loop->stopping) {
		if (loop_signalled)
			loop_leave(loop);
		if (loop_hangup)
			loop_reload(loop);
		if (loop->leaving && !loop->stopping &&
		    loop->app->chat->left(loop->app->chat)) {
			log_info("%s: every connection closed", __func__);
			loop_stop(loop, LOOP_END_SIGNAL);
		}
		if (loop->stopping)
			break;
		if (lws_service(loop->context, 0) < 0) {
			loop_stop(loop, LOOP_END_ERROR);
			break;
		}
	}
	return loop->end;
}

/* Cancels the timers and destroys the context.  loop_free(NULL) is a no-op. */
void
loop_free(struct loop *loop)
{
	if (loop == NULL)
		return;
	lws_sul_cancel(&loop->housekeeping);
	lws_sul_cancel(&loop->retention);
	lws_sul_cancel(&loop->leave);
	lws_sul_cancel(&loop->notify);
	loop_signal_context = NULL;
	lws_context_destroy(loop->context);
	free(loop);
}

/*
 * main.c: yelld, the daemon.  Reads the configuration, opens the state,
 * starts the chat adapter, the sender thread and the loop, and shuts them
 * down in order.  Exit status: 0, 64 usage, 73 database, 78 configuration.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "chat.h"
#include "state.h"

#define YELLD_DEFAULT_CONFIG	YELL_SYSCONFDIR "/yell/yell.conf"
#define YELLD_LOOKUPS		4	/* chat users looked up at once */

struct yelld_opts {
	const char	*config;
	const char	*now;
	const char	*as;
	bool		 check_only;
};

/*
 * What yelld writes (the database, its WAL and SHM) is its own alone, and
 * a crash leaves no core file with tokens and staff data in it.
 */
static void
yelld_harden(void)
{
	struct rlimit	no_core = { 0, 0 };

	umask(077);
	if (setrlimit(RLIMIT_CORE, &no_core) != 0)
		log_warn("setrlimit RLIMIT_CORE");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		log_warn("prctl PR_SET_DUMPABLE");
}

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: yelld [-n] [-c FILE] [--now 'YYYY-MM-DD HH:MM'] "
	    "[--as WHO]\n"
	    "  -c, --config FILE  configuration (default %s)\n"
	    "  -n, --check        check the configuration and exit\n"
	    "      --now TIME     start the clock at TIME (local time), for "
	    "demos and tests;\n"
	    "                     (YELL_NOW does the same with [test] hooks "
	    "= on)\n"
	    "      --as WHO       console adapter: the staff member typing "
	    "first\n"
	    "  -V, --version      print the version\n", YELLD_DEFAULT_CONFIG);
	exit(status);
}

static void
yelld_args(int argc, char **argv, struct yelld_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "now", required_argument, NULL, 'N' },
		{ "as", required_argument, NULL, 'A' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	memset(o, 0, sizeof *o);
	o->config = YELLD_DEFAULT_CONFIG;
	while ((ch = getopt_long(argc, argv, "c:nVh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'n':
			o->check_only = true;
			break;
		case 'N':
			o->now = optarg;
			break;
		case 'A':
			o->as = optarg;
			break;
		case 'V':
			printf("yelld %s\n", YELL_VERSION);
			exit(0);
		case 'h':
			usage(0);
		default:
			usage(EX_USAGE_);
		}
	}
	if (optind != argc)
		usage(EX_USAGE_);
}

/* NULL if the configured adapter is in this yelld, else why not. */
static char *
yelld_adapter_missing(const struct config *cfg)
{
	char	*why = NULL;

	if (cfg->adapter != CFG_ADAPTER_MATTERMOST)
		return NULL;
	xasprintf(&why, "[chat] adapter = %s is not available in this version "
	    "of yelld; use console or slack",
	    config_adapter_name(cfg->adapter));
	return why;
}

/*
 * The database's directory must exist and be writable (SQLite puts the
 * WAL and SHM beside the file), and the file, if there, writable.
 */
static char *
yelld_db_unwritable(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir, *why = NULL;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	if (access(dir, W_OK | X_OK) != 0)
		xasprintf(&why, "[state] database: directory %s: %m", dir);
	else if (access(path, F_OK) == 0 && access(path, R_OK | W_OK) != 0)
		xasprintf(&why, "[state] database: %s: %m", path);
	free(dir);
	return why;
}

/*
 * yelld -n: everything that can be checked without the network, each
 * problem on a line of its own; exits 0 ("configuration OK") or 78.
 */
static void __attribute__((noreturn))
yelld_check(const struct config *cfg)
{
	char	*why[3] = { NULL, NULL, NULL };
	size_t	 i;
	int	 bad = 0;

	why[0] = yelld_adapter_missing(cfg);
	if (cfg->adapter == CFG_ADAPTER_SLACK)
		(void)chat_slack_check(cfg, &why[1]);
	why[2] = yelld_db_unwritable(cfg->database);
	for (i = 0; i < sizeof why / sizeof why[0]; i++) {
		if (why[i] == NULL)
			continue;
		fprintf(stderr, "%s: %s\n", cfg->path, why[i]);
		free(why[i]);
		bad = 1;
	}
	if (bad)
		exit(EX_CONFIG_);
	printf("configuration OK\n");
	exit(0);
}

/* Loads everything the configuration points at; exits on failure. */
static void
yelld_setup(struct app *app, const struct yelld_opts *o)
{
	const char	*when;
	char		*cause = NULL;
	time_t		 now;

	if ((app->cfg = config_load(o->config, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		exit(EX_CONFIG_);
	}
	log_set_level(app->cfg->log_level);
	if ((when = o->now) == NULL)
		when = config_test_hook(app->cfg, "YELL_NOW");
	if (when != NULL) {
		if (clock_parse(when, &now) != 0) {
			fprintf(stderr, "yelld: --now/YELL_NOW \"%s\": expected "
			    "YYYY-MM-DD HH:MM\n", when);
			exit(EX_USAGE_);
		}
		clock_set(now);
	}
	if ((app->msg = msgcat_load(app->cfg->data_dir, &cause)) == NULL ||
	    (app->mvv = mvv_load(app->cfg->data_dir, &cause)) == NULL) {
		fprintf(stderr, "%s: [data] dir: %s\n", o->config, cause);
		exit(EX_CONFIG_);
	}
	app->remind = xcalloc(1, sizeof *app->remind);
	if (calendar_load(app->cfg, &app->cal, app->remind, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", o->config, cause);
		exit(EX_CONFIG_);
	}
	if (o->check_only)
		yelld_check(app->cfg);
	if ((app->db = db_open(app->cfg->database, &cause)) == NULL) {
		log_warnx("database: %s", cause);
		exit(EX_CANTCREAT_);
	}
}

/* The configured adapter, or NULL once the reason is printed. */
static struct chat *
yelld_adapter(struct app *app, const struct yelld_opts *o)
{
	struct chat	*chat;
	char		*cause = NULL;

	switch (app->cfg->adapter) {
	case CFG_ADAPTER_CONSOLE:
		return chat_console_create(app->db, app->msg,
		    app->cfg->language, o->as);
	case CFG_ADAPTER_SLACK:
		if ((chat = chat_slack_create(app, &cause)) == NULL) {
			fprintf(stderr, "%s: %s\n", app->cfg->path, cause);
			free(cause);
		}
		return chat;
	case CFG_ADAPTER_MATTERMOST:
		break;
	}
	cause = yelld_adapter_missing(app->cfg);
	fprintf(stderr, "%s: %s\n", app->cfg->path, cause);
	free(cause);
	return NULL;
}

static void
yelld_teardown(struct app *app, struct loop *loop)
{
	worker_free(app->worker);
	worker_free(app->lookups);
	ingress_free(app->ingress);
	sched_free(app->sched);
	loop_free(loop);
	http_free(app->http);
	if (app->chat != NULL)
		app->chat->free(app->chat);
	outbox_free(app->outbox);
	db_close(app->db);
	mvv_free(app->mvv);
	workcal_free(app->cal);
	free(app->remind);
	msgcat_free(app->msg);
	config_free(app->cfg);
	app_old_free(app);
	curl_global_cleanup();
}

int
main(int argc, char **argv)
{
	struct yelld_opts	 o;
	struct app		 app;
	struct loop		*loop = NULL;
	struct checkpoint	*ckpt;
	enum loop_end		 end;
	char			*cause = NULL;
	int			 status = 0;

	log_init(LOG_LVL_INFO, "yelld");
	yelld_harden();
	yelld_args(argc, argv, &o);
	memset(&app, 0, sizeof app);
	json_object_seed(0);	/* before any thread (jansson threadsafety) */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	yelld_setup(&app, &o);
	/* Before the sender opens its connection, so that it hands over too. */
	if ((ckpt = checkpoint_start(app.db, &cause)) == NULL) {
		log_warnx("checkpoints stay in the commits: %s", cause);
		free(cause);
		cause = NULL;
	}
	/* No adapter: leave as cleanly as after a run (valgrind sees all). */
	if ((app.chat = yelld_adapter(&app, &o)) == NULL) {
		yelld_teardown(&app, NULL);
		checkpoint_stop(ckpt);
		return EX_CONFIG_;
	}
	if ((loop = loop_create(&app, &cause)) != NULL) {
		app.worker = worker_create(loop_context(loop), 1);
		app.lookups = worker_create(loop_context(loop),
		    app.chat->lookup != NULL ? YELLD_LOOKUPS : 1);
		app.ingress = ingress_create(&app, loop);
		if ((app.outbox = outbox_start(app.cfg, app.chat, loop,
		    &cause)) == NULL)
			fatalx("outbox: %s", cause);
	}
	if (loop == NULL || app.chat->start(app.chat, loop, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		outbox_stop(app.outbox, false);
		yelld_teardown(&app, loop);
		checkpoint_stop(ckpt);
		return EX_CONFIG_;
	}
	app.sched = sched_create(&app, loop);
	if ((app.http = http_start(&app, loop, &cause)) == NULL &&
	    cause != NULL) {
		log_warnx("%s; running without /healthz and /metrics", cause);
		free(cause);
		cause = NULL;
	}
	log_info("started: adapter %s, database %s", app.chat->platform,
	    app.cfg->database);
	end = loop_run(loop);
	app.chat->stop(app.chat);
	worker_free(app.worker);	/* after the adapter aborted its calls */
	app.worker = NULL;
	worker_free(app.lookups);
	app.lookups = NULL;
	ingress_free(app.ingress);	/* what never ran was never acked */
	app.ingress = NULL;
	/* At the end of console input, print what is due before leaving. */
	outbox_stop(app.outbox, end == LOOP_END_INPUT);
	if (end == LOOP_END_ERROR)
		status = EX_SOFTWARE_;
	else if (end == LOOP_END_CONFIG)
		status = EX_CONFIG_;
	log_info("stopped");
	yelld_teardown(&app, loop);
	checkpoint_stop(ckpt);	/* once no connection reports to it */
	return status;
}

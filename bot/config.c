/*
 * config.c: the INI configuration file, read with libinih.
 *
 * Every option is a row of cfg_options[]; config/yell.conf.example
 * documents them all.  Every mistake is reported as "file:line: message"
 * and any mistake stops start-up (exit 78, EX_CONFIG).  Secrets never live
 * here: adapters read them from files or the environment.
 */
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "bot.h"
#include "net.h"
#include "state.h"

#ifndef YELL_DATADIR
#define YELL_DATADIR "/usr/local/share/yell"
#endif

enum cfg_type { CFG_STRING, CFG_PATH, CFG_INT, CFG_ENUM, CFG_ZONE,
	CFG_HOURS, CFG_OFFSETS, CFG_TIME, CFG_SENDERS, CFG_URL };

struct cfg_option {
	const char		*section;
	const char		*name;
	enum cfg_type		 type;
	const char		*def;		/* NULL: required */
	const char *const	*choices;	/* CFG_ENUM */
	long			 min, max;	/* CFG_INT */
	size_t			 offset;
};

static const char *const cfg_adapters[] = { "console", "slack", "mattermost",
    NULL };
static const char *const cfg_languages[] = { "ja", "en", NULL };
static const char *const cfg_onoff[] = { "off", "on", NULL };
static const char *const cfg_guests[] = { "refuse", "allow", NULL };
static const char *const cfg_levels[] = { "error", "warn", "info", "debug",
    NULL };
static const char *const cfg_weekdays[] = { "monday", "tuesday", "wednesday",
    "thursday", "friday", NULL };
static const char *const cfg_off_on[] = { "off", "on", NULL };

#define OFF(f)	offsetof(struct config, f)
static const struct cfg_option cfg_options[] = {
	{ "chat", "adapter", CFG_ENUM, NULL, cfg_adapters, 0, 0,
	    OFF(adapter) },
	{ "chat", "language", CFG_STRING, "ja", cfg_languages, 0, 0,
	    OFF(language) },
	{ "state", "database", CFG_PATH, NULL, NULL, 0, 0, OFF(database) },
	{ "time", "zone", CFG_ZONE, "Asia/Tokyo", NULL, 0, 0, OFF(zone) },
	{ "data", "dir", CFG_PATH, "", NULL, 0, 0, OFF(data_dir) },
	{ "imessage", "senders", CFG_SENDERS, "managers", NULL, 0, 0,
	    OFF(imessage_senders) },
	{ "imessage", "max_length", CFG_INT, "500", NULL, 1, 10000,
	    OFF(imessage_max_length) },
	{ "imessage", "hints", CFG_ENUM, "on", cfg_onoff, 0, 0,
	    OFF(imessage_hints) },
	{ "imessage", "share_channel", CFG_STRING, "", NULL, 0, 0,
	    OFF(imessage_share_channel) },
	{ "log", "level", CFG_ENUM, "info", cfg_levels, 0, 0,
	    OFF(log_level) },
	{ "calendar", "hours", CFG_HOURS, "08:30-17:15", NULL, 0, 0,
	    OFF(work_hours) },
	{ "calendar", "holidays", CFG_PATH, "", NULL, 0, 0,
	    OFF(holidays_dir) },
	{ "reminders", "before", CFG_OFFSETS, "7d, 1wd, 0d", NULL, 0, 0,
	    OFF(remind_before) },
	{ "reminders", "time", CFG_TIME, "09:00", NULL, 0, 0,
	    OFF(remind_time) },
	{ "prompts", "channels", CFG_STRING, "", NULL, 0, 0,
	    OFF(prompt_channels) },
	{ "prompts", "day", CFG_ENUM, "monday", cfg_weekdays, 0, 0,
	    OFF(prompt_day) },
	{ "prompts", "time", CFG_TIME, "09:30", NULL, 0, 0, OFF(prompt_time) },
	{ "nudges", "per_week", CFG_INT, "2", NULL, 0, 7,
	    OFF(nudge_per_week) },
	{ "nudges", "time", CFG_TIME, "10:00", NULL, 0, 0, OFF(nudge_time) },
	{ "nudges", "imessage_days", CFG_INT, "30", NULL, 0, 365,
	    OFF(nudge_imessage_days) },
	{ "nudges", "team_days", CFG_INT, "30", NULL, 0, 365,
	    OFF(nudge_team_days) },
	{ "nudges", "after_class", CFG_ENUM, "on", cfg_off_on, 0, 0,
	    OFF(nudge_after_class) },
	{ "nudges", "thanks_days", CFG_INT, "3", NULL, 0, 30,
	    OFF(nudge_thanks_days) },
	{ "slack", "app_token_file", CFG_PATH, "", NULL, 0, 0,
	    OFF(slack_app_token_file) },
	{ "slack", "bot_token_file", CFG_PATH, "", NULL, 0, 0,
	    OFF(slack_bot_token_file) },
	{ "slack", "api_url", CFG_URL, "https://slack.com/api/", NULL, 0, 0,
	    OFF(slack_api_url) },
	{ "slack", "ca_file", CFG_PATH, "", NULL, 0, 0, OFF(slack_ca_file) },
	{ "slack", "connections", CFG_INT, "2", NULL, 1, 10,
	    OFF(slack_connections) },
	{ "slack", "post_interval_ms", CFG_INT, "1000", NULL, 0, 60000,
	    OFF(slack_post_interval_ms) },
	{ "slack", "http_timeout_ms", CFG_INT, "10000", NULL, 100, 120000,
	    OFF(slack_http_timeout_ms) },
	{ "slack", "hello_timeout_ms", CFG_INT, "10000", NULL, 100, 120000,
	    OFF(slack_hello_timeout_ms) },
	{ "slack", "ping_interval", CFG_INT, "10", NULL, 1, 300,
	    OFF(slack_ping_interval) },
	{ "slack", "ping_timeout", CFG_INT, "30", NULL, 2, 600,
	    OFF(slack_ping_timeout) },
	{ "http", "listen", CFG_STRING, "127.0.0.1:9464", NULL, 0, 0,
	    OFF(http_listen) },
	{ "outbox", "keep_days", CFG_INT, "30", NULL, 1, 3650,
	    OFF(outbox_keep_days) },
	{ "test", "hooks", CFG_ENUM, "off", cfg_onoff, 0, 0,
	    OFF(test_hooks) },
	{ "slack", "guests", CFG_ENUM, "refuse", cfg_guests, 0, 0,
	    OFF(slack_guests) },
	{ "limits", "commands", CFG_INT, "10", NULL, 1, 10000,
	    OFF(limit_commands) },
	{ "limits", "window", CFG_INT, "10", NULL, 1, 3600,
	    OFF(limit_window) },
	{ "limits", "words", CFG_INT, "300", NULL, 1, 100000,
	    OFF(limit_words) },
	{ "limits", "mentions", CFG_INT, "20", NULL, 1, 1000,
	    OFF(limit_mentions) },
	{ "limits", "lookups", CFG_INT, "5", NULL, 0, 1000,
	    OFF(limit_lookups) },
	{ "limits", "miss_cache", CFG_INT, "600", NULL, 0, 86400,
	    OFF(limit_miss_cache) },
	{ "limits", "stranger_hours", CFG_INT, "24", NULL, 0, 720,
	    OFF(limit_stranger_hours) },
	{ "limits", "email_check_hours", CFG_INT, "24", NULL, 0, 720,
	    OFF(limit_email_check_hours) },
};
#define CFG_NOPTIONS	(sizeof cfg_options / sizeof cfg_options[0])

struct cfg_parse {
	struct config	*cfg;
	const char	*path;
	char		*dir;		/* of the file, for relative paths */
	FILE		*f;
	int		 lineno;	/* line the reader is on */
	int		 at_bol;
	int		 seen[CFG_NOPTIONS];	/* line each option was set on */
	int		 last_error_line;
	struct buf	 errors;
};

static void
cfg_error(struct cfg_parse *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cfg_error(struct cfg_parse *p, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (p->errors.len > 0)
		buf_addstr(&p->errors, "\n");
	buf_printf(&p->errors, "%s:%d: %s", p->path, line, msg);
	free(msg);
}

/*
 * Checks the shape of a line before libinih sees it: libinih stops
 * reporting after the first malformed line, and we want every one.
 */
static void
cfg_check_line(struct cfg_parse *p, const char *line)
{
	line += strspn(line, " \t");
	if (*line == '\0' || *line == '\n' || *line == ';' || *line == '#')
		return;
	if (*line == '[' ? strchr(line, ']') == NULL :
	    strpbrk(line, "=:") == NULL)
		cfg_error(p, p->lineno,
		    "expected \"key = value\" or \"[section]\"");
}

/* fgets that counts lines, so each key's line number is known. */
static char *
cfg_reader(char *str, int num, void *stream)
{
	struct cfg_parse	*p = stream;
	char			*r;

	r = fgets(str, num, p->f);
	if (r == NULL)
		return NULL;
	if (p->at_bol) {
		p->lineno++;
		cfg_check_line(p, str);
	}
	p->at_bol = strchr(str, '\n') != NULL;
	return r;
}

static int
cfg_choice(const char *const *choices, const char *value)
{
	int	i;

	for (i = 0; choices[i] != NULL; i++) {
		if (strcmp(choices[i], value) == 0)
			return i;
	}
	return -1;
}

static char *
cfg_choices_list(const char *const *choices)
{
	struct buf	b;
	int		i;

	buf_init(&b, 0);
	for (i = 0; choices[i] != NULL; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", choices[i]);
	return buf_steal(&b);
}

/* Values with a syntax of their own: working hours, offsets, a time. */
static int
cfg_check_special(const struct cfg_option *o, const char *value, char **why)
{
	struct remind_policy	p;
	int			a, b;

	switch (o->type) {
	case CFG_HOURS:
		if (workcal_parse_hours(value, &a, &b) == 0)
			return 0;
		xasprintf(why, "%s must be like 08:30-17:15, not \"%s\"",
		    o->name, value);
		return -1;
	case CFG_OFFSETS:
		if (remind_parse_offsets(value, &p) == 0)
			return 0;
		xasprintf(why, "%s must be a list such as \"7d, 1wd, 0d\" "
		    "(days, working days), not \"%s\"", o->name, value);
		return -1;
	default:
		if (clock_parse_hhmm(value, &a) == 0)
			return 0;
		xasprintf(why, "%s must be a time such as 09:00, not \"%s\"",
		    o->name, value);
		return -1;
	}
}

/* [imessage] senders: managers, all, or segments joined by "|". */
static int
cfg_set_senders(struct config *cfg, const char *value, char **why)
{
	char	*segments, *bad;

	if (senders_parse(value, &cfg->imessage_senders, &segments,
	    &bad) != 0) {
		xasprintf(why, "senders must be managers, all or segments "
		    "such as \"department=総務部 job_level=課長級 | "
		    "section=人事課\"; not understood: \"%s\"", bad);
		free(bad);
		return -1;
	}
	free(cfg->imessage_segments);
	cfg->imessage_segments = segments;
	return 0;
}

/* Stores one value into the struct.  Returns 0 or -1 with *why set. */
static int
cfg_set(struct cfg_parse *p, const struct cfg_option *o, const char *value,
    char **why)
{
	char	*base = (char *)p->cfg + o->offset, **sp, *end, *list;
	long	 l;
	int	 c;

	switch (o->type) {
	case CFG_ENUM:
		if ((c = cfg_choice(o->choices, value)) < 0)
			goto bad_choice;
		*(int *)base = c;
		return 0;
	case CFG_SENDERS:
		return cfg_set_senders(p->cfg, value, why);
	case CFG_INT:
		l = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || l < o->min ||
		    l > o->max) {
			xasprintf(why, "%s must be a whole number from %ld to "
			    "%ld, not \"%s\"", o->name, o->min, o->max, value);
			return -1;
		}
		*(long *)base = l;
		return 0;
	case CFG_ZONE:
		if (clock_check_zone(value) != 0) {
			xasprintf(why, "unknown time zone \"%s\" (expected a "
			    "tz database name such as Asia/Tokyo)", value);
			return -1;
		}
		break;
	case CFG_STRING:
		if (o->choices != NULL && cfg_choice(o->choices, value) < 0)
			goto bad_choice;
		break;
	case CFG_HOURS:
	case CFG_OFFSETS:
	case CFG_TIME:
		if (cfg_check_special(o, value, why) != 0)
			return -1;
		break;
	case CFG_URL:	/* checked here, so nothing is ever sent to it */
		if (net_url_check_api(value, &list) != 0) {
			xasprintf(why, "%s %s", o->name, list);
			free(list);
			return -1;
		}
		break;
	case CFG_PATH:
		if (*value == '\0' && o->def != NULL && *o->def == '\0')
			return 0;	/* optional path left unset */
		if (*value == '\0') {
			xasprintf(why, "%s must not be empty", o->name);
			return -1;
		}
		break;
	}
	sp = (char **)base;
	free(*sp);
	if (o->type == CFG_PATH && *value != '/' && p->dir != NULL)
		xasprintf(sp, "%s/%s", p->dir, value);
	else
		*sp = xstrdup(value);
	return 0;
bad_choice:
	list = cfg_choices_list(o->choices);
	xasprintf(why, "%s must be one of %s, not \"%s\"", o->name, list,
	    value);
	free(list);
	return -1;
}

static int
cfg_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct cfg_parse	*p = user;
	size_t			 i;
	int			 known_section = 0;
	char			*why = NULL;

	for (i = 0; i < CFG_NOPTIONS; i++) {
		if (strcmp(cfg_options[i].section, section) != 0)
			continue;
		known_section = 1;
		if (strcmp(cfg_options[i].name, name) == 0)
			break;
	}
	if (!known_section) {
		cfg_error(p, p->lineno, "unknown section [%s]", section);
		return 0;
	}
	if (i == CFG_NOPTIONS) {
		cfg_error(p, p->lineno, "unknown key \"%s\" in [%s]", name,
		    section);
		return 0;
	}
	if (p->seen[i] != 0) {
		cfg_error(p, p->lineno, "[%s] %s is already set on line %d",
		    section, name, p->seen[i]);
		return 0;
	}
	p->seen[i] = p->lineno;
	if (cfg_set(p, &cfg_options[i], value, &why) != 0) {
		cfg_error(p, p->lineno, "%s", why);
		free(why);
		return 0;
	}
	return 1;
}

/*
 * [data] dir's default: the install prefix's share/yell, or for a binary
 * run from its build tree (make demo, the tests, a developer), the source
 * tree's config/, so that neither needs an install.
 */
static const char *
cfg_default_datadir(void)
{
#if defined(YELL_BUILD_DIR) && defined(YELL_SOURCE_CONFIG)
	char	exe[PATH_MAX];
	ssize_t	n;
	char	*slash;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if (strcmp(exe, YELL_BUILD_DIR) == 0)
			return YELL_SOURCE_CONFIG;
	}
#endif
	return YELL_DATADIR;
}

/* Fills in defaults and reports required options that were not set. */
static void
cfg_finish(struct cfg_parse *p)
{
	const struct cfg_option	*o;
	char			*why = NULL;
	size_t			 i;

	for (i = 0; i < CFG_NOPTIONS; i++) {
		o = &cfg_options[i];
		if (p->seen[i] != 0)
			continue;
		if (o->def == NULL) {
			cfg_error(p, p->lineno, "[%s] %s is required",
			    o->section, o->name);
			continue;
		}
		if (o->offset == OFF(data_dir)) {
			p->cfg->data_dir = xstrdup(cfg_default_datadir());
			continue;
		}
		if (cfg_set(p, o, o->def, &why) != 0) {
			cfg_error(p, p->lineno, "default: %s", why);
			free(why);
		}
	}
}

static char *
cfg_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		 cwd[PATH_MAX], *dir;

	if (slash == NULL) {
		if (getcwd(cwd, sizeof cwd) == NULL)
			return NULL;
		return xstrdup(cwd);
	}
	if (slash == path)
		return xstrdup("/");
	if (*path == '/')
		return xstrndup(path, (size_t)(slash - path));
	if (getcwd(cwd, sizeof cwd) == NULL)
		return NULL;
	xasprintf(&dir, "%s/%.*s", cwd, (int)(slash - path), path);
	return dir;
}

/*
 * Reads the configuration file at path.  Relative paths inside it are
 * relative to the file's own directory.  Returns a config the caller frees
 * with config_free, or NULL with *cause set to every error, one
 * "file:line: message" per line (caller frees).  On success the file's
 * time zone becomes the process's local time.
 */
struct config *
config_load(const char *path, char **cause)
{
	struct config	*cfg;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: cannot open: %m", path);
		return NULL;
	}
	cfg = config_read(f, path, cause);
	fclose(f);
	if (cfg != NULL)	/* only a file without errors counts */
		clock_set_zone(cfg->zone);
	return cfg;
}

/*
 * config_load over the open stream f (left open), named path, without
 * touching the process's time zone: the fuzz target's way in, and a check
 * of a file before it replaces the one in use.
 */
struct config *
config_read(FILE *f, const char *path, char **cause)
{
	struct cfg_parse	 p;
	int			 rc;

	memset(&p, 0, sizeof p);
	buf_init(&p.errors, 0);
	p.path = path;
	p.at_bol = 1;
	p.f = f;
	p.cfg = xcalloc(1, sizeof *p.cfg);
	p.cfg->path = xstrdup(path);
	p.dir = cfg_dirname(path);
	rc = ini_parse_stream(cfg_reader, &p, cfg_handler, &p);
	if (rc > 0 && p.errors.len == 0)
		cfg_error(&p, rc, "expected \"key = value\" or \"[section]\"");
	else if (rc < 0)
		cfg_error(&p, p.lineno, "cannot read the file");
	cfg_finish(&p);
	free(p.dir);
	if (p.errors.len > 0) {
		*cause = buf_steal(&p.errors);
		config_free(p.cfg);
		return NULL;
	}
	buf_free(&p.errors);
	return p.cfg;
}

void
config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->path);
	free(cfg->language);
	free(cfg->database);
	free(cfg->zone);
	free(cfg->data_dir);
	free(cfg->work_hours);
	free(cfg->holidays_dir);
	free(cfg->remind_before);
	free(cfg->remind_time);
	free(cfg->imessage_share_channel);
	free(cfg->imessage_segments);
	free(cfg->prompt_channels);
	free(cfg->prompt_time);
	free(cfg->nudge_time);
	free(cfg->slack_app_token_file);
	free(cfg->slack_bot_token_file);
	free(cfg->slack_api_url);
	free(cfg->slack_ca_file);
	free(cfg->http_listen);
	free(cfg);
}

/*
 * The value of a test hook's environment variable (YELL_NOW,
 * YELL_OUTBOX_HOLD, ...), or NULL: hooks work only with [test] hooks = on,
 * so that a variable left in a production environment changes nothing.
 */
const char *
config_test_hook(const struct config *cfg, const char *env)
{
	const char	*value = getenv(env);

	if (value == NULL || cfg->test_hooks)
		return value;
	log_warnx("%s is set but [test] hooks is off: ignored", env);
	return NULL;
}

const char *
config_adapter_name(enum cfg_adapter a)
{
	return cfg_adapters[a];
}

/*
 * test_config.c: config_load, the INI file and its "file:line: message"
 * errors.
 *
 * Each test writes its own file under /tmp.  config_load applies [time]
 * zone as a side effect, so every test leaves the zone at Asia/Tokyo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bot.h"

/* Writes text to a new file in dir (or /tmp).  Returns its path; free it. */
static char *
write_conf(const char *dir, const char *text)
{
	char	*path;
	int	 fd;
	size_t	 len = strlen(text);

	xasprintf(&path, "%s/yell-test-XXXXXX", dir != NULL ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

static void
remove_conf(char *path)
{
	unlink(path);
	free(path);
}

/* Loads text as a config that must fail; returns the cause (free it). */
static char *
load_bad(const char *text, char **pathp)
{
	struct config	*cfg;
	char		*cause = NULL;

	*pathp = write_conf(NULL, text);
	cfg = config_load(*pathp, &cause);
	assert_null(cfg);
	assert_non_null(cause);
	return cause;
}

/* Returns how many lines cause holds. */
static size_t
count_lines(const char *cause)
{
	size_t	n = 1;

	for (; *cause != '\0'; cause++) {
		if (*cause == '\n')
			n++;
	}
	return n;
}

/*
 * Fails unless some line of cause is "path:line: ..." and contains needle.
 */
static void
expect_error(const char *cause, const char *path, int line,
    const char *needle)
{
	const char	*p = cause, *eol;
	char		*prefix, *one;
	int		 found = 0;

	xasprintf(&prefix, "%s:%d: ", path, line);
	while (*p != '\0' && !found) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		one = xstrndup(p, (size_t)(eol - p));
		if (strncmp(one, prefix, strlen(prefix)) == 0 &&
		    strstr(one, needle) != NULL)
			found = 1;
		free(one);
		p = *eol == '\n' ? eol + 1 : eol;
	}
	if (!found)
		fail_msg("no \"%s...%s\" in:\n%s", prefix, needle, cause);
	free(prefix);
}

/* Fails unless some line of cause, whatever its number, holds needle. */
static void
expect_anywhere(const char *cause, const char *path, const char *needle)
{
	char	*prefix;

	xasprintf(&prefix, "%s:", path);
	if (strncmp(cause, prefix, strlen(prefix)) != 0 ||
	    strstr(cause, needle) == NULL)
		fail_msg("no \"%s\" in:\n%s", needle, cause);
	free(prefix);
}

/* Fails unless t is want in local time; frees before it can fail. */
static void
expect_local(time_t t, const char *want)
{
	char	*s, got[32];

	s = clock_format_datetime(t);
	snprintf(got, sizeof got, "%s", s);
	free(s);
	assert_string_equal(got, want);
}

static void
test_all_options(void **state)
{
	struct config	*cfg;
	char		*path, *cause = NULL;

	(void)state;
	path = write_conf(NULL,
	    "# every option\n"
	    "[chat]\n"
	    "adapter = slack\n"
	    "language = en\n"
	    "\n"
	    "[state]\n"
	    "database = /var/lib/yell/yell.db\n"
	    "[time]\n"
	    "zone = Asia/Tokyo\n"
	    "[data]\n"
	    "dir = /opt/yell/share\n"
	    "; a comment\n"
	    "[imessage]\n"
	    "senders = all\n"
	    "max_length = 10000\n"
	    "[log]\n"
	    "level = debug\n");
	cfg = config_load(path, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	assert_null(cause);
	assert_string_equal(cfg->path, path);
	assert_int_equal(cfg->adapter, CFG_ADAPTER_SLACK);
	assert_string_equal(config_adapter_name(cfg->adapter), "slack");
	assert_string_equal(cfg->language, "en");
	assert_string_equal(cfg->database, "/var/lib/yell/yell.db");
	assert_string_equal(cfg->zone, "Asia/Tokyo");
	assert_string_equal(cfg->data_dir, "/opt/yell/share");
	assert_int_equal(cfg->imessage_senders, CFG_SENDERS_ALL);
	assert_int_equal(cfg->imessage_max_length, 10000);
	assert_int_equal(cfg->log_level, LOG_LVL_DEBUG);
	config_free(cfg);
	remove_conf(path);
}

static void
test_other_choices(void **state)
{
	struct config	*cfg;
	char		*path, *cause = NULL;

	(void)state;
	path = write_conf(NULL,
	    "[chat]\nadapter = mattermost\n"
	    "[state]\ndatabase = /db\n"
	    "[imessage]\nmax_length = 1\n"
	    "[log]\nlevel = error\n");
	cfg = config_load(path, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	assert_int_equal(cfg->adapter, CFG_ADAPTER_MATTERMOST);
	assert_string_equal(config_adapter_name(cfg->adapter), "mattermost");
	assert_string_equal(config_adapter_name(CFG_ADAPTER_CONSOLE),
	    "console");
	assert_int_equal(cfg->imessage_max_length, 1);
	assert_int_equal(cfg->log_level, LOG_LVL_ERROR);
	config_free(cfg);
	remove_conf(path);
}

static void
test_defaults(void **state)
{
	struct config	*cfg;
	char		*path, *cause = NULL;

	(void)state;
	path = write_conf(NULL,
	    "[chat]\nadapter = console\n[state]\ndatabase = /tmp/yell.db\n");
	cfg = config_load(path, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	assert_int_equal(cfg->adapter, CFG_ADAPTER_CONSOLE);
	assert_string_equal(cfg->language, "ja");
	assert_string_equal(cfg->database, "/tmp/yell.db");
	assert_string_equal(cfg->zone, "Asia/Tokyo");
	assert_string_equal(cfg->data_dir, YELL_DATADIR);
	assert_int_equal(cfg->imessage_senders, CFG_SENDERS_MANAGERS);
	assert_int_equal(cfg->imessage_max_length, 500);
	assert_int_equal(cfg->log_level, LOG_LVL_INFO);
	config_free(cfg);
	remove_conf(path);
}

/* Relative paths are relative to the file's directory, not the cwd. */
static void
test_relative_paths(void **state)
{
	struct config	*cfg;
	char		 tmpl[] = "/tmp/yell-cfgdir-XXXXXX";
	char		*path, *cause = NULL, *want, *dir;

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	path = write_conf(dir,
	    "[chat]\nadapter = console\n"
	    "[state]\ndatabase = yell.db\n"
	    "[data]\ndir = ../share/yell\n");
	cfg = config_load(path, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	xasprintf(&want, "%s/yell.db", dir);
	assert_string_equal(cfg->database, want);
	free(want);
	xasprintf(&want, "%s/../share/yell", dir);
	assert_string_equal(cfg->data_dir, want);
	free(want);
	config_free(cfg);
	remove_conf(path);
	assert_int_equal(rmdir(dir), 0);
}

/* A relative config path still gives absolute paths inside it. */
static void
test_relative_config_path(void **state)
{
	struct config	*cfg;
	char		 tmpl[] = "/tmp/yell-cfgdir-XXXXXX";
	char		*path, *cause = NULL, *dir, *want, *rel;
	char		 cwd[4096], old[4096];

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	path = write_conf(dir,
	    "[chat]\nadapter = console\n[state]\ndatabase = yell.db\n");
	assert_non_null(getcwd(old, sizeof old));
	assert_int_equal(chdir("/tmp"), 0);
	assert_non_null(getcwd(cwd, sizeof cwd));

	/* "yell-cfgdir-XXXXXX/yell-test-XXXXXX", relative to /tmp. */
	rel = path + strlen("/tmp/");
	cfg = config_load(rel, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	xasprintf(&want, "%s/%s/yell.db", cwd, dir + strlen("/tmp/"));
	assert_string_equal(cfg->database, want);
	free(want);
	config_free(cfg);

	/* A bare file name: the directory is the cwd. */
	assert_int_equal(chdir(dir), 0);
	cfg = config_load(path + strlen(dir) + 1, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	assert_non_null(getcwd(cwd, sizeof cwd));
	xasprintf(&want, "%s/yell.db", cwd);
	assert_string_equal(cfg->database, want);
	free(want);
	config_free(cfg);

	assert_int_equal(chdir(old), 0);
	remove_conf(path);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_unknown_section(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\nadapter = console\n[state]\ndatabase = /db\n"
	    "[colour]\n"
	    "mode = dark\n", &path);
	/* Reported on the key inside it, as the integration test expects. */
	expect_error(cause, path, 6, "unknown section [colour]");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
	remove_conf(path);
}

static void
test_unknown_key(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\nadapter = console\n"
	    "[state]\n"
	    "database = /db\n"
	    "databse = /db2\n", &path);
	expect_error(cause, path, 5, "unknown key \"databse\" in [state]");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
	remove_conf(path);
}

static void
test_bad_enum(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[state]\ndatabase = /db\n"
	    "[chat]\n"
	    "adapter = irc\n", &path);
	expect_error(cause, path, 4, "adapter must be one of console, slack, "
	    "mattermost, not \"irc\"");
	/* A bad value is still "set": no extra "is required". */
	assert_int_equal(count_lines(cause), 1);
	free(cause);
	remove_conf(path);

	cause = load_bad(
	    "[chat]\nadapter = console\nlanguage = fr\n"
	    "[state]\ndatabase = /db\n", &path);
	expect_error(cause, path, 3, "language must be one of ja, en, "
	    "not \"fr\"");
	free(cause);
	remove_conf(path);
}

/* The roll-out's senders: managers, all, or a pilot's segments. */
static void
test_senders(void **state)
{
	struct config	*cfg;
	char		*path, *cause = NULL;

	(void)state;
	path = write_conf(NULL, "[chat]\nadapter = console\n"
	    "[state]\ndatabase = /db\n"
	    "[imessage]\nsenders = department=総務部 job_level=課長級 | "
	    "section＝人事課\nhints = off\nshare_channel = C0SHARE\n");
	cfg = config_load(path, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	assert_int_equal(cfg->imessage_senders, CFG_SENDERS_SEGMENTS);
	assert_string_equal(cfg->imessage_segments,
	    "department=総務部 job_level=課長級 | section＝人事課");
	assert_int_equal(cfg->imessage_hints, 0);
	assert_string_equal(cfg->imessage_share_channel, "C0SHARE");
	config_free(cfg);
	remove_conf(path);

	cause = load_bad("[chat]\nadapter = console\n"
	    "[state]\ndatabase = /db\n"
	    "[imessage]\nsenders = department=総務部 | colour=blue\n", &path);
	expect_error(cause, path, 6, "senders must be managers, all or "
	    "segments");
	expect_error(cause, path, 6, "colour");
	free(cause);
	remove_conf(path);
}

static void
test_bad_max_length(void **state)
{
	static const char *const bad[] = { "0", "10001", "abc", "12abc",
	    "-5" };
	char	*text, *path, *cause, *msg;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		xasprintf(&text, "[chat]\nadapter = console\n"
		    "[state]\ndatabase = /db\n"
		    "[imessage]\n"
		    "max_length = %s\n", bad[i]);
		cause = load_bad(text, &path);
		xasprintf(&msg, "max_length must be a whole number from 1 to "
		    "10000, not \"%s\"", bad[i]);
		expect_error(cause, path, 6, msg);
		assert_int_equal(count_lines(cause), 1);
		free(msg);
		free(cause);
		free(text);
		remove_conf(path);
	}
}

static void
test_bad_zone(void **state)
{
	char	*path, *cause;

	(void)state;
	assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
	cause = load_bad(
	    "[chat]\nadapter = console\n[state]\ndatabase = /db\n"
	    "[time]\n"
	    "zone = Asia/Tokio\n", &path);
	expect_error(cause, path, 6, "unknown time zone \"Asia/Tokio\"");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
	remove_conf(path);

	/* The zone in force is unchanged: 2024-01-01T00:00Z is 09:00 JST. */
	expect_local(1704067200, "2024-01-01 09:00");
}

/*
 * api_url is parsed as curl parses it: no user-info part, plain http only
 * to this machine.  Nothing is sent anywhere: config_load only parses.
 */
static void
test_bad_api_url(void **state)
{
	static const struct {
		const char	*url, *needle;
	} bad[] = {
		{ "http://localhost:@example.org/api/",
		    "must not have a user or password part" },
		{ "https://user:pw@slack.com/api/",
		    "must not have a user or password part" },
		{ "http://slack.example.com/api/", "must be an https:// URL" },
		{ "ftp://slack.com/api/", "must be an https:// URL" },
		{ "slack.com/api", "is not a URL" },
	};
	struct config	*cfg;
	char		*path, *cause, *text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		xasprintf(&text, "[chat]\nadapter = console\n[state]\n"
		    "database = /db\n[slack]\napi_url = %s\n", bad[i].url);
		cause = load_bad(text, &path);
		expect_error(cause, path, 6, bad[i].needle);
		free(cause);
		free(text);
		remove_conf(path);
	}
	path = write_conf(NULL, "[chat]\nadapter = console\n[state]\n"
	    "database = /db\n[slack]\napi_url = http://127.0.0.1:8080/api/\n");
	cause = NULL;
	cfg = config_load(path, &cause);
	assert_non_null(cfg);
	config_free(cfg);
	remove_conf(path);
}

static void
test_zone_applied(void **state)
{
	struct config	*cfg;
	char		*path, *cause = NULL;

	(void)state;
	path = write_conf(NULL, "[chat]\nadapter = console\n"
	    "[state]\ndatabase = /db\n[time]\nzone = UTC\n");
	cfg = config_load(path, &cause);
	if (cfg == NULL)
		fail_msg("%s", cause);
	assert_string_equal(cfg->zone, "UTC");
	expect_local(1704067200, "2024-01-01 00:00");
	config_free(cfg);
	remove_conf(path);
	assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
}

/*
 * A file that is refused changes nothing, the zone included: a reload
 * (SIGHUP) that fails must leave the running daemon as it was.
 */
static void
test_failed_load_keeps_zone(void **state)
{
	char	*path, *cause;

	(void)state;
	assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
	cause = load_bad(
	    "[chat]\nadapter = console\n[state]\ndatabase = /db\n"
	    "[time]\n"
	    "zone = UTC\n"
	    "[imessage]\n"
	    "max_length = 0\n", &path);
	expect_error(cause, path, 8, "max_length must be");
	free(cause);
	remove_conf(path);
	expect_local(1704067200, "2024-01-01 09:00");
}

static void
test_set_twice(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\n"
	    "adapter = console\n"
	    "[state]\n"
	    "database = /a.db\n"
	    "[chat]\n"
	    "adapter = slack\n", &path);
	expect_error(cause, path, 6, "[chat] adapter is already set on "
	    "line 2");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
	remove_conf(path);
}

static void
test_syntax_error(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\n"
	    "adapter = console\n"
	    "this line has no equals sign\n"
	    "[state]\n"
	    "database = /db\n", &path);
	expect_error(cause, path, 3, "expected \"key = value\" or "
	    "\"[section]\"");
	assert_int_equal(count_lines(cause), 1);
	free(cause);
	remove_conf(path);
}

static void
test_missing_required(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad("[log]\nlevel = info\n", &path);
	expect_anywhere(cause, path, "[chat] adapter is required");
	expect_anywhere(cause, path, "[state] database is required");
	assert_int_equal(count_lines(cause), 2);
	free(cause);
	remove_conf(path);

	cause = load_bad("", &path);
	expect_anywhere(cause, path, "[chat] adapter is required");
	expect_anywhere(cause, path, "[state] database is required");
	free(cause);
	remove_conf(path);
}

/* Every mistake in one file is reported together, each on its own line. */
static void
test_all_errors_together(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\n"				/* 1 */
	    "adapter = irc\n"			/* 2 */
	    "langauge = ja\n"			/* 3 */
	    "[state]\n"				/* 4 */
	    "database = /tmp/x.db\n"		/* 5 */
	    "database = /tmp/y.db\n"		/* 6 */
	    "[time]\n"				/* 7 */
	    "zone = Asia/Tokio\n"		/* 8 */
	    "[imessage]\n"			/* 9 */
	    "max_length = 0\n"			/* 10 */
	    "this line has no equals sign\n"	/* 11 */
	    "[bogus]\n"				/* 12 */
	    "key = value\n"			/* 13 */
	    "[log]\n"				/* 14 */
	    "level = loud\n",			/* 15 */
	    &path);
	expect_error(cause, path, 2, "adapter must be one of");
	expect_error(cause, path, 3, "unknown key \"langauge\" in [chat]");
	expect_error(cause, path, 6, "[state] database is already set on "
	    "line 5");
	expect_error(cause, path, 8, "unknown time zone \"Asia/Tokio\"");
	expect_error(cause, path, 10, "max_length must be a whole number");
	expect_error(cause, path, 11, "expected \"key = value\"");
	expect_error(cause, path, 13, "unknown section [bogus]");
	expect_error(cause, path, 15, "level must be one of error, warn, "
	    "info, debug, not \"loud\"");
	/* Nothing else: no error twice, none on a line that is fine. */
	if (count_lines(cause) != 8)
		fail_msg("expected 8 errors, got:\n%s", cause);
	free(cause);
	remove_conf(path);
}

/* Two lines without '=' are two errors, with their own line numbers. */
static void
test_two_syntax_errors(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\n"
	    "adapter = console\n"
	    "oops\n"
	    "[state]\n"
	    "database = /db\n"
	    "oops again\n", &path);
	expect_error(cause, path, 3, "expected \"key = value\"");
	expect_error(cause, path, 6, "expected \"key = value\"");
	if (count_lines(cause) != 2)
		fail_msg("expected 2 errors, got:\n%s", cause);
	free(cause);
	remove_conf(path);
}

/* A syntax error after a bad value is still reported, on its own line. */
static void
test_syntax_after_value_error(void **state)
{
	char	*path, *cause;

	(void)state;
	cause = load_bad(
	    "[chat]\n"
	    "adapter = irc\n"
	    "[state]\n"
	    "database = /db\n"
	    "oops\n", &path);
	expect_error(cause, path, 2, "adapter must be one of");
	expect_error(cause, path, 5, "expected \"key = value\"");
	if (count_lines(cause) != 2)
		fail_msg("expected 2 errors, got:\n%s", cause);
	free(cause);
	remove_conf(path);
}

static void
test_missing_file(void **state)
{
	struct config	*cfg;
	char		*cause = NULL;
	const char	*path = "/tmp/yell-test-does-not-exist/yell.conf";

	(void)state;
	cfg = config_load(path, &cause);
	assert_null(cfg);
	assert_non_null(cause);
	if (strstr(cause, path) == NULL || strstr(cause, "cannot open") ==
	    NULL)
		fail_msg("cause does not name the file: %s", cause);
	free(cause);
}

static int
teardown(void **state)
{
	(void)state;
	return clock_set_zone("Asia/Tokyo");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_all_options, teardown),
		cmocka_unit_test_teardown(test_other_choices, teardown),
		cmocka_unit_test_teardown(test_defaults, teardown),
		cmocka_unit_test_teardown(test_relative_paths, teardown),
		cmocka_unit_test_teardown(test_relative_config_path, teardown),
		cmocka_unit_test_teardown(test_unknown_section, teardown),
		cmocka_unit_test_teardown(test_unknown_key, teardown),
		cmocka_unit_test_teardown(test_bad_enum, teardown),
		cmocka_unit_test_teardown(test_senders, teardown),
		cmocka_unit_test_teardown(test_bad_max_length, teardown),
		cmocka_unit_test_teardown(test_bad_zone, teardown),
		cmocka_unit_test_teardown(test_bad_api_url, teardown),
		cmocka_unit_test_teardown(test_zone_applied, teardown),
		cmocka_unit_test_teardown(test_failed_load_keeps_zone,
		    teardown),
		cmocka_unit_test_teardown(test_set_twice, teardown),
		cmocka_unit_test_teardown(test_syntax_error, teardown),
		cmocka_unit_test_teardown(test_missing_required, teardown),
		cmocka_unit_test_teardown(test_all_errors_together, teardown),
		cmocka_unit_test_teardown(test_two_syntax_errors, teardown),
		cmocka_unit_test_teardown(test_syntax_after_value_error,
		    teardown),
		cmocka_unit_test_teardown(test_missing_file, teardown),
	};

	log_init(LOG_LVL_ERROR, "test_config");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

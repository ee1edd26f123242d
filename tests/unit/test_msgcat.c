/*
 * test_msgcat.c: the message catalogues (lib/msgcat.c) and the command
 * table that names their keys (handlers/handlers.c).
 *
 * The real catalogues are read from $YELL_SOURCE_DIR/config, as installed;
 * formatting and fallback are checked on small catalogues written to /tmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "bot.h"
#include "handlers.h"

/*
 * Placeholders a locale may use on its own.  Japanese dates fiscal years in
 * the Reiwa era ("令和6年度"), which the English text has no use for.
 */
static const char *const ja_only[] = { "reiwa", NULL };

struct cats {
	char		*dir;		/* $YELL_SOURCE_DIR/config */
	struct msgcat	*m;
	json_t		*ja;		/* the files as JSON */
	json_t		*en;
};

static json_t *
load_json(const char *dir, const char *lang)
{
	json_error_t	 err;
	json_t		*j;
	char		*path;

	xasprintf(&path, "%s/locales/%s.json", dir, lang);
	j = json_load_file(path, 0, &err);
	if (j == NULL)
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
	free(path);
	return j;
}

static int
setup_real(void **state)
{
	struct cats	*c;
	const char	*src = getenv("YELL_SOURCE_DIR");
	char		*cause = NULL;

	if (src == NULL) {
		fprintf(stderr, "YELL_SOURCE_DIR is not set\n");
		return -1;
	}
	c = xcalloc(1, sizeof *c);
	xasprintf(&c->dir, "%s/config", src);
	c->m = msgcat_load(c->dir, &cause);
	if (c->m == NULL) {
		fprintf(stderr, "msgcat_load: %s\n", cause);
		free(cause);
	}
	c->ja = load_json(c->dir, "ja");
	c->en = load_json(c->dir, "en");
	*state = c;
	return c->m != NULL && c->ja != NULL && c->en != NULL ? 0 : -1;
}

static int
teardown_real(void **state)
{
	struct cats	*c = *state;

	if (c == NULL)
		return 0;
	msgcat_free(c->m);
	json_decref(c->ja);
	json_decref(c->en);
	free(c->dir);
	free(c);
	return 0;
}

static void
test_same_keys(void **state)
{
	struct cats	*c = *state;
	const char	*key;
	json_t		*v;
	int		 missing = 0;

	assert_true(json_object_size(c->ja) > 0);
	json_object_foreach(c->ja, key, v) {
		assert_true(json_is_string(v));
		if (json_object_get(c->en, key) == NULL) {
			fprintf(stderr, "en.json lacks \"%s\"\n", key);
			missing++;
		}
	}
	json_object_foreach(c->en, key, v) {
		assert_true(json_is_string(v));
		if (json_object_get(c->ja, key) == NULL) {
			fprintf(stderr, "ja.json lacks \"%s\"\n", key);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	assert_int_equal(json_object_size(c->ja), json_object_size(c->en));
}

/* Adds each "{name}" of s to a JSON object used as a set. */
static json_t *
placeholders(const char *s)
{
	json_t		*set = json_object();
	const char	*close;
	char		*name;

	for (; *s != '\0'; s++) {
		if (*s != '{' || (close = strchr(s + 1, '}')) == NULL)
			continue;
		name = xstrndup(s + 1, (size_t)(close - s - 1));
		json_object_set_new(set, name, json_true());
		free(name);
		s = close;
	}
	return set;
}

static int
is_ja_only(const char *name)
{
	size_t	i;

	for (i = 0; ja_only[i] != NULL; i++) {
		if (strcmp(ja_only[i], name) == 0)
			return 1;
	}
	return 0;
}

static void
test_same_placeholders(void **state)
{
	struct cats	*c = *state;
	const char	*key, *name;
	json_t		*v, *pja, *pen, *t;
	int		 bad = 0;

	json_object_foreach(c->ja, key, v) {
		if (json_object_get(c->en, key) == NULL)
			continue;	/* test_same_keys reports it */
		pja = placeholders(json_string_value(v));
		pen = placeholders(json_string_value(json_object_get(c->en,
		    key)));
		json_object_foreach(pja, name, t) {
			if (json_object_get(pen, name) == NULL &&
			    !is_ja_only(name)) {
				fprintf(stderr, "\"%s\": {%s} only in ja\n",
				    key, name);
				bad++;
			}
		}
		json_object_foreach(pen, name, t) {
			if (json_object_get(pja, name) == NULL) {
				fprintf(stderr, "\"%s\": {%s} only in en\n",
				    key, name);
				bad++;
			}
		}
		json_decref(pja);
		json_decref(pen);
	}
	assert_int_equal(bad, 0);
}

static void
test_real_fmt(void **state)
{
	struct cats	*c = *state;
	char		*s;

	s = msgcat_fmt(c->m, "ja", "imessage.too_long", "chars", "612", "max",
	    "500", NULL);
	assert_non_null(strstr(s, "612"));
	assert_non_null(strstr(s, "500"));
	assert_null(strchr(s, '{'));
	free(s);
	s = msgcat_fmt(c->m, "en", "imessage.too_long", "chars", "612", "max",
	    "500", NULL);
	assert_non_null(strstr(s, "612"));
	assert_null(strchr(s, '{'));
	free(s);

	/* Unknown languages read Japanese. */
	assert_string_equal(msgcat_raw(c->m, "fr", "help.summary"),
	    msgcat_raw(c->m, "ja", "help.summary"));
	assert_string_equal(msgcat_raw(c->m, NULL, "help.summary"),
	    msgcat_raw(c->m, "ja", "help.summary"));
	assert_string_not_equal(msgcat_raw(c->m, "en", "help.summary"),
	    msgcat_raw(c->m, "ja", "help.summary"));
	assert_true(msgcat_has_locale(c->m, "ja"));
	assert_true(msgcat_has_locale(c->m, "en"));
	assert_false(msgcat_has_locale(c->m, "fr"));
	assert_false(msgcat_has_locale(c->m, ""));

	/* A missing key shows itself, formatted or not. */
	assert_string_equal(msgcat_raw(c->m, "ja", "no.such.key"),
	    "no.such.key");
	assert_string_equal(msgcat_raw(c->m, "en", "no.such.key"),
	    "no.such.key");
	s = msgcat_fmt(c->m, "en", "no.such.key", "x", "y", NULL);
	assert_string_equal(s, "no.such.key");
	free(s);
}

/* A small catalogue in a temporary directory: dir/locales/{ja,en}.json. */
struct tmpcat {
	char	dir[32];
	char	locales[64];
	char	ja[96];
	char	en[96];
};

static void
write_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void
tmpcat_create(struct tmpcat *t, const char *ja, const char *en)
{
	strcpy(t->dir, "/tmp/yell-test-cat-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->locales, sizeof t->locales, "%s/locales", t->dir);
	assert_int_equal(mkdir(t->locales, 0700), 0);
	snprintf(t->ja, sizeof t->ja, "%s/ja.json", t->locales);
	snprintf(t->en, sizeof t->en, "%s/en.json", t->locales);
	if (ja != NULL)
		write_file(t->ja, ja);
	if (en != NULL)
		write_file(t->en, en);
}

static void
tmpcat_remove(struct tmpcat *t)
{
	unlink(t->ja);
	unlink(t->en);
	assert_int_equal(rmdir(t->locales), 0);
	assert_int_equal(rmdir(t->dir), 0);
}

static void
test_fmt(void **state)
{
	struct tmpcat	 t;
	struct msgcat	*m;
	char		*s, *cause = NULL;

	(void)state;
	tmpcat_create(&t,
	    "{\"greet\": \"{name}さん、{count}件です\","
	    " \"odd\": \"{unknown} {name} { } {} {name\","
	    " \"twice\": \"{x}{x}-{x}\","
	    " \"only_ja\": \"日本語だけ\"}",
	    "{\"greet\": \"{count} for {name}\","
	    " \"odd\": \"x\", \"twice\": \"{x}\"}");
	m = msgcat_load(t.dir, &cause);
	if (m == NULL)
		fail_msg("%s", cause);

	s = msgcat_fmt(m, "ja", "greet", "name", "山田", "count", "3", NULL);
	assert_string_equal(s, "山田さん、3件です");
	free(s);
	s = msgcat_fmt(m, "en", "greet", "count", "3", "name", "Yamada",
	    NULL);
	assert_string_equal(s, "3 for Yamada");
	free(s);

	/* Unknown and malformed placeholders stay as written. */
	s = msgcat_fmt(m, "ja", "odd", "name", "N", NULL);
	assert_string_equal(s, "{unknown} N { } {} {name");
	free(s);
	s = msgcat_fmt(m, "ja", "greet", NULL);
	assert_string_equal(s, "{name}さん、{count}件です");
	free(s);

	/* Repeated placeholders; values are not expanded again. */
	s = msgcat_fmt(m, "ja", "twice", "x", "{x}", NULL);
	assert_string_equal(s, "{x}{x}-{x}");
	free(s);
	s = msgcat_fmt(m, "ja", "twice", "x", "ab", NULL);
	assert_string_equal(s, "abab-ab");
	free(s);

	/* A NULL value is empty. */
	s = msgcat_fmt(m, "ja", "greet", "name", NULL, "count", "0", NULL);
	assert_string_equal(s, "さん、0件です");
	free(s);

	/* A key missing in English falls back to Japanese, then to itself. */
	assert_string_equal(msgcat_raw(m, "en", "only_ja"), "日本語だけ");
	s = msgcat_fmt(m, "en", "missing", "a", "b", NULL);
	assert_string_equal(s, "missing");
	free(s);

	msgcat_free(m);
	msgcat_free(NULL);
	tmpcat_remove(&t);
}

static void
expect_load_error(const char *ja, const char *en, const char *needle)
{
	struct tmpcat	 t;
	struct msgcat	*m;
	char		*cause = NULL;

	tmpcat_create(&t, ja, en);
	m = msgcat_load(t.dir, &cause);
	assert_null(m);
	assert_non_null(cause);
	if (strstr(cause, needle) == NULL)
		fail_msg("\"%s\" not in cause: %s", needle, cause);
	free(cause);
	tmpcat_remove(&t);
}

static void
test_load_errors(void **state)
{
	(void)state;
	expect_load_error(NULL, "{}", "/locales/ja.json");
	expect_load_error("{}", NULL, "/locales/en.json");
	expect_load_error("{\"a\": 1}", "{}", "\"a\" is not a string");
	expect_load_error("[]", "{}", "not a JSON object");
	expect_load_error("{}", "{\"a\": ", "/locales/en.json:");
}

static bool
in_catalogue(const struct cats *c, const char *key)
{
	return key != NULL && json_is_string(json_object_get(c->ja, key)) &&
	    json_is_string(json_object_get(c->en, key));
}

/* Every word that can start a command: names and aliases. */
static void
test_handler_words_unique(void **state)
{
	const struct handler	*h, *o;
	size_t			 i, j, k, l;

	(void)state;
	assert_true(handler_count > 0);
	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		assert_non_null(h);
		assert_non_null(h->name);
		/* A command runs; a scheduled job ticks. */
		assert_true((h->flags & H_JOB) ? h->on_tick != NULL :
		    h->exec != NULL);
		for (j = 0; j < handler_count; j++) {
			o = handler_table[j];
			if (j != i && strcmp(h->name, o->name) == 0)
				fail_msg("two handlers named %s", h->name);
			for (k = 0; o->aliases != NULL && o->aliases[k] != NULL;
			    k++) {
				if (strcmp(h->name, o->aliases[k]) == 0)
					fail_msg("%s is also an alias of %s",
					    h->name, o->name);
				for (l = 0; h->aliases != NULL &&
				    h->aliases[l] != NULL; l++) {
					if ((i != j || k != l) && strcmp(
					    h->aliases[l], o->aliases[k]) == 0)
						fail_msg("alias %s twice (%s, "
						    "%s)", h->aliases[l],
						    h->name, o->name);
				}
			}
		}
	}
}

/*
 * dispatch looks up the normalised first word, so a name or alias that is
 * not already normalised (upper case, full-width) could never match.
 */
static void
test_handler_words_normalised(void **state)
{
	const struct handler	*h;
	char			*n;
	size_t			 i, k;

	(void)state;
	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		n = text_norm_token(h->name);
		assert_string_equal(n, h->name);
		free(n);
		/* Jobs cannot be typed as commands. */
		assert_ptr_equal(handler_find(h->name), (h->flags & H_JOB) ?
		    NULL : h);
		for (k = 0; h->aliases != NULL && h->aliases[k] != NULL; k++) {
			n = text_norm_token(h->aliases[k]);
			if (strcmp(n, h->aliases[k]) != 0)
				fail_msg("alias \"%s\" of %s is not normalised "
				    "(\"%s\")", h->aliases[k], h->name, n);
			free(n);
			assert_ptr_equal(handler_find(h->aliases[k]), h);
		}
	}
	assert_null(handler_find("no-such-command"));
	assert_null(handler_find(""));
}

static void
test_handler_keys(void **state)
{
	struct cats		*c = *state;
	const struct handler	*h;
	size_t			 i;

	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if (h->flags & H_JOB)	/* jobs are not typed: no usage */
			continue;
		if (!in_catalogue(c, h->usage))
			fail_msg("%s: usage key \"%s\" not in both catalogues",
			    h->name, h->usage != NULL ? h->usage : "(null)");
		if (!in_catalogue(c, h->summary))
			fail_msg("%s: summary key \"%s\" not in both "
			    "catalogues", h->name, h->summary != NULL ?
			    h->summary : "(null)");
		if (h->may != NULL && !in_catalogue(c, h->denied))
			fail_msg("%s: denied key \"%s\" not in both "
			    "catalogues", h->name, h->denied != NULL ?
			    h->denied : "(null)");
		if (h->denied != NULL && !in_catalogue(c, h->denied))
			fail_msg("%s: denied key \"%s\" not in both "
			    "catalogues", h->name, h->denied);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_keys),
		cmocka_unit_test(test_same_placeholders),
		cmocka_unit_test(test_real_fmt),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_handler_words_unique),
		cmocka_unit_test(test_handler_words_normalised),
		cmocka_unit_test(test_handler_keys),
	};

	log_init(LOG_LVL_ERROR, "test_msgcat");
	return cmocka_run_group_tests(tests, setup_real, teardown_real);
}

/*
 * msgcat.c: the message catalogues, config/locales/<lang>.json.
 *
 * Every text a user sees comes from here.  A catalogue is a flat JSON object
 * of key to text; "{name}" in a text is replaced by the value given for
 * name.  Japanese is the reference: a key missing in another language falls
 * back to Japanese.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

#define MSGCAT_FALLBACK	"ja"

struct msgcat {
	json_t	*ja;
	json_t	*en;
};

/* Checks a catalogue's root (stolen; NULL: err says why not). */
static json_t *
msgcat_check(json_t *root, const json_error_t *err, const char *path,
    char **cause)
{
	json_t		*v;
	const char	*key;

	if (root == NULL) {
		if (err->line > 0)
			xasprintf(cause, "%s:%d: %s", path, err->line,
			    err->text);
		else
			xasprintf(cause, "%s", err->text);
		return NULL;
	}
	if (!json_is_object(root)) {
		xasprintf(cause, "%s: not a JSON object", path);
		goto bad;
	}
	json_object_foreach(root, key, v) {
		if (!json_is_string(v)) {
			xasprintf(cause, "%s: \"%s\" is not a string", path, key);
			goto bad;
		}
	}
	return root;
bad:
	json_decref(root);
	return NULL;
}

static json_t *
msgcat_read(const char *dir, const char *lang, char **cause)
{
	json_error_t	 err;
	json_t		*root;
	char		*path;

	xasprintf(&path, "%s/locales/%s.json", dir, lang);
	root = msgcat_check(json_load_file(path, 0, &err), &err, path, cause);
	free(path);
	return root;
}

/*
 * Loads ja.json and en.json from dir/locales.  Returns a catalogue (caller
 * frees with msgcat_free) or NULL with *cause set (caller frees).
 */
struct msgcat *
msgcat_load(const char *dir, char **cause)
{
	struct msgcat	*m;

	m = xcalloc(1, sizeof *m);
	if ((m->ja = msgcat_read(dir, "ja", cause)) == NULL ||
	    (m->en = msgcat_read(dir, "en", cause)) == NULL) {
		msgcat_free(m);
		return NULL;
	}
	return m;
}

/*
 * msgcat_load from the texts of ja.json and en.json in memory (the fuzz
 * target's way in).  Returns a catalogue (caller frees with msgcat_free)
 * or NULL with *cause set (caller frees).
 */
struct msgcat *
msgcat_load_mem(const char *ja, size_t jalen, const char *en, size_t enlen,
    char **cause)
{
	struct msgcat	*m;
	json_error_t	 err;

	m = xcalloc(1, sizeof *m);
	if ((m->ja = msgcat_check(json_loadb(ja, jalen, 0, &err), &err,
	    "ja.json", cause)) == NULL ||
	    (m->en = msgcat_check(json_loadb(en, enlen, 0, &err), &err,
	    "en.json", cause)) == NULL) {
		msgcat_free(m);
		return NULL;
	}
	return m;
}

void
msgcat_free(struct msgcat *m)
{
	if (m == NULL)
		return;
	json_decref(m->ja);
	json_decref(m->en);
	free(m);
}

static json_t *
msgcat_lang(const struct msgcat *m, const char *lang)
{
	if (lang != NULL && strcmp(lang, "en") == 0)
		return m->en;
	return m->ja;
}

int
msgcat_has_locale(const struct msgcat *m, const char *lang)
{
	(void)m;
	return strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0;
}

/*
 * Returns the text for key in lang (borrowed from the catalogue), falling
 * back to Japanese, then to the key itself so that a missing text shows up
 * in testing instead of crashing.
 */
const char *
msgcat_raw(const struct msgcat *m, const char *lang, const char *key)
{
	const char	*s;

	s = json_string_value(json_object_get(msgcat_lang(m, lang), key));
	if (s == NULL)
		s = json_string_value(json_object_get(m->ja, key));
	if (s == NULL) {
		log_warnx("%s: no message \"%s\"", __func__, key);
		s = key;
	}
	return s;
}

/* Returns the value of placeholder name[0..len) from the pairs in ap. */
static const char *
msgcat_arg(const char *name, size_t len, va_list ap)
{
	const char	*k, *v;

	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (strlen(k) == len && strncmp(k, name, len) == 0)
			return v != NULL ? v : "";
	}
	return NULL;
}

/*
 * Returns the text for key with each "{name}" replaced by its value from
 * ap, a NULL-terminated list of name, value pairs.  Unknown placeholders
 * stay as written.  Caller frees.
 */
char *
msgcat_vfmt(const struct msgcat *m, const char *lang, const char *key,
    va_list ap)
{
	struct buf	 b;
	const char	*s, *close, *v;
	size_t		 run;
	va_list		 aq;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (s = msgcat_raw(m, lang, key); *s != '\0'; s++) {
		/* The text up to the next brace, at once. */
		if ((run = strcspn(s, "{")) > 0) {
			buf_add(&b, s, run);
			s += run - 1;
			continue;
		}
		if ((close = strchr(s + 1, '}')) != NULL) {
			va_copy(aq, ap);
			v = msgcat_arg(s + 1, (size_t)(close - s - 1), aq);
			va_end(aq);
			if (v != NULL) {
				buf_addstr(&b, v);
				s = close;
				continue;
			}
		}
		buf_add(&b, s, 1);	/* a brace that opens no placeholder */
	}
	return buf_steal(&b);
}

char *
msgcat_fmt(const struct msgcat *m, const char *lang, const char *key, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, key);
	s = msgcat_vfmt(m, lang, key, ap);
	va_end(ap);
	return s;
}

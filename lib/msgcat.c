/*
 * msgcat.c: the message catalogues, config/locales/<lang>.json.
 *
 * Every text a user sees comes from here.  A catalogue is a flat JSON object
 * of key to text; "{name}" in a text is replaced by the value given for
 * name.  Japanese is the reference: a key missing in another language falls
 * back to Japanese.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

#define MSGCAT_KEY_MAX	128	/* bytes in a key */
#define MSGCAT_FILE_MAX	(4 * 1024 * 1024)

struct msgcat_text {
	char	*key;		/* NULL: a free slot */
	char	*text;
};

/*
 * One language: the texts by key in a hash table (open addressing), read
 * in place from the file rather than through a jansson tree, which made
 * loading the two catalogues a third of yelld's start-up.
 */
struct msgcat_lang {
	struct msgcat_text	*slots;
	size_t			 nslots;	/* a power of two */
	size_t			 n;
};

struct msgcat {
	struct msgcat_lang	 ja;
	struct msgcat_lang	 en;
};

/* The slot of key: its own, or the free one where it would go. */
static struct msgcat_text *
msgcat_slot(const struct msgcat_lang *l, const char *key)
{
	size_t	i = str_hash(key);

	for (;; i++) {
		i &= l->nslots - 1;
		if (l->slots[i].key == NULL || strcmp(l->slots[i].key, key) == 0)
			return &l->slots[i];
	}
}

static void
msgcat_put(struct msgcat_lang *l, const char *key, char *text)
{
	struct msgcat_text	*old = l->slots, *t;
	size_t			 i, n = l->nslots;

	if ((l->n + 1) * 2 > l->nslots) {	/* at most half full */
		l->nslots = n == 0 ? 256 : n * 2;
		l->slots = xcalloc(l->nslots, sizeof *l->slots);
		for (i = 0; i < n; i++) {
			if (old[i].key != NULL)
				*msgcat_slot(l, old[i].key) = old[i];
		}
		free(old);
	}
	t = msgcat_slot(l, key);
	if (t->key == NULL) {
		t->key = xstrdup(key);
		l->n++;
	}
	free(t->text);		/* a repeated key: the last one counts */
	t->text = text;
}

static void
msgcat_lang_clear(struct msgcat_lang *l)
{
	size_t	i;

	for (i = 0; i < l->nslots; i++) {
		free(l->slots[i].key);
		free(l->slots[i].text);
	}
	free(l->slots);
	memset(l, 0, sizeof *l);
}

/* The line of the byte at p in text, for an error message. */
static int
msgcat_line(const char *text, const char *p)
{
	int	line = 1;

	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

/*
 * Reads a catalogue, a flat JSON object of strings, into l.  Returns 0, or
 * -1 with *cause set (path and line).
 */
static int
msgcat_parse(struct msgcat_lang *l, const char *data, size_t len,
    const char *path, char **cause)
{
	struct jr	 r;
	struct buf	 text;
	char		 key[MSGCAT_KEY_MAX];
	int		 rc = -1;

	jr_init(&r, data, len);
	if (jr_peek(&r) != '{') {
		xasprintf(cause, "%s: not a JSON object", path);
		return -1;
	}
	buf_init(&text, 0);
	jr_obj(&r);
	while (jr_member(&r, key, sizeof key)) {
		if (key[0] == '\0') {
			xasprintf(cause, "%s:%d: an empty key, or one over %d "
			    "bytes or with a NUL", path, msgcat_line(data, r.p),
			    MSGCAT_KEY_MAX - 1);
			goto out;
		}
		if (jr_peek(&r) != '"') {
			xasprintf(cause, "%s:%d: \"%s\" is not a string", path,
			    msgcat_line(data, r.p), key);
			goto out;
		}
		if (jr_string(&r, &text) != 0)
			break;
		if (strlen(text.data) != text.len) {
			xasprintf(cause, "%s:%d: \"%s\" holds a NUL", path,
			    msgcat_line(data, r.p), key);
			goto out;
		}
		msgcat_put(l, key, xstrdup(text.data));
	}
	if (jr_done(&r) != 0)
		xasprintf(cause, "%s:%d: not valid JSON", path,
		    msgcat_line(data, r.p));
	else
		rc = 0;
out:
	buf_free(&text);
	return rc;
}

static int
msgcat_read(struct msgcat_lang *l, const char *dir, const char *lang,
    char **cause)
{
	struct buf	 b;
	FILE		*f;
	char		*path, chunk[8192];
	size_t		 n;
	int		 rc = -1;

	xasprintf(&path, "%s/locales/%s.json", dir, lang);
	buf_init(&b, MSGCAT_FILE_MAX);
	buf_add(&b, "", 0);
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_add(&b, chunk, n) != 0) {
			xasprintf(cause, "%s: over %d bytes", path,
			    MSGCAT_FILE_MAX);
			goto out;
		}
	}
	if (ferror(f))
		xasprintf(cause, "%s: %s", path, strerror(errno));
	else
		rc = msgcat_parse(l, b.data, b.len, path, cause);
out:
	if (f != NULL)
		fclose(f);
	buf_free(&b);
	free(path);
	return rc;
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
	if (msgcat_read(&m->ja, dir, "ja", cause) != 0 ||
	    msgcat_read(&m->en, dir, "en", cause) != 0) {
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

	m = xcalloc(1, sizeof *m);
	if (msgcat_parse(&m->ja, ja, jalen, "ja.json", cause) != 0 ||
	    msgcat_parse(&m->en, en, enlen, "en.json", cause) != 0) {
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
	msgcat_lang_clear(&m->ja);
	msgcat_lang_clear(&m->en);
	free(m);
}

static const struct msgcat_lang *
msgcat_lang(const struct msgcat *m, const char *lang)
{
	if (lang != NULL && strcmp(lang, "en") == 0)
		return &m->en;
	return &m->ja;
}

int
msgcat_has_locale(const struct msgcat *m, const char *lang)
{
	(void)m;
	return strcmp(lang, "ja") == 0 || strcmp(lang, "en") == 0;
}

/* The text of key in l (borrowed), or NULL. */
static const char *
msgcat_get(const struct msgcat_lang *l, const char *key)
{
	return l->nslots > 0 ? msgcat_slot(l, key)->text : NULL;
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

	s = msgcat_get(msgcat_lang(m, lang), key);
	if (s == NULL)
		s = msgcat_get(&m->ja, key);
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

/*
 * fuzz_msgcat.c: libFuzzer target for the message catalogues (lib/msgcat.c):
 * loading a catalogue from memory and the "{name}" formatter.  An input
 * that starts with '{' is a whole catalogue (ja and en alike) and every
 * key of it is formatted; any other input is one message text, formatted
 * with arguments and checked against what the placeholders say: a text
 * without a known placeholder comes back as it was, and a known one is
 * replaced by its value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_catalogue(const char *data, size_t len)
{
	struct msgcat	*m;
	json_error_t	 err;
	json_t		*root, *v;
	const char	*key;
	char		*cause = NULL, *s;

	if ((m = msgcat_load_mem(data, len, data, len, &cause)) == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return;
	}
	if ((root = json_loadb(data, len, 0, &err)) == NULL)
		abort();
	json_object_foreach(root, key, v) {
		if (strcmp(msgcat_raw(m, "en", key), json_string_value(v)) != 0)
			abort();
		s = msgcat_fmt(m, "ja", key, "name", "佐藤", "n", "3", NULL);
		free(s);
	}
	json_decref(root);
	msgcat_free(m);
}

static void
fuzz_text(const char *data, size_t len)
{
	struct msgcat	*m;
	json_t		*root;
	char		*text, *json, *cause = NULL, *s;

	text = text_sanitize(data, len);
	root = json_pack("{s:s}", "k", text);
	json = json_dumps(root, 0);
	json_decref(root);
	if ((m = msgcat_load_mem(json, strlen(json), json, strlen(json),
	    &cause)) == NULL)
		abort();
	/* No arguments: every placeholder stays as written. */
	s = msgcat_fmt(m, "en", "k", NULL);
	if (strcmp(s, text) != 0)
		abort();
	free(s);
	/* {a} is "{a}" itself: the text comes back unchanged again. */
	s = msgcat_fmt(m, "ja", "k", "a", "{a}", "b", "", NULL);
	if (strstr(text, "{b}") == NULL && strcmp(s, text) != 0)
		abort();
	if (strchr(text, '{') == NULL && strcmp(s, text) != 0)
		abort();
	free(s);
	msgcat_free(m);
	free(json);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len > 0 && data[0] == '{')
		fuzz_catalogue((const char *)data, len);
	else
		fuzz_text((const char *)data, len);
	return 0;
}

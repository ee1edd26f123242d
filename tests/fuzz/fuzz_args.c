/*
 * fuzz_args.c: libFuzzer target for the command text a user types: the
 * sanitiser and folding of text.c, the command word (request_split) and
 * the words, mentions and tags of args.c.  Checks what handlers rely on:
 * every argument's span lies inside the text it came from, and every piece
 * of text that comes out is valid UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_utf8(const char *s)
{
	fuzz_utf8n(s, strlen(s));
}

static void
fuzz_owned(char *s)
{
	if (s == NULL)
		abort();
	fuzz_utf8(s);
	free(s);
}

static void
fuzz_args(const char *text)
{
	struct args	 a;
	const char	*end = text + strlen(text);
	size_t		 i;

	args_parse(&a, text);
	for (i = 0; i < a.n; i++) {
		if (a.v[i].start < text || a.v[i].end > end ||
		    a.v[i].start > a.v[i].end || a.v[i].value == NULL)
			abort();
		fuzz_utf8(a.v[i].value);
	}
	if (a.n > 0) {
		fuzz_owned(args_text(&a, 0, a.n));
		fuzz_owned(args_text(&a, a.n / 2, a.n));
	}
	args_clear(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char	*rest;
	char		*text, *word = NULL;

	text = text_sanitize((const char *)data, len);
	fuzz_utf8(text);
	if (text_prefix_chars(text, text_chars(text) / 2) > strlen(text))
		abort();
	fuzz_owned(text_fold(text));
	fuzz_owned(text_norm_token(text));
	fuzz_owned(text_printable(text));
	fuzz_owned(text_trim(text));
	if (request_split(text, &word, &rest) == 0) {
		if (word != NULL)
			fuzz_utf8(word);
		if (rest != NULL && (rest < text || rest > text + strlen(text)))
			abort();
	}
	free(word);
	fuzz_args(text);
	free(text);
	return 0;
}

/*
 * fuzz_json_read.c: libFuzzer target for the pull reader of
 * lib/json_read.c, differential against jansson.  Both read the input;
 * they must agree on whether it is JSON and, when it is, on every string,
 * key, boolean and null in it, and on its shape (numbers, which the
 * reader only checks, count as null on both sides).  The only
 * disagreements allowed are jansson's own limits (integers too big for
 * it, reals that overflow) and the reader's depth limit, JR_DEPTH.
 * jansson stops at a NUL byte as at the end, so the two are compared on
 * what comes before the first one; the reader reads it all first.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_MAX	4000	/* bytes: every key fits the key buffer */

/* The document as the reader sees it, as a jansson tree, or NULL. */
static json_t *
fuzz_read(struct jr *r)
{
	static char	 key[FUZZ_MAX + 1];
	struct buf	 b;
	json_t		*j = NULL, *v;
	bool		 t;

	switch (jr_peek(r)) {
	case '{':
		j = json_object();
		jr_obj(r);
		while (jr_member(r, key, sizeof key)) {
			/* the key is overwritten by the value's own keys */
			char	*k = strdup(key);

			if ((v = fuzz_read(r)) == NULL) {
				free(k);
				break;
			}
			json_object_set_new_nocheck(j, k, v);
			free(k);
		}
		break;
	case '[':
		j = json_array();
		jr_arr(r);
		while (jr_element(r)) {
			if ((v = fuzz_read(r)) == NULL)
				break;
			json_array_append_new(j, v);
		}
		break;
	case '"':
		buf_init(&b, 0);
		if (jr_string(r, &b) == 0)
			j = json_stringn_nocheck(b.data, b.len);
		buf_free(&b);
		break;
	case 't':
	case 'f':
		if (jr_bool(r, &t) == 0)
			j = json_boolean(t);
		break;
	default:
		if (jr_skip(r) == 0)
			j = json_null();
	}
	if (r->bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* A copy of j with every number as null, and its depth. */
static json_t *
fuzz_norm(json_t *j, int *depth)
{
	json_t		*c, *v;
	const char	*k;
	size_t		 i, klen;
	int		 d, most = 0;

	*depth = 0;
	if (json_is_number(j))
		return json_null();
	if (!json_is_object(j) && !json_is_array(j))
		return json_incref(j);
	c = json_is_object(j) ? json_object() : json_array();
	if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			json_array_append_new(c, fuzz_norm(v, &d));
			most = d > most ? d : most;
		}
	} else {
		/* The reader's keys are C strings: one with a NUL is "". */
		json_object_keylen_foreach(j, k, klen, v) {
			json_object_setn_new_nocheck(c, k, strnlen(k, klen) <
			    klen ? 0 : klen, fuzz_norm(v, &d));
			most = d > most ? d : most;
		}
	}
	*depth = most + 1;
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct jr	 r;
	json_error_t	 err;
	json_t		*theirs, *norm = NULL, *ours;
	int		 depth = 0;

	if (len > FUZZ_MAX)
		return 0;
	jr_init(&r, (const char *)data, len);
	json_decref(fuzz_read(&r));
	len = strnlen((const char *)data, len);
	theirs = json_loadb((const char *)data, len, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &err);
	jr_init(&r, (const char *)data, len);
	ours = fuzz_read(&r);
	if (ours != NULL && jr_done(&r) != 0) {
		json_decref(ours);
		ours = NULL;
	}
	if (theirs != NULL)
		norm = fuzz_norm(theirs, &depth);
	if (ours == NULL && norm != NULL && depth <= JR_DEPTH)
		abort();		/* jansson reads it, the reader does not */
	/*
	 * The reader takes what jansson refuses only where it says it does:
	 * numbers too big for jansson, and a key holding \u0000, which
	 * JSON allows and the reader reads as "".
	 */
	if (ours != NULL && norm == NULL && strstr(err.text, "too big") ==
	    NULL && strstr(err.text, "overflow") == NULL &&
	    strstr(err.text, "NUL byte in object key") == NULL)
		abort();		/* the reader takes what jansson refuses */
	if (ours != NULL && norm != NULL && !json_equal(ours, norm))
		abort();		/* they read it differently */
	json_decref(ours);
	json_decref(norm);
	json_decref(theirs);
	return 0;
}

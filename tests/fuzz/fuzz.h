/*
 * fuzz.h: what more than one fuzz target checks, as static functions so
 * that each target stays one file for libFuzzer and for the replays.
 */
#ifndef YELL_FUZZ_H
#define YELL_FUZZ_H

#include <stddef.h>
#include <stdlib.h>

#include <utf8proc.h>

/* Aborts unless the n bytes at s are whole UTF-8 characters. */
static inline void
fuzz_utf8n(const char *s, size_t n)
{
	utf8proc_int32_t	cp;
	utf8proc_ssize_t	k;

	while (n > 0) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)n, &cp);
		if (k <= 0)
			abort();
		s += k;
		n -= (size_t)k;
	}
}

#endif

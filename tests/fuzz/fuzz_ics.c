/*
 * fuzz_ics.c: libFuzzer target for the iCalendar writer (lib/ics.c).  The
 * first 12 bytes give an event's start, end and the stamp (seconds from
 * 1970, so every year a calendar shows), the next its flags; the rest is
 * uid, summary, description and location split at NUL bytes, for up to
 * three events.  Checks RFC 5545's shape: every line ends in CRLF with no
 * other CR or LF, no physical line is longer than 75 octets, a fold never
 * splits a UTF-8 character, and the calendar opens and closes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint32_t
fuzz_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
fuzz_check(const char *ics)
{
	const char	*p = ics, *eol;
	size_t		 n;

	if (strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) != 0)
		abort();
	while (*p != '\0') {
		if ((eol = strstr(p, "\r\n")) == NULL)
			abort();
		n = (size_t)(eol - p);
		if (n > 75 || memchr(p, '\r', n) != NULL ||
		    memchr(p, '\n', n) != NULL)
			abort();
		fuzz_utf8n(p, n);
		p = eol + 2;
	}
	n = strlen(ics);
	if (n < 15 || strcmp(ics + n - 15, "END:VCALENDAR\r\n") != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ics_event	 ev[3];
	const char		*f[4];
	char			*text, *p, *ics;
	size_t			 i, n = 0;
	time_t			 stamp;

	if (len < 13)
		return 0;
	memset(ev, 0, sizeof ev);
	stamp = (time_t)fuzz_u32(data + 8);
	/* The text part, NUL-terminated, with NUL bytes as separators. */
	text = xmalloc(len - 13 + 2);
	memcpy(text, data + 13, len - 13);
	text[len - 13] = '\0';
	text[len - 13 + 1] = '\0';
	p = text;
	while (n < 3 && p < text + (len - 13) + 1) {
		for (i = 0; i < 4; i++) {
			f[i] = p;
			if (p < text + (len - 13))
				p += strlen(p) + 1;
		}
		ev[n].uid = f[0];
		ev[n].summary = f[1];
		ev[n].description = data[12] & 1 ? f[2] : NULL;
		ev[n].location = data[12] & 2 ? f[3] : NULL;
		ev[n].start = (time_t)fuzz_u32(data) + (time_t)n * 86400;
		ev[n].end = (time_t)fuzz_u32(data + 4);
		ev[n].all_day = (data[12] & 4) != 0;
		ev[n].cancelled = (data[12] & 8) != 0;
		ev[n].sequence = data[12] >> 4;
		n++;
		if (p >= text + (len - 13))
			break;
	}
	ics = ics_calendar(ev, n, stamp);
	fuzz_check(ics);
	free(ics);
	free(text);
	return 0;
}

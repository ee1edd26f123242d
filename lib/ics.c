/*
 * ics.c: iCalendar (RFC 5545) output, so that staff can put courses into
 * their own calendar programs.
 *
 * It owns the text format only: escaping, line folding and the one zone
 * the office lives in.  It reads no database and parses no iCalendar.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

/* RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, CRLF excluded. */
#define ICS_LINE_MAX	75

#define ICS_ZONE	"Asia/Tokyo"

/*
 * The offset the VTIMEZONE below gives Asia/Tokyo.  Wall times are written
 * from this definition rather than from the process's zone, so that the
 * file stays true to its own VTIMEZONE whatever zone yelld runs in.  Japan
 * has kept +0900 without daylight saving since 1951.
 */
#define ICS_ZONE_OFFSET	((time_t)9 * 3600)

/*
 * The length of the unit at s that a fold must not split: a whole UTF-8
 * character, or a TEXT escape such as "\\,".  RFC 5545 only forbids the
 * first, but readers that unescape before unfolding trip on the second.
 * Every backslash in our output starts an escape (ics_text).
 */
static size_t
ics_unit(const char *s, size_t len)
{
	size_t	n = 1;

	if (s[0] == '\\') {
		n = 2;
	} else {
		while (n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
	}
	return n < len ? n : len;
}

/*
 * Appends one content line with its CRLF, folded so that no physical line
 * passes 75 octets and no unit is split.  Continuation lines start with
 * one space, which counts towards their 75.
 */
static void
ics_fold(struct buf *out, const char *s, size_t len)
{
	size_t	room = ICS_LINE_MAX, n, u;
	bool	first = true;

	do {
		n = 0;
		while (n < len) {
			u = ics_unit(s + n, len - n);
			if (n + u > room)
				break;
			n += u;
		}
		if (!first)
			buf_add(out, " ", 1);
		buf_add(out, s, n);
		buf_add(out, "\r\n", 2);
		s += n;
		len -= n;
		room = ICS_LINE_MAX - 1;
		first = false;
	} while (len > 0);
}

/* Appends a line that needs no escaping, such as "VERSION:2.0". */
static void
ics_line(struct buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
ics_line(struct buf *out, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 len;

	va_start(ap, fmt);
	len = xvasprintf(&s, fmt, ap);
	va_end(ap);
	ics_fold(out, s, (size_t)len);
	free(s);
}

/*
 * Appends "name:value" with value escaped as RFC 5545 TEXT (3.3.11):
 * backslash, semicolon and comma get a backslash, a line end becomes \n.
 * Invalid UTF-8 becomes U+FFFD first, so folding can trust the bytes, and
 * other control characters, which TEXT does not allow, are dropped.
 */
static void
ics_text(struct buf *out, const char *name, const char *value)
{
	struct buf	 line;
	char		*clean;
	const char	*p;

	clean = text_sanitize(value, strlen(value));	/* also drops CR */
	buf_init(&line, 0);
	buf_addstr(&line, name);
	buf_add(&line, ":", 1);
	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '\\':
		case ';':
		case ',':
			buf_add(&line, "\\", 1);
			buf_add(&line, p, 1);
			break;
		case '\n':
			buf_add(&line, "\\n", 2);
			break;
		default:
			if (*p == '\t' || ((unsigned char)*p >= 0x20 &&
			    *p != 0x7f))
				buf_add(&line, p, 1);
			break;
		}
	}
	ics_fold(out, line.data, line.len);
	buf_free(&line);
	free(clean);
}

/* OUT: tm, the wall clock in Asia/Tokyo as this file defines it. */
static void
ics_tokyo(time_t t, struct tm *tm)
{
	time_t	local = t + ICS_ZONE_OFFSET;

	gmtime_r(&local, tm);
}

/* Appends DTSTART and DTEND of one event. */
static void
ics_times(struct buf *out, const struct ics_event *ev)
{
	struct tm	s, e;
	time_t		last;

	ics_tokyo(ev->start, &s);
	if (ev->all_day) {
		/*
		 * DTEND of a DATE is exclusive: the day after the one that
		 * holds the last second.  An end at or before the start
		 * gives a one-day event, as a calendar program would show.
		 */
		last = ev->end > ev->start ? ev->end - 1 : ev->start;
		ics_tokyo(last, &e);
		e.tm_mday++;
		last = timegm(&e);
		gmtime_r(&last, &e);
		ics_line(out, "DTSTART;VALUE=DATE:%04d%02d%02d",
		    s.tm_year + 1900, s.tm_mon + 1, s.tm_mday);
		ics_line(out, "DTEND;VALUE=DATE:%04d%02d%02d",
		    e.tm_year + 1900, e.tm_mon + 1, e.tm_mday);
		return;
	}
	ics_line(out, "DTSTART;TZID=%s:%04d%02d%02dT%02d%02d%02d", ICS_ZONE,
	    s.tm_year + 1900, s.tm_mon + 1, s.tm_mday, s.tm_hour, s.tm_min,
	    s.tm_sec);
	/* Without DTEND the event ends where it starts (RFC 5545 3.6.1). */
	if (ev->end <= ev->start)
		return;
	ics_tokyo(ev->end, &e);
	ics_line(out, "DTEND;TZID=%s:%04d%02d%02dT%02d%02d%02d", ICS_ZONE,
	    e.tm_year + 1900, e.tm_mon + 1, e.tm_mday, e.tm_hour, e.tm_min,
	    e.tm_sec);
}

static void
ics_event(struct buf *out, const struct ics_event *ev, const struct tm *stamp)
{
	ics_line(out, "BEGIN:VEVENT");
	ics_text(out, "UID", ev->uid);
	ics_line(out, "DTSTAMP:%04d%02d%02dT%02d%02d%02dZ",
	    stamp->tm_year + 1900, stamp->tm_mon + 1, stamp->tm_mday,
	    stamp->tm_hour, stamp->tm_min, stamp->tm_sec);
	ics_times(out, ev);
	/* A calendar that imported the event replaces it by UID when the
	 * SEQUENCE grows: a moved class moves, a cancelled one says so. */
	ics_line(out, "SEQUENCE:%d", ev->sequence);
	ics_line(out, "STATUS:%s", ev->cancelled ? "CANCELLED" : "CONFIRMED");
	ics_text(out, "SUMMARY", ev->summary);
	if (ev->description != NULL)
		ics_text(out, "DESCRIPTION", ev->description);
	if (ev->location != NULL)
		ics_text(out, "LOCATION", ev->location);
	ics_line(out, "END:VEVENT");
}

/*
 * Returns a complete VCALENDAR holding the n events, with CRLF line ends,
 * folded lines and a VTIMEZONE for Asia/Tokyo; the caller frees it.  Each
 * event needs uid and summary; description and location may be NULL and
 * are then left out.  A timed event whose end is not after its start gets
 * no DTEND.  stamp is written as every DTSTAMP, in UTC.  Each event carries
 * its SEQUENCE and STATUS (CANCELLED or CONFIRMED).
 */
char *
ics_calendar(const struct ics_event *evs, size_t n, time_t stamp)
{
	struct buf	out;
	struct tm	st;
	size_t		i;

	gmtime_r(&stamp, &st);
	buf_init(&out, 0);
	ics_line(&out, "BEGIN:VCALENDAR");
	ics_line(&out, "PRODID:-//yell//yell//JA");
	ics_line(&out, "VERSION:2.0");
	ics_line(&out, "CALSCALE:GREGORIAN");
	ics_line(&out, "METHOD:PUBLISH");
	ics_line(&out, "X-WR-TIMEZONE:%s", ICS_ZONE);
	ics_line(&out, "BEGIN:VTIMEZONE");
	ics_line(&out, "TZID:%s", ICS_ZONE);
	ics_line(&out, "BEGIN:STANDARD");
	ics_line(&out, "DTSTART:19700101T000000");
	ics_line(&out, "TZOFFSETFROM:+0900");
	ics_line(&out, "TZOFFSETTO:+0900");
	ics_line(&out, "TZNAME:JST");
	ics_line(&out, "END:STANDARD");
	ics_line(&out, "END:VTIMEZONE");
	for (i = 0; i < n; i++) {
		assert(evs[i].uid != NULL && evs[i].summary != NULL);
		ics_event(&out, &evs[i], &st);
	}
	ics_line(&out, "END:VCALENDAR");
	return buf_steal(&out);
}

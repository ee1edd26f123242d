/*
 * segment.c: a group of staff written as HR writes it, for announcements
 * and the I-message roll-out:
 *
 *	department=総務部,子ども育成部 job_level=係長級
 *
 * Each key=value list matches when any of its values does; the keys all
 * have to match.  "" and "all" (全職員) are everyone.  Input is taken in its
 * NFKC form, so full-width "＝", "，" and spaces from a Japanese keyboard
 * work, and "、" separates values too.  Values compare without ASCII case
 * (the normal form lower-cases it), so "e0001" is E0001.  Whether someone is active is the
 * caller's business: the roster query that feeds segment_match skips the
 * inactive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "lib.h"

enum seg_key {
	SEG_DEPARTMENT, SEG_SECTION, SEG_LEVEL, SEG_FAMILY, SEG_HIRE_FY,
	SEG_ROLE, SEG_ID, SEG_NKEYS
};

struct segment {
	/* Per key a NULL-terminated list of values, NULL = any. */
	char	**values[SEG_NKEYS];
};

static const struct {
	const char	*word;
	enum seg_key	 key;
} seg_keys[] = {
	{ "department", SEG_DEPARTMENT }, { "部", SEG_DEPARTMENT },
	{ "section", SEG_SECTION }, { "課", SEG_SECTION },
	{ "job_level", SEG_LEVEL }, { "level", SEG_LEVEL },
	{ "職層", SEG_LEVEL },
	{ "job_family", SEG_FAMILY }, { "family", SEG_FAMILY },
	{ "職種", SEG_FAMILY },
	{ "hire_fy", SEG_HIRE_FY }, { "採用年度", SEG_HIRE_FY },
	{ "role", SEG_ROLE }, { "役割", SEG_ROLE },
	{ "id", SEG_ID }, { "employee_id", SEG_ID }, { "職員番号", SEG_ID },
};

/* The bands HR speaks of, and the roles' Japanese names. */
static const struct staff_word seg_bands[] = {
	{ "管理職", "director;section_chief" },
	{ "部課長級", "director;section_chief" },
	{ "managers", "director;section_chief" },
	{ NULL, NULL }
};

static const struct staff_word seg_roles[] = {
	{ "人事", "hr" },
	{ "管理者", "admin" },
	{ NULL, NULL }
};

void
segment_free(struct segment *seg)
{
	size_t	k, i;

	if (seg == NULL)
		return;
	for (k = 0; k < SEG_NKEYS; k++) {
		for (i = 0; seg->values[k] != NULL && seg->values[k][i] != NULL;
		    i++)
			free(seg->values[k][i]);
		free(seg->values[k]);
	}
	free(seg);
}

static int
seg_key_of(const char *word, size_t len)
{
	size_t	i;

	for (i = 0; i < sizeof seg_keys / sizeof seg_keys[0]; i++) {
		if (strlen(seg_keys[i].word) == len &&
		    strncmp(seg_keys[i].word, word, len) == 0)
			return (int)seg_keys[i].key;
	}
	return -1;
}

static void
seg_push(struct segment *seg, enum seg_key k, const char *v, size_t len)
{
	size_t	n = 0;

	while (seg->values[k] != NULL && seg->values[k][n] != NULL)
		n++;
	seg->values[k] = xrealloc(seg->values[k],
	    (n + 2) * sizeof *seg->values[k]);
	seg->values[k][n] = xstrndup(v, len);
	seg->values[k][n + 1] = NULL;
}

/* The code names of word in words ("a;b"), or NULL. */
static const char *
seg_word(const struct staff_word *words, const char *v, size_t len)
{
	size_t	i;

	for (i = 0; words[i].written != NULL; i++) {
		if (strlen(words[i].written) == len &&
		    strncmp(words[i].written, v, len) == 0)
			return words[i].code;
	}
	return NULL;
}

/* Adds one value, spelled out into code names where the plan has a word. */
static void
seg_add_value(struct segment *seg, enum seg_key k, const char *v, size_t len)
{
	const char	*codes = NULL, *c, *e;

	if (k == SEG_LEVEL && (codes = seg_word(seg_bands, v, len)) == NULL)
		codes = seg_word(staff_level_words, v, len);
	else if (k == SEG_FAMILY)
		codes = seg_word(staff_family_words, v, len);
	else if (k == SEG_ROLE)
		codes = seg_word(seg_roles, v, len);
	if (codes == NULL) {
		seg_push(seg, k, v, len);
		return;
	}
	for (c = codes; *c != '\0'; c = e) {
		e = strchr(c, ';');
		if (e == NULL)
			e = c + strlen(c);
		seg_push(seg, k, c, (size_t)(e - c));
		if (*e == ';')
			e++;
	}
}

/* Splits "a,b、c" into values; false if one is empty. */
static bool
seg_add_list(struct segment *seg, enum seg_key k, const char *v)
{
	static const char	 ideo_comma[] = "\xe3\x80\x81";	/* 、 */
	const char		*e;
	size_t			 len;

	for (;;) {
		e = v;
		while (*e != '\0' && *e != ',' &&
		    strncmp(e, ideo_comma, 3) != 0)
			e++;
		len = (size_t)(e - v);
		if (len == 0)
			return false;
		seg_add_value(seg, k, v, len);
		if (*e == '\0')
			return true;
		v = e + (*e == ',' ? 1 : 3);
	}
}

/* One "key=values" part; false if it is not understood. */
static bool
seg_part(struct segment *seg, const char *part)
{
	const char	*eq = strchr(part, '=');
	int		 k;

	if (eq == NULL || eq == part || eq[1] == '\0')
		return false;
	k = seg_key_of(part, (size_t)(eq - part));
	if (k < 0 || seg->values[k] != NULL)
		return false;
	return seg_add_list(seg, (enum seg_key)k, eq + 1);
}

struct segment *
segment_parse(const char *expr, char **bad)
{
	struct segment	*seg = xcalloc(1, sizeof *seg);
	char		*norm, *p, *part;
	bool		 ok = true;

	*bad = NULL;
	norm = text_norm_token(expr != NULL ? expr : "");
	for (p = norm; ok && (part = strsep(&p, " \t\r\n")) != NULL;) {
		if (*part == '\0' || strcmp(part, "all") == 0 ||
		    strcmp(part, "全職員") == 0)
			continue;
		if (!seg_part(seg, part)) {
			*bad = xstrdup(part);
			ok = false;
		}
	}
	free(norm);
	if (!ok) {
		segment_free(seg);
		return NULL;
	}
	return seg;
}

bool
segment_is_all(const struct segment *seg)
{
	size_t	k;

	for (k = 0; k < SEG_NKEYS; k++) {
		if (seg->values[k] != NULL)
			return false;
	}
	return true;
}

static bool
seg_any(char *const *values, const char *have)
{
	size_t	i;

	if (values == NULL)
		return true;
	if (have == NULL)
		return false;
	for (i = 0; values[i] != NULL; i++) {
		if (strcasecmp(values[i], have) == 0)
			return true;
	}
	return false;
}

/* The fiscal year of a YYYY-MM-DD hire date (April to March). */
static int
seg_hire_fy(const char *date)
{
	int	y, m;

	if (date == NULL || sscanf(date, "%4d-%2d", &y, &m) != 2)
		return 0;
	return m >= 4 ? y : y - 1;
}

static bool
seg_hire(char *const *values, const struct staff *s)
{
	char	fy[16];
	int	y;

	if (values == NULL)
		return true;
	y = seg_hire_fy(s->hire_date);
	if (y == 0)
		return false;
	snprintf(fy, sizeof fy, "%d", y);
	return seg_any(values, fy);
}

static bool
seg_role(char *const *values, const struct staff *s)
{
	size_t	i;

	if (values == NULL)
		return true;
	for (i = 0; values[i] != NULL; i++) {
		if (strcmp(values[i], "manager") == 0 ? staff_is_manager(s) :
		    staff_has_role(s, values[i]))
			return true;
	}
	return false;
}

bool
segment_match(const struct segment *seg, const struct staff *s)
{
	return seg_any(seg->values[SEG_DEPARTMENT], s->department) &&
	    seg_any(seg->values[SEG_SECTION], s->section) &&
	    seg_any(seg->values[SEG_LEVEL], s->job_level) &&
	    seg_any(seg->values[SEG_FAMILY], s->job_family) &&
	    seg_hire(seg->values[SEG_HIRE_FY], s) &&
	    seg_role(seg->values[SEG_ROLE], s) &&
	    seg_any(seg->values[SEG_ID], s->employee_id);
}

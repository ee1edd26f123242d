/*
 * rules.c: the RULE language of docs/catalog.md, who a course is for.
 *
 * rule_parse checks a whole rule and turns it into a tree of structs, so
 * that evaluation never meets a bad rule and keeps no json_t; rule_eval
 * answers yes, no or unknown for one person, with the reason in the user's
 * language.  Nothing here reads the database: course completions come
 * through struct rule_env.
 *
 * DESIGN
 *
 * Verdicts are three-valued (Kleene): a fact the roster lacks is UNKNOWN,
 * never NO, so that nobody is told a course is not for them because HR has
 * not filled a column in.  all: NO if any part is NO, else UNKNOWN if any
 * is, else YES.  any: YES if any part is, else UNKNOWN if any is, else NO.
 * not swaps YES and NO and keeps UNKNOWN.
 *
 * Each leaf also states a fact about the person: what matched (YES), what
 * did not (NO: the person's actual value, "採用3年目"), or which roster
 * field is missing (UNKNOWN).  Because a fact describes the person and not
 * the rule, "not" can pass it on unchanged: not(経験者採用) says "新規採用"
 * either way.  all joins the facts of its parts for YES; otherwise the
 * first deciding fact wins.
 *
 * Years since hire and in a level count fiscal years (1 April - 31 March):
 * hired in the evaluated fiscal year is year 1.  Age is the plain calendar
 * rule: full years on the date, a birthday counting from its own day (born
 * 1989-04-02 is 34 on 2024-04-01; born on 29 February is a year older on
 * 1 March of a common year).  Japanese law (年齢計算ニ関スル法律) ages a
 * person at the end of the day before the birthday, so that someone born
 * 1989-04-02 "reaches 35 on 2024-04-01" by law.  We do not follow it: the
 * plain rule makes "35 on 1 April 2024" the school-year cohort born
 * 1988-04-02 to 1989-04-01, which is what HR means by it; a target that
 * means the legal reading should use the next day as the date of age_on.
 *
 * passed_exam, eligible_exam and duty read ';'-lists where "" is the roster
 * saying "none" (NO) and NULL the roster not saying (UNKNOWN).  completed
 * holds when every course listed was finished.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

#define RULE_DEPTH_MAX	32	/* nesting; real rules use three or four */
#define RULE_CODE_MAX	16	/* a course code, docs/catalog.md */
#define RULE_YEARS_MAX	100	/* hire_year and level_year bounds */
#define RULE_AGE_MAX	150

enum rule_kind {
	RULE_K_ALL, RULE_K_ANY, RULE_K_NOT, RULE_K_EVERYONE, RULE_K_OPEN,
	RULE_K_SELECTED, RULE_K_NOMINATED, RULE_K_LEVEL, RULE_K_FAMILY,
	RULE_K_HIRE_TYPE, RULE_K_EXAM_CATEGORY, RULE_K_PASSED_EXAM,
	RULE_K_ELIGIBLE_EXAM, RULE_K_DUTY, RULE_K_HIRE_YEAR, RULE_K_LEVEL_YEAR,
	RULE_K_HIRED_BETWEEN, RULE_K_PROMOTED_BETWEEN, RULE_K_AGE_ON,
	RULE_K_COMPLETED,
};

struct rule {
	const struct rule_entry	*entry;
	struct rule		**sub;		/* all, any; not has one */
	size_t			  nsub;
	char			**words;	/* codes of a set rule */
	size_t			  nwords;
	int			  min, max;	/* years or age */
	char			  from[11];	/* start; age_on's date */
	char			  to[11];	/* a range's end */
};

/* What evaluation needs besides the rule: fixed for one rule_eval call. */
struct rule_ctx {
	const struct staff	*s;
	const struct rule_env	*env;
	int			 fy;
	const struct msgcat	*mc;
	const char		*lang;
	bool			 text;		/* build the facts */
};

typedef int	 rule_parse_fn(struct rule *, const json_t *, const char *,
		    int, char **);
typedef enum rule_verdict rule_eval_fn(const struct rule *,
		    const struct rule_ctx *, char **);

/*
 * One kind of rule, as data: its key, how it is parsed and evaluated, the
 * codes it accepts (set rules), the staff field it reads, and the
 * catalogue keys of its facts.
 */
struct rule_entry {
	const char		*key;
	enum rule_kind		 kind;
	rule_parse_fn		*parse;
	rule_eval_fn		*eval;
	const char *const	*codes;		/* NULL: any course code */
	size_t			 field;		/* offset in struct staff */
	const char		*field_name;	/* "birth_date" */
	const char		*label;		/* key prefix of code names */
	const char		*yes;		/* catalogue keys of facts */
	const char		*no;
};

static const char *const rule_levels[] = { "director", "section_chief",
    "deputy_chief", "unit_chief", "senior", "staff", "chief_foreman",
    "foreman", "senior_technician", "technician", NULL };
static const char *const rule_families[] = { "admin", "welfare",
    "engineering", "medical", "skilled", "operational", NULL };
static const char *const rule_hire_types[] = { "new", "experienced",
    "temporary", "exchange", NULL };
static const char *const rule_exam_categories[] = { "I", "II", "III", NULL };
static const char *const rule_exams[] = { "senior", "unit_chief", "manager",
    "senior_technician", "foreman", NULL };
static const char *const rule_duties[] = { "first_evaluator",
    "new_unit_chief_duty", "ojt_trainer", "sanitation_transfer", NULL };

static rule_parse_fn	rule_parse_list, rule_parse_not, rule_parse_true,
			rule_parse_words, rule_parse_years, rule_parse_dates,
			rule_parse_age;
static rule_eval_fn	rule_eval_all, rule_eval_any, rule_eval_not,
			rule_eval_const, rule_eval_value, rule_eval_list,
			rule_eval_years, rule_eval_dates, rule_eval_age,
			rule_eval_completed, rule_eval_selected;

#define RULE_FIELD(f)	offsetof(struct staff, f), #f

static const struct rule_entry rule_entries[] = {
	{ "all", RULE_K_ALL, rule_parse_list, rule_eval_all, NULL, 0, NULL,
	    NULL, NULL, NULL },
	{ "any", RULE_K_ANY, rule_parse_list, rule_eval_any, NULL, 0, NULL,
	    NULL, NULL, NULL },
	{ "not", RULE_K_NOT, rule_parse_not, rule_eval_not, NULL, 0, NULL,
	    NULL, NULL, NULL },
	{ "everyone", RULE_K_EVERYONE, rule_parse_true, rule_eval_const, NULL,
	    0, NULL, NULL, "rule.everyone", NULL },
	{ "open", RULE_K_OPEN, rule_parse_true, rule_eval_const, NULL, 0,
	    NULL, NULL, "rule.open", NULL },
	{ "selected", RULE_K_SELECTED, rule_parse_true, rule_eval_selected,
	    NULL, 0, NULL, NULL, "rule.selected_yes", "rule.selected_no" },
	{ "nominated", RULE_K_NOMINATED, rule_parse_true, rule_eval_selected,
	    NULL, 0, NULL, NULL, "rule.nominated_yes", "rule.nominated_no" },
	{ "level", RULE_K_LEVEL, rule_parse_words, rule_eval_value,
	    rule_levels, RULE_FIELD(job_level), "rule.level.", NULL, NULL },
	{ "family", RULE_K_FAMILY, rule_parse_words, rule_eval_value,
	    rule_families, RULE_FIELD(job_family), "rule.family.", NULL,
	    NULL },
	{ "hire_type", RULE_K_HIRE_TYPE, rule_parse_words, rule_eval_value,
	    rule_hire_types, RULE_FIELD(hire_type), "rule.hire_type.", NULL,
	    NULL },
	{ "exam_category", RULE_K_EXAM_CATEGORY, rule_parse_words,
	    rule_eval_value, rule_exam_categories, RULE_FIELD(exam_category),
	    "rule.exam_category.", NULL, NULL },
	{ "passed_exam", RULE_K_PASSED_EXAM, rule_parse_words, rule_eval_list,
	    rule_exams, RULE_FIELD(passed_exam), "rule.exam.", "rule.passed",
	    "rule.not_passed" },
	{ "eligible_exam", RULE_K_ELIGIBLE_EXAM, rule_parse_words,
	    rule_eval_list, rule_exams, RULE_FIELD(eligible_exam),
	    "rule.exam.", "rule.eligible", "rule.not_eligible" },
	{ "duty", RULE_K_DUTY, rule_parse_words, rule_eval_list, rule_duties,
	    RULE_FIELD(duties), "rule.duty.", "rule.duty", "rule.no_duty" },
	{ "hire_year", RULE_K_HIRE_YEAR, rule_parse_years, rule_eval_years,
	    NULL, RULE_FIELD(hire_date), NULL, "rule.hire_year",
	    "rule.hire_year_before" },
	{ "level_year", RULE_K_LEVEL_YEAR, rule_parse_years, rule_eval_years,
	    NULL, RULE_FIELD(level_since), NULL, "rule.level_year",
	    "rule.level_year_before" },
	{ "hired_between", RULE_K_HIRED_BETWEEN, rule_parse_dates,
	    rule_eval_dates, NULL, RULE_FIELD(hire_date), NULL,
	    "rule.hired_on", NULL },
	{ "promoted_between", RULE_K_PROMOTED_BETWEEN, rule_parse_dates,
	    rule_eval_dates, NULL, RULE_FIELD(level_since), NULL,
	    "rule.promoted_on", NULL },
	{ "age_on", RULE_K_AGE_ON, rule_parse_age, rule_eval_age, NULL,
	    RULE_FIELD(birth_date), NULL, "rule.age", NULL },
	{ "completed", RULE_K_COMPLETED, rule_parse_words,
	    rule_eval_completed, NULL, 0, NULL, NULL, "rule.completed",
	    "rule.not_completed" },
};
#define RULE_NENTRIES	(sizeof rule_entries / sizeof rule_entries[0])

static struct rule	*rule_parse_node(const json_t *, const char *, int,
			    char **);
static enum rule_verdict rule_eval_node(const struct rule *,
			    const struct rule_ctx *, char **);

/* Returns the code list as "a, b, c" (caller frees). */
static char *
rule_code_list(const char *const *codes)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	for (i = 0; codes[i] != NULL; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", codes[i]);
	return buf_steal(&b);
}

static bool
rule_code_known(const char *const *codes, const char *code)
{
	size_t	i;

	for (i = 0; codes[i] != NULL; i++) {
		if (strcmp(codes[i], code) == 0)
			return true;
	}
	return false;
}

/* A course code: [A-Za-z0-9-]{1,16}, as docs/catalog.md defines it. */
static bool
rule_course_code(const char *s)
{
	size_t	len = strlen(s);

	return len >= 1 && len <= RULE_CODE_MAX && strspn(s, "abcdefghijklm"
	    "nopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == len;
}

/* Copies a real calendar date written YYYY-MM-DD into out[11]. */
static int
rule_date(const json_t *j, char *out)
{
	const char	*s = json_string_value(j);
	int		 y, m, d;

	if (s == NULL || clock_parse_date(s, &y, &m, &d) != 0)
		return -1;
	memcpy(out, s, 11);
	return 0;
}

/* all, any: a non-empty array of rules. */
static int
rule_parse_list(struct rule *r, const json_t *v, const char *path, int depth,
    char **cause)
{
	const json_t	*item;
	char		*sub;
	size_t		 i;

	if (!json_is_array(v) || json_array_size(v) == 0) {
		xasprintf(cause, "%s: expected a non-empty array of rules",
		    path);
		return -1;
	}
	r->sub = xcalloc(json_array_size(v), sizeof *r->sub);
	json_array_foreach(v, i, item) {
		xasprintf(&sub, "%s[%zu]", path, i);
		r->sub[i] = rule_parse_node(item, sub, depth + 1, cause);
		free(sub);
		if (r->sub[i] == NULL)
			return -1;
		r->nsub++;
	}
	return 0;
}

static int
rule_parse_not(struct rule *r, const json_t *v, const char *path, int depth,
    char **cause)
{
	r->sub = xcalloc(1, sizeof *r->sub);
	r->sub[0] = rule_parse_node(v, path, depth + 1, cause);
	if (r->sub[0] == NULL)
		return -1;
	r->nsub = 1;
	return 0;
}

/* everyone, open, selected, nominated: the value is true and nothing
 * else. */
static int
rule_parse_true(struct rule *r, const json_t *v, const char *path, int depth,
    char **cause)
{
	(void)r;
	(void)depth;
	if (!json_is_true(v)) {
		xasprintf(cause, "%s: expected true", path);
		return -1;
	}
	return 0;
}

/* The set rules: a non-empty array of known codes (or course codes). */
static int
rule_parse_words(struct rule *r, const json_t *v, const char *path,
    int depth, char **cause)
{
	const char *const	*codes = r->entry->codes;
	const json_t		*item;
	const char		*s;
	char			*list;
	size_t			 i;

	(void)depth;
	if (!json_is_array(v) || json_array_size(v) == 0) {
		xasprintf(cause, "%s: expected a non-empty array of strings",
		    path);
		return -1;
	}
	r->words = xcalloc(json_array_size(v), sizeof *r->words);
	json_array_foreach(v, i, item) {
		s = json_string_value(item);
		if (s == NULL) {
			xasprintf(cause, "%s[%zu]: expected a string", path, i);
			return -1;
		}
		if (codes == NULL && !rule_course_code(s)) {
			xasprintf(cause, "%s[%zu]: \"%s\" is not a course code "
			    "(1 to %d letters, digits or '-')", path, i, s,
			    RULE_CODE_MAX);
			return -1;
		}
		if (codes != NULL && !rule_code_known(codes, s)) {
			list = rule_code_list(codes);
			xasprintf(cause, "%s[%zu]: unknown %s \"%s\" (expected "
			    "%s)", path, i, r->entry->key, s, list);
			free(list);
			return -1;
		}
		r->words[r->nwords++] = xstrdup(s);
	}
	return 0;
}

/* Checks integer item i of v against [lo, hi]; OUT: *n. */
static int
rule_parse_int(const json_t *v, size_t i, int lo, int hi, const char *path,
    int *n, char **cause)
{
	const json_t	*item = json_array_get(v, i);
	json_int_t	 x;

	if (!json_is_integer(item)) {
		xasprintf(cause, "%s[%zu]: expected a whole number", path, i);
		return -1;
	}
	x = json_integer_value(item);
	if (x < lo || x > hi) {
		xasprintf(cause, "%s[%zu]: %lld is out of range (%d to %d)",
		    path, i, (long long)x, lo, hi);
		return -1;
	}
	*n = (int)x;
	return 0;
}

/* Checks that item first of v is MIN and first + 1 is MAX >= MIN. */
static int
rule_parse_range(struct rule *r, const json_t *v, size_t first, int lo,
    int hi, const char *path, char **cause)
{
	if (rule_parse_int(v, first, lo, hi, path, &r->min, cause) != 0 ||
	    rule_parse_int(v, first + 1, lo, hi, path, &r->max, cause) != 0)
		return -1;
	if (r->min > r->max) {
		xasprintf(cause, "%s: minimum %d is above maximum %d", path,
		    r->min, r->max);
		return -1;
	}
	return 0;
}

/* hire_year, level_year: [MIN, MAX], the first year being 1. */
static int
rule_parse_years(struct rule *r, const json_t *v, const char *path,
    int depth, char **cause)
{
	(void)depth;
	if (!json_is_array(v) || json_array_size(v) != 2) {
		xasprintf(cause, "%s: expected [MIN, MAX]", path);
		return -1;
	}
	return rule_parse_range(r, v, 0, 1, RULE_YEARS_MAX, path, cause);
}

/* hired_between, promoted_between: [DATE, DATE], inclusive. */
static int
rule_parse_dates(struct rule *r, const json_t *v, const char *path,
    int depth, char **cause)
{
	size_t	i;

	(void)depth;
	if (!json_is_array(v) || json_array_size(v) != 2) {
		xasprintf(cause, "%s: expected [\"YYYY-MM-DD\", "
		    "\"YYYY-MM-DD\"]", path);
		return -1;
	}
	for (i = 0; i < 2; i++) {
		if (rule_date(json_array_get(v, i), i == 0 ? r->from :
		    r->to) != 0) {
			xasprintf(cause, "%s[%zu]: expected a date written "
			    "YYYY-MM-DD", path, i);
			return -1;
		}
	}
	if (strcmp(r->from, r->to) > 0) {
		xasprintf(cause, "%s: %s is after %s", path, r->from, r->to);
		return -1;
	}
	return 0;
}

/* age_on: [DATE, MIN, MAX]. */
static int
rule_parse_age(struct rule *r, const json_t *v, const char *path, int depth,
    char **cause)
{
	(void)depth;
	if (!json_is_array(v) || json_array_size(v) != 3) {
		xasprintf(cause, "%s: expected [\"YYYY-MM-DD\", MIN, MAX]",
		    path);
		return -1;
	}
	if (rule_date(json_array_get(v, 0), r->from) != 0) {
		xasprintf(cause, "%s[0]: expected a date written YYYY-MM-DD",
		    path);
		return -1;
	}
	return rule_parse_range(r, v, 1, 0, RULE_AGE_MAX, path, cause);
}

static const struct rule_entry *
rule_entry_find(const char *key)
{
	size_t	i;

	for (i = 0; i < RULE_NENTRIES; i++) {
		if (strcmp(rule_entries[i].key, key) == 0)
			return &rule_entries[i];
	}
	return NULL;
}

/* Returns every rule key as "all, any, ..." (caller frees). */
static char *
rule_key_list(void)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	for (i = 0; i < RULE_NENTRIES; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", rule_entries[i].key);
	return buf_steal(&b);
}

/*
 * Parses the rule j found at path ("" at the top).  Returns the rule
 * (caller frees with rule_free) or NULL with *cause set.
 */
static struct rule *
rule_parse_node(const json_t *j, const char *path, int depth, char **cause)
{
	const struct rule_entry	*e;
	const char		*key, *where = *path != '\0' ? path : "rule";
	struct rule		*r;
	char			*sub, *list;
	json_t			*v;

	if (depth > RULE_DEPTH_MAX) {
		xasprintf(cause, "%s: rules nest deeper than %d", where,
		    RULE_DEPTH_MAX);
		return NULL;
	}
	if (!json_is_object(j) || json_object_size(j) != 1) {
		xasprintf(cause, "%s: a rule is an object with exactly one key",
		    where);
		return NULL;
	}
	key = json_object_iter_key(json_object_iter((json_t *)j));
	v = json_object_iter_value(json_object_iter((json_t *)j));
	e = rule_entry_find(key);
	if (e == NULL) {
		list = rule_key_list();
		xasprintf(cause, "%s: unknown rule \"%s\" (expected %s)", where,
		    key, list);
		free(list);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->entry = e;
	xasprintf(&sub, "%s%s%s", path, *path != '\0' ? "." : "", key);
	if (e->parse(r, v, sub, depth, cause) != 0) {
		rule_free(r);
		r = NULL;
	}
	free(sub);
	return r;
}

/*
 * Parses a rule written in the RULE language (docs/catalog.md) and checks
 * all of it: keys, codes, dates, ranges.  Returns the rule (caller frees
 * with rule_free), or NULL with *cause (caller frees) naming the place,
 * e.g. "all[1].level[0]: unknown level \"boss\" (expected ...)".
 */
struct rule *
rule_parse(const char *json, char **cause)
{
	json_error_t	 err;
	json_t		*root;
	struct rule	*r;

	root = json_loads(json, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		xasprintf(cause, "rule: line %d column %d: %s", err.line,
		    err.column, err.text);
		return NULL;
	}
	r = rule_parse_node(root, "", 0, cause);
	json_decref(root);
	return r;
}

/* Frees a rule and its parts; rule_free(NULL) does nothing. */
void
rule_free(struct rule *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsub; i++)
		rule_free(r->sub[i]);
	free(r->sub);
	for (i = 0; i < r->nwords; i++)
		free(r->words[i]);
	free(r->words);
	free(r);
}

/*
 * Returns true when the rule is "open" (希望する職員), or is an all or any
 * with an open part, looking through all and any but not through not: the
 * course takes anyone who applies (within the other parts of an all), and
 * ranks below courses that target the person.
 */
bool
rule_is_open(const struct rule *r)
{
	size_t	i;

	if (r->entry->kind == RULE_K_OPEN)
		return true;
	if (r->entry->kind != RULE_K_ALL && r->entry->kind != RULE_K_ANY)
		return false;
	for (i = 0; i < r->nsub; i++) {
		if (rule_is_open(r->sub[i]))
			return true;
	}
	return false;
}

/*
 * Returns true when somebody must have been selected or nominated
 * (選抜・推薦) for the rule to hold: a selected or nominated part that is
 * not under "any" or "not".  Enrolment in such a course needs the record.
 */
bool
rule_needs_selection(const struct rule *r)
{
	size_t	i;

	if (r->entry->kind == RULE_K_SELECTED ||
	    r->entry->kind == RULE_K_NOMINATED)
		return true;
	if (r->entry->kind != RULE_K_ALL)
		return false;
	for (i = 0; i < r->nsub; i++) {
		if (rule_needs_selection(r->sub[i]))
			return true;
	}
	return false;
}

/* The staff field an entry reads. */
static const char *
rule_field(const struct rule_ctx *c, const struct rule_entry *e)
{
	return *(char *const *)(const void *)((const char *)c->s + e->field);
}

/* Reads the staff date an entry needs; -1 if missing or unreadable. */
static int
rule_field_date(const struct rule_ctx *c, const struct rule_entry *e,
    int *y, int *m, int *d)
{
	const char	*v = rule_field(c, e);

	if (v == NULL || clock_parse_date(v, y, m, d) != 0)
		return -1;
	return 0;
}

/* UNKNOWN, the fact being that the roster lacks e's field. */
static enum rule_verdict
rule_missing(const struct rule_ctx *c, const struct rule_entry *e,
    char **text)
{
	char	*key;

	if (c->text) {
		xasprintf(&key, "rule.field.%s", e->field_name);
		*text = msgcat_fmt(c->mc, c->lang, "rule.missing", "field",
		    msgcat_raw(c->mc, c->lang, key), NULL);
		free(key);
	}
	return RULE_UNKNOWN;
}

/*
 * Returns how a code reads in the user's language (caller frees): its
 * catalogue text, or the code itself when it is not one the entry knows
 * (a stray value in the database).
 */
static char *
rule_label(const struct rule_ctx *c, const struct rule_entry *e,
    const char *code)
{
	char	*key, *s;

	if (!rule_code_known(e->codes, code))
		return xstrdup(code);
	xasprintf(&key, "%s%s", e->label, code);
	s = xstrdup(msgcat_raw(c->mc, c->lang, key));
	free(key);
	return s;
}

/* Returns the labels of the rule's codes joined by the catalogue's "or". */
static char *
rule_labels(const struct rule *r, const struct rule_ctx *c)
{
	struct buf	 b;
	char		*label;
	size_t		 i;

	buf_init(&b, 0);
	for (i = 0; i < r->nwords; i++) {
		label = rule_label(c, r->entry, r->words[i]);
		buf_printf(&b, "%s%s", i > 0 ? msgcat_raw(c->mc, c->lang,
		    "rule.or") : "", label);
		free(label);
	}
	return buf_steal(&b);
}

/* Returns a YYYY-MM-DD date as the user's language writes it. */
static char *
rule_date_text(const struct rule_ctx *c, const char *date)
{
	char	y[5], m[3], d[3];

	memcpy(y, date, 4);
	y[4] = '\0';
	snprintf(m, sizeof m, "%d", atoi(date + 5));
	snprintf(d, sizeof d, "%d", atoi(date + 8));
	return msgcat_fmt(c->mc, c->lang, "rule.date", "y", y, "m", m, "d", d,
	    NULL);
}

static bool
rule_has_word(const struct rule *r, const char *v)
{
	size_t	i;

	for (i = 0; i < r->nwords; i++) {
		if (strcmp(r->words[i], v) == 0)
			return true;
	}
	return false;
}

/* Returns true if the ';'-list has item. */
static bool
rule_list_has(const char *list, const char *item)
{
	const char	*p = list;
	size_t		 len = strlen(item);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, item, len) == 0 && (p[len] == ';' ||
		    p[len] == '\0'))
			return true;
		p = strchr(p, ';');
		if (p != NULL)
			p++;
	}
	return false;
}

/* The fiscal year a date falls in: 1 April to 31 March. */
static int
rule_fiscal_year(int y, int m)
{
	return m >= 4 ? y : y - 1;
}

/* Full years from birth to the date, by the plain calendar rule. */
static int
rule_age(int by, int bm, int bd, int y, int m, int d)
{
	return y - by - (m < bm || (m == bm && d < bd));
}

/* all: Kleene AND.  YES joins the parts' facts; NO gives the first. */
static enum rule_verdict
rule_eval_all(const struct rule *r, const struct rule_ctx *c, char **text)
{
	enum rule_verdict	 v, out = RULE_YES;
	struct buf		 b;
	char			*t, *unknown = NULL;
	size_t			 i;

	buf_init(&b, 0);
	for (i = 0; i < r->nsub; i++) {
		t = NULL;
		v = rule_eval_node(r->sub[i], c, &t);
		if (v == RULE_NO) {
			free(unknown);
			buf_free(&b);
			*text = t;
			return RULE_NO;
		}
		if (v == RULE_UNKNOWN && out == RULE_YES) {
			out = RULE_UNKNOWN;
			unknown = t;
		} else if (v == RULE_YES && t != NULL) {
			buf_printf(&b, "%s%s", b.len > 0 ? msgcat_raw(c->mc,
			    c->lang, "rule.and") : "", t);
			free(t);
		} else
			free(t);
	}
	if (out == RULE_UNKNOWN)
		*text = unknown;
	else if (c->text)
		*text = buf_steal(&b);
	buf_free(&b);
	return out;
}

/* any: Kleene OR.  YES gives the first matching part's facts. */
static enum rule_verdict
rule_eval_any(const struct rule *r, const struct rule_ctx *c, char **text)
{
	enum rule_verdict	 v, out = RULE_NO;
	char			*t, *no = NULL, *unknown = NULL;
	size_t			 i;

	for (i = 0; i < r->nsub; i++) {
		t = NULL;
		v = rule_eval_node(r->sub[i], c, &t);
		if (v == RULE_YES) {
			free(no);
			free(unknown);
			*text = t;
			return RULE_YES;
		}
		if (v == RULE_UNKNOWN && unknown == NULL) {
			out = RULE_UNKNOWN;
			unknown = t;
		} else if (v == RULE_NO && no == NULL)
			no = t;
		else
			free(t);
	}
	if (out == RULE_UNKNOWN) {
		free(no);
		*text = unknown;
	} else
		*text = no;
	return out;
}

/* not: the part's fact describes the person, so it carries over as is. */
static enum rule_verdict
rule_eval_not(const struct rule *r, const struct rule_ctx *c, char **text)
{
	enum rule_verdict	v;

	v = rule_eval_node(r->sub[0], c, text);
	if (v == RULE_YES)
		return RULE_NO;
	if (v == RULE_NO)
		return RULE_YES;
	return RULE_UNKNOWN;
}

/* everyone and open hold for anyone. */
static enum rule_verdict
rule_eval_const(const struct rule *r, const struct rule_ctx *c, char **text)
{
	if (c->text)
		*text = xstrdup(msgcat_raw(c->mc, c->lang, r->entry->yes));
	return RULE_YES;
}

/*
 * selected (選抜) and nominated (推薦): only what HR recorded, or for
 * nominated also a manager's endorsement, through env; never inferred.
 */
static enum rule_verdict
rule_eval_selected(const struct rule *r, const struct rule_ctx *c,
    char **text)
{
	const struct rule_entry	*e = r->entry;
	int			 k = -1;

	if (c->env->selected != NULL && c->s->employee_id != NULL &&
	    c->env->course_code != NULL)
		k = c->env->selected(c->env->arg, c->s->employee_id,
		    c->env->course_code, e->kind == RULE_K_NOMINATED);
	if (c->text)
		*text = xstrdup(msgcat_raw(c->mc, c->lang, k > 0 ? e->yes :
		    k == 0 ? e->no : "rule.selected"));
	return k > 0 ? RULE_YES : k == 0 ? RULE_NO : RULE_UNKNOWN;
}

/* level, family, hire_type, exam_category: one coded staff field. */
static enum rule_verdict
rule_eval_value(const struct rule *r, const struct rule_ctx *c, char **text)
{
	const char	*v = rule_field(c, r->entry);

	if (v == NULL || *v == '\0')
		return rule_missing(c, r->entry, text);
	if (c->text)
		*text = rule_label(c, r->entry, v);
	return rule_has_word(r, v) ? RULE_YES : RULE_NO;
}

/*
 * passed_exam, eligible_exam, duty: a ';'-list staff field, where "" is
 * the roster saying "none" and NULL the roster not saying.
 */
static enum rule_verdict
rule_eval_list(const struct rule *r, const struct rule_ctx *c, char **text)
{
	const char	*list = rule_field(c, r->entry);
	char		*label;
	size_t		 i;

	if (list == NULL)
		return rule_missing(c, r->entry, text);
	for (i = 0; i < r->nwords; i++) {
		if (!rule_list_has(list, r->words[i]))
			continue;
		if (c->text) {
			label = rule_label(c, r->entry, r->words[i]);
			*text = msgcat_fmt(c->mc, c->lang, r->entry->yes,
			    "what", label, NULL);
			free(label);
		}
		return RULE_YES;
	}
	if (c->text) {
		label = rule_labels(r, c);
		*text = msgcat_fmt(c->mc, c->lang, r->entry->no, "what", label,
		    NULL);
		free(label);
	}
	return RULE_NO;
}

/* hire_year, level_year: the N-th fiscal year since a staff date. */
static enum rule_verdict
rule_eval_years(const struct rule *r, const struct rule_ctx *c, char **text)
{
	char	num[16];
	int	y, m, d, n;

	if (rule_field_date(c, r->entry, &y, &m, &d) != 0)
		return rule_missing(c, r->entry, text);
	n = c->fy - rule_fiscal_year(y, m) + 1;
	if (c->text && n >= 1) {
		snprintf(num, sizeof num, "%d", n);
		*text = msgcat_fmt(c->mc, c->lang, r->entry->yes, "n", num,
		    NULL);
	} else if (c->text)
		*text = xstrdup(msgcat_raw(c->mc, c->lang, r->entry->no));
	return n >= r->min && n <= r->max ? RULE_YES : RULE_NO;
}

/* hired_between, promoted_between: a staff date in a range, inclusive. */
static enum rule_verdict
rule_eval_dates(const struct rule *r, const struct rule_ctx *c, char **text)
{
	const char	*v = rule_field(c, r->entry);
	char		*date;
	int		 y, m, d;

	if (rule_field_date(c, r->entry, &y, &m, &d) != 0)
		return rule_missing(c, r->entry, text);
	if (c->text) {
		date = rule_date_text(c, v);
		*text = msgcat_fmt(c->mc, c->lang, r->entry->yes, "date", date,
		    NULL);
		free(date);
	}
	return strcmp(v, r->from) >= 0 && strcmp(v, r->to) <= 0 ? RULE_YES :
	    RULE_NO;
}

/* age_on: full years on the rule's date. */
static enum rule_verdict
rule_eval_age(const struct rule *r, const struct rule_ctx *c, char **text)
{
	char	num[16], *date;
	int	by, bm, bd, y, m, d, age;

	if (rule_field_date(c, r->entry, &by, &bm, &bd) != 0)
		return rule_missing(c, r->entry, text);
	(void)clock_parse_date(r->from, &y, &m, &d);
	age = rule_age(by, bm, bd, y, m, d);
	if (c->text) {
		snprintf(num, sizeof num, "%d", age);
		date = rule_date_text(c, r->from);
		*text = msgcat_fmt(c->mc, c->lang, r->entry->yes, "date", date,
		    "age", num, NULL);
		free(date);
	}
	return age >= r->min && age <= r->max ? RULE_YES : RULE_NO;
}

/* Asks the environment; without a way to ask, nothing is known. */
static int
rule_completed(const struct rule_ctx *c, const char *code)
{
	if (c->env->completed == NULL || c->s->employee_id == NULL)
		return -1;
	return c->env->completed(c->env->arg, c->s->employee_id, code);
}

/* completed: finished every course listed (Kleene AND over them). */
static enum rule_verdict
rule_eval_completed(const struct rule *r, const struct rule_ctx *c,
    char **text)
{
	const char	*unknown = NULL;
	struct buf	 b;
	size_t		 i;
	int		 k;

	for (i = 0; i < r->nwords; i++) {
		k = rule_completed(c, r->words[i]);
		if (k == 0) {
			if (c->text)
				*text = msgcat_fmt(c->mc, c->lang,
				    r->entry->no, "course", r->words[i], NULL);
			return RULE_NO;
		}
		if (k < 0 && unknown == NULL)
			unknown = r->words[i];
	}
	if (unknown != NULL) {
		if (c->text)
			*text = msgcat_fmt(c->mc, c->lang,
			    "rule.completed_unknown", "course", unknown, NULL);
		return RULE_UNKNOWN;
	}
	if (c->text) {
		buf_init(&b, 0);
		for (i = 0; i < r->nwords; i++)
			buf_printf(&b, "%s%s", i > 0 ? msgcat_raw(c->mc,
			    c->lang, "rule.and") : "", r->words[i]);
		*text = msgcat_fmt(c->mc, c->lang, r->entry->yes, "course",
		    b.data, NULL);
		buf_free(&b);
	}
	return RULE_YES;
}

/*
 * Whether a rule that holds for the person holds through a part that
 * targets them rather than only through "open": all is open when any of
 * its parts is; any targets when one of its holding parts does.
 */
static bool
rule_targets(const struct rule *r, const struct rule_ctx *c)
{
	char	*t;
	size_t	 i;

	switch (r->entry->kind) {
	case RULE_K_OPEN:
		return false;
	case RULE_K_ALL:
		for (i = 0; i < r->nsub; i++) {
			if (!rule_targets(r->sub[i], c))
				return false;
		}
		return true;
	case RULE_K_ANY:
		for (i = 0; i < r->nsub; i++) {
			t = NULL;
			if (rule_eval_node(r->sub[i], c, &t) == RULE_YES &&
			    rule_targets(r->sub[i], c)) {
				free(t);
				return true;
			}
			free(t);
		}
		return false;
	default:
		return true;
	}
}

/* Evaluates one node; OUT: *text, its fact, when c->text (caller frees). */
static enum rule_verdict
rule_eval_node(const struct rule *r, const struct rule_ctx *c, char **text)
{
	*text = NULL;
	return r->entry->eval(r, c, text);
}

/*
 * Evaluates rule r for person s in the fiscal year env->fiscal_year (0:
 * the fiscal year of env->as_of).  Returns RULE_YES, RULE_NO or
 * RULE_UNKNOWN (a fact the rule needs is not on the roster, a completion
 * or a selection env cannot tell).  When why is not NULL, *why (caller
 * frees) is the reason in lang from the catalogues mc: for YES the
 * matching facts joined ("係長級・昇任2年目"), for NO the first failing
 * fact ("採用3年目のため"), for UNKNOWN what is missing ("生年月日が名簿に
 * ありません").
 *
 * OUT: why.
 */
enum rule_verdict
rule_eval(const struct rule *r, const struct staff *s,
    const struct rule_env *env, const struct msgcat *mc, const char *lang,
    char **why)
{
	struct rule_ctx		 c;
	enum rule_verdict	 v;
	char			*fact;

	assert(r != NULL && s != NULL && env != NULL);
	assert(why == NULL || mc != NULL);
	memset(&c, 0, sizeof c);
	c.s = s;
	c.env = env;
	c.fy = env->fiscal_year != 0 ? env->fiscal_year :
	    clock_fiscal_year(env->as_of);
	c.mc = mc;
	c.lang = lang;
	c.text = why != NULL;
	v = rule_eval_node(r, &c, &fact);
	if (why == NULL)
		return v;
	if (v == RULE_NO) {
		*why = msgcat_fmt(mc, lang, "rule.no", "fact", fact != NULL ?
		    fact : "", NULL);
		free(fact);
	} else
		*why = fact != NULL ? fact : xstrdup("");
	return v;
}

/*
 * Like rule_eval without the reason, and OUT: *targeted, whether a YES
 * comes through a part that targets the person (S-07's 管理職) rather
 * than only through "open" (S-07's 係長級で希望する職員).  *targeted is
 * false unless the verdict is RULE_YES.
 */
enum rule_verdict
rule_match(const struct rule *r, const struct staff *s,
    const struct rule_env *env, bool *targeted)
{
	struct rule_ctx		 c;
	enum rule_verdict	 v;
	char			*fact = NULL;

	assert(r != NULL && s != NULL && env != NULL);
	memset(&c, 0, sizeof c);
	c.s = s;
	c.env = env;
	c.fy = env->fiscal_year != 0 ? env->fiscal_year :
	    clock_fiscal_year(env->as_of);
	v = rule_eval_node(r, &c, &fact);
	free(fact);
	*targeted = v == RULE_YES && rule_targets(r, &c);
	return v;
}

/*
 * catalog.c: reads a fiscal year's training catalogue (docs/catalog.md)
 * and writes it to the database.
 *
 * Reading validates the whole file and collects every error, naming the
 * course and the field; catalog_apply refuses a catalogue with errors and
 * writes a clean one in one transaction, so a bad file changes nothing.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "lib.h"
#include "state.h"

#define CAT_CODE_MAX	16

const char *const catalog_categories[] = { "rank", "practical", "policy",
    "dispatch", "special", NULL };
static const char *const cat_groups[] = { "staff", "senior", "unit_chief",
    "manager", "sanitation", NULL };
static const char *const cat_formats[] = { "classroom", "elearning",
    "blended", "handout", "dispatch", NULL };
const char *const catalog_skills[] = { "ethics", "communication",
    "knowledge", "craft", "planning", "judgement", "execution", "explaining",
    "coordination", "cooperation", "problem_solving", "people_development",
    "vision", "operations", NULL };
static const char *const cat_window_kinds[] = { "approximate", "period",
    "tba", "year_round", "handout", NULL };

/* State while reading one file. */
struct cat_read {
	struct catalog	*cat;
	struct buf	 errors;
	const char	*code;		/* course being read, for messages */
	char		 cls[64];	/* class being read, or "" */
	time_t		 fy_start;
	time_t		 fy_end;
};

static void
cat_error(struct cat_read *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cat_error(struct cat_read *r, const char *field, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r->errors.len > 0)
		buf_addstr(&r->errors, "\n");
	if (r->code != NULL)
		buf_printf(&r->errors, "course %s: ", r->code);
	if (r->cls[0] != '\0')
		buf_printf(&r->errors, "%s: ", r->cls);
	buf_printf(&r->errors, "%s: %s", field, msg);
	free(msg);
	r->cat->nerrors++;
}

static bool
cat_in(const char *const *set, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && set[i] != NULL; i++) {
		if (strcmp(set[i], s) == 0)
			return true;
	}
	return false;
}

/* A string field: required (error if missing) or optional (NULL). */
static char *
cat_string(struct cat_read *r, json_t *o, const char *field, bool required)
{
	json_t	*v = json_object_get(o, field);

	if (v == NULL || json_is_null(v)) {
		if (required)
			cat_error(r, field, "is required");
		return NULL;
	}
	if (!json_is_string(v) || (required &&
	    json_string_length(v) == 0)) {
		cat_error(r, field, "must be a non-empty string");
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static char *
cat_choice(struct cat_read *r, json_t *o, const char *field,
    const char *const *set, bool required)
{
	char	*s = cat_string(r, o, field, required);

	if (s != NULL && !cat_in(set, s)) {
		cat_error(r, field, "unknown value \"%s\"", s);
		free(s);
		return NULL;
	}
	return s;
}

static bool
cat_bool(struct cat_read *r, json_t *o, const char *field)
{
	json_t	*v = json_object_get(o, field);

	if (v == NULL)
		return false;
	if (!json_is_boolean(v))
		cat_error(r, field, "must be true or false");
	return json_is_true(v);
}

/* Whether s is written YYYY-MM-DD, whatever the numbers, so that a
 * well-written impossible date ("2024-02-30") gets its own message. */
static bool
cat_date_shaped(const char *s)
{
	int	i;

	if (strlen(s) != 10)
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

/* Local midnight of a YYYY-MM-DD date inside the fiscal year. */
static int
cat_date(struct cat_read *r, const char *field, const char *s, time_t *t)
{
	int	y, m, d;

	if (s == NULL || !cat_date_shaped(s)) {
		cat_error(r, field, "\"%s\" is not a date written YYYY-MM-DD",
		    s != NULL ? s : "");
		return -1;
	}
	if (clock_parse_date(s, &y, &m, &d) != 0) {
		cat_error(r, field, "%s is not a real date", s);
		return -1;
	}
	*t = clock_from_local(y, m, d, 0, 0);
	if (*t < r->fy_start || *t >= r->fy_end) {
		cat_error(r, field, "%s is outside fiscal year %d", s,
		    r->cat->fiscal_year);
		return -1;
	}
	return 0;
}

/* "HH:MM" or null.  OUT: *min, minutes after midnight (-1 for null). */
static int
cat_time(struct cat_read *r, const char *field, json_t *v, int *min)
{
	const char	*s = json_string_value(v);

	*min = -1;
	if (v == NULL || json_is_null(v))
		return 0;
	if (s == NULL || clock_parse_hhmm(s, min) != 0) {
		cat_error(r, field, "must be HH:MM or null");
		return -1;
	}
	return 0;
}

static int
cat_session(struct cat_read *r, json_t *o, struct cat_session *s)
{
	time_t	day;
	int	start, end;

	if (cat_date(r, "sessions.date", json_string_value(json_object_get(o,
	    "date")), &day) != 0 || cat_time(r, "sessions.start",
	    json_object_get(o, "start"), &start) != 0 || cat_time(r,
	    "sessions.end", json_object_get(o, "end"), &end) != 0)
		return -1;
	if ((start < 0) != (end < 0) || (start >= 0 && end <= start)) {
		cat_error(r, "sessions", "start and end must both be given, "
		    "start before end");
		return -1;
	}
	s->times_known = start >= 0;
	if (!s->times_known) {	/* unknown times count as a working day */
		start = 9 * 60;
		end = 17 * 60;
	}
	s->starts_at = day + start * 60;
	s->ends_at = day + end * 60;
	s->location = cat_string(r, o, "location", false);
	return 0;
}

static int
cat_capacity(struct cat_read *r, json_t *o)
{
	json_t	*v = json_object_get(o, "capacity");

	if (v == NULL || json_is_null(v))
		return -1;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 100000) {
		cat_error(r, "capacity", "must be a positive whole number or "
		    "null");
		return -1;
	}
	return (int)json_integer_value(v);
}

static void
cat_class(struct cat_read *r, json_t *o, struct cat_class *c)
{
	json_t	*sessions = json_object_get(o, "sessions"), *s;
	size_t	 i;

	c->key = cat_string(r, o, "id", true);
	c->capacity = cat_capacity(r, o);
	c->location = cat_string(r, o, "location", false);
	if (!json_is_array(sessions) || json_array_size(sessions) == 0) {
		cat_error(r, "classes.sessions", "needs at least one session");
		return;
	}
	c->sessions = xcalloc(json_array_size(sessions), sizeof *c->sessions);
	json_array_foreach(sessions, i, s) {
		if (cat_session(r, s, &c->sessions[c->nsessions]) != 0)
			continue;
		if (c->nsessions > 0 && c->sessions[c->nsessions].starts_at <=
		    c->sessions[c->nsessions - 1].starts_at)
			cat_error(r, "classes.sessions", "must be in order");
		c->nsessions++;
	}
}

/*
 * Names the class being read in later messages: by its id, or by its
 * position when the id is missing, so that a missing id is never compared.
 */
static void
cat_class_name(struct cat_read *r, json_t *o, size_t index)
{
	const char	*key = json_string_value(json_object_get(o, "id"));

	if (key != NULL && *key != '\0')
		snprintf(r->cls, sizeof r->cls, "class %.40s", key);
	else
		snprintf(r->cls, sizeof r->cls, "class #%zu (no id)",
		    index + 1);
}

/* Reports the earlier class of c whose key equals that of the last one. */
static void
cat_class_dup(struct cat_read *r, const struct cat_course *c)
{
	const char	*key = c->classes[c->nclasses].key;
	size_t		 j;

	if (key == NULL)
		return;
	for (j = 0; j < c->nclasses; j++) {
		if (c->classes[j].key != NULL &&
		    strcmp(c->classes[j].key, key) == 0)
			cat_error(r, "id", "\"%s\" appears twice (classes #%zu "
			    "and #%zu)", key, j + 1, c->nclasses + 1);
	}
}

static void
cat_classes(struct cat_read *r, json_t *o, struct cat_course *c)
{
	json_t	*classes = json_object_get(o, "classes"), *v;
	size_t	 i;

	if (classes == NULL)
		return;
	if (!json_is_array(classes)) {
		cat_error(r, "classes", "must be an array");
		return;
	}
	c->classes = xcalloc(json_array_size(classes) + 1, sizeof *c->classes);
	json_array_foreach(classes, i, v) {
		cat_class_name(r, v, i);
		cat_class(r, v, &c->classes[c->nclasses]);
		cat_class_dup(r, c);
		c->nclasses++;
	}
	r->cls[0] = '\0';
}

static void
cat_window(struct cat_read *r, json_t *o, struct cat_course *c)
{
	json_t	*w = json_object_get(o, "window");
	time_t	 to;

	if (w == NULL || json_is_null(w))
		return;
	if (!json_is_object(w)) {
		cat_error(r, "window", "must be an object or null");
		return;
	}
	c->window_label = cat_string(r, w, "label", true);
	c->window_kind = cat_choice(r, w, "kind", cat_window_kinds, true);
	if (cat_date(r, "window.from", json_string_value(json_object_get(w,
	    "from")), &c->window_from) != 0 || cat_date(r, "window.to",
	    json_string_value(json_object_get(w, "to")), &to) != 0) {
		c->window_from = 0;
		return;
	}
	/* The window ends at the end of its last day. */
	c->window_to = to + 24 * 3600;
	if (c->window_to <= c->window_from)
		cat_error(r, "window", "\"to\" is before \"from\"");
}

/* Joins the skills array into "ethics knowledge"; checks each name. */
static char *
cat_skills_of(struct cat_read *r, json_t *o)
{
	json_t		*a = json_object_get(o, "skills"), *v;
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	if (!json_is_array(a)) {
		cat_error(r, "skills", "must be an array");
		return buf_steal(&b);
	}
	json_array_foreach(a, i, v) {
		if (!cat_in(catalog_skills, json_string_value(v))) {
			cat_error(r, "skills", "unknown skill \"%s\"",
			    json_is_string(v) ? json_string_value(v) : "?");
			continue;
		}
		buf_printf(&b, "%s%s", b.len > 0 ? " " : "",
		    json_string_value(v));
	}
	return buf_steal(&b);
}

static double
cat_days(struct cat_read *r, json_t *o)
{
	json_t	*v = json_object_get(o, "days");

	if (v == NULL || json_is_null(v))
		return -1;
	if (!json_is_number(v) || json_number_value(v) <= 0 ||
	    json_number_value(v) > 366) {
		cat_error(r, "days", "must be a positive number or null");
		return -1;
	}
	return json_number_value(v);
}

static void
cat_code(struct cat_read *r, struct cat_course *c, size_t index)
{
	const char	*p;

	if (c->code == NULL)
		return;
	for (p = c->code; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-')
			break;
	}
	if (*p != '\0' || strlen(c->code) > CAT_CODE_MAX)
		cat_error(r, "code", "use letters, digits and '-', at most %d",
		    CAT_CODE_MAX);
	while (index-- > 0) {
		if (r->cat->courses[index].code != NULL &&
		    strcasecmp(r->cat->courses[index].code, c->code) == 0)
			cat_error(r, "code", "used by another course too "
			    "(course #%zu, \"%s\")", index + 1,
			    r->cat->courses[index].title != NULL ?
			    r->cat->courses[index].title : "?");
	}
}

static void
cat_rule(struct cat_read *r, json_t *o, struct cat_course *c)
{
	json_t		*rule = json_object_get(o, "target_rule");
	struct rule	*parsed;
	char		*why = NULL;

	if (!json_is_object(rule) || json_object_size(rule) != 1) {
		cat_error(r, "target_rule", "must be an object with one key");
		return;
	}
	c->target_rule = json_dumps(rule, JSON_COMPACT | JSON_SORT_KEYS);
	/* The rule language is checked whole here, not when first used. */
	if ((parsed = rule_parse(c->target_rule, &why)) == NULL) {
		cat_error(r, "target_rule", "%s", why);
		free(why);
	}
	rule_free(parsed);
}

/*
 * mandatory_for: the part of the target for whom the course is 必修 (S-07
 * is for managers and open to 係長級, 必修 for managers only).  A course
 * decided by selection is neither 必修 nor 指名: the plan never says so.
 */
static void
cat_mandatory_rule(struct cat_read *r, json_t *o, struct cat_course *c)
{
	json_t		*rule = json_object_get(o, "mandatory_for");
	struct rule	*parsed = NULL;
	char		*why = NULL;

	if (c->target_rule != NULL &&
	    (parsed = rule_parse(c->target_rule, &why)) != NULL &&
	    rule_needs_selection(parsed) && (c->mandatory || c->designated))
		cat_error(r, "mandatory", "a course decided by selection is "
		    "neither mandatory nor designated");
	rule_free(parsed);
	free(why);	/* cat_rule reported it */
	why = NULL;
	if (rule == NULL || json_is_null(rule))
		return;
	if (!c->mandatory)
		cat_error(r, "mandatory_for", "needs \"mandatory\": true");
	if (!json_is_object(rule) || json_object_size(rule) != 1) {
		cat_error(r, "mandatory_for", "must be an object with one key");
		return;
	}
	c->mandatory_rule = json_dumps(rule, JSON_COMPACT | JSON_SORT_KEYS);
	if ((parsed = rule_parse(c->mandatory_rule, &why)) == NULL) {
		cat_error(r, "mandatory_for", "%s", why);
		free(why);
	}
	rule_free(parsed);
}

static void
cat_course(struct cat_read *r, json_t *o, size_t index)
{
	struct cat_course	*c = &r->cat->courses[index];

	r->code = json_string_value(json_object_get(o, "code"));
	if (r->code == NULL) {
		r->code = "?";
		cat_error(r, "code", "is required");
	}
	c->code = cat_string(r, o, "code", true);
	cat_code(r, c, index);
	c->category = cat_choice(r, o, "category", catalog_categories, true);
	c->group = cat_choice(r, o, "group", cat_groups, false);
	c->title = cat_string(r, o, "title", true);
	c->tokken = cat_bool(r, o, "tokken");
	c->target_text = cat_string(r, o, "target_text", true);
	cat_rule(r, o, c);
	c->summary = cat_string(r, o, "summary", false);
	c->timing_text = cat_string(r, o, "timing_text", false);
	c->days_text = cat_string(r, o, "days_text", false);
	c->days = cat_days(r, o);
	c->format = cat_choice(r, o, "format", cat_formats, true);
	c->skills = cat_skills_of(r, o);
	c->mandatory = cat_bool(r, o, "mandatory");
	c->designated = cat_bool(r, o, "designated");
	cat_mandatory_rule(r, o, c);
	c->notes = cat_string(r, o, "notes", false);
	c->details = cat_string(r, o, "details", false);
	cat_classes(r, o, c);
	cat_window(r, o, c);
	if (c->nclasses == 0 && c->window_from == 0)
		cat_error(r, "classes", "a course needs classes or a window");
	r->code = NULL;
}

static int	cat_read_root(json_t *, const json_error_t *, const char *,
		    struct catalog *);

/*
 * Reads and validates the catalogue at path into cat (initialised here).
 * Returns 0 when the file is clean, -1 otherwise, with every problem in
 * cat->errors.  Clear cat with catalog_clear either way.
 */
int
catalog_read(const char *path, struct catalog *cat)
{
	json_error_t	 jerr;

	return cat_read_root(json_load_file(path, 0, &jerr), &jerr, path, cat);
}

/*
 * catalog_read over the len bytes at data, named path in the errors: the
 * same checks without a file (the fuzz target's way in).
 */
int
catalog_read_mem(const char *path, const char *data, size_t len,
    struct catalog *cat)
{
	json_error_t	 jerr;

	return cat_read_root(json_loadb(data, len, 0, &jerr), &jerr, path,
	    cat);
}

/* Checks root (stolen; NULL: jerr says why not) into cat (catalog_read). */
static int
cat_read_root(json_t *root, const json_error_t *jerr, const char *path,
    struct catalog *cat)
{
	struct cat_read	 r;
	json_t		*courses, *v;
	size_t		 i;

	memset(cat, 0, sizeof *cat);
	memset(&r, 0, sizeof r);
	r.cat = cat;
	buf_init(&r.errors, 0);
	if (root == NULL) {
		cat_error(&r, path, "%s (line %d)", jerr->text, jerr->line);
		goto out;
	}
	v = json_object_get(root, "fiscal_year");
	if (!json_is_integer(v) || json_integer_value(v) < 2000 ||
	    json_integer_value(v) > 2999) {
		cat_error(&r, "fiscal_year", "must be a year such as 2024");
		goto out;
	}
	cat->fiscal_year = (int)json_integer_value(v);
	clock_fiscal_bounds(cat->fiscal_year, &r.fy_start, &r.fy_end);
	cat->title = cat_string(&r, root, "title", false);
	courses = json_object_get(root, "courses");
	if (!json_is_array(courses) || json_array_size(courses) == 0) {
		cat_error(&r, "courses", "must be a non-empty array");
		goto out;
	}
	cat->courses = xcalloc(json_array_size(courses), sizeof *cat->courses);
	json_array_foreach(courses, i, v) {
		cat_course(&r, v, i);
		cat->ncourses = i + 1;
	}
out:
	json_decref(root);
	cat->errors = r.errors.len > 0 ? buf_steal(&r.errors) : NULL;
	buf_free(&r.errors);
	return cat->nerrors == 0 ? 0 : -1;
}

/* Writes one course with its classes and sessions. */
static int
cat_apply_course(struct db *db, int fy, const struct cat_course *c,
    int *added, int *updated, int *kept)
{
	int64_t	course_id, class_id;
	size_t	i;
	bool	moved;
	int	rc;

	rc = q_course_upsert(db, fy, c, &course_id);
	if (rc < 0)
		return -1;
	if (rc == 1)
		(*added)++;
	else
		(*updated)++;
	for (i = 0; i < c->nclasses; i++) {
		if (q_class_upsert(db, course_id, &c->classes[i],
		    &class_id, &moved) != 0)
			return -1;
		if (moved)
			(*kept)++;
	}
	return 0;
}

/*
 * Writes a clean catalogue in one transaction: courses are matched by
 * fiscal year and code, classes by course and id, so a corrected file can
 * be imported again.  Enrolments are kept, and so are an operator's moves
 * and cancellations of classes (the file knows neither).  OUT: *added,
 * *updated courses; *kept, moved classes whose dates were kept.  Returns
 * 0, or -1 (nothing written).
 */
int
catalog_apply_kept(struct db *db, const struct catalog *cat, int *added,
    int *updated, int *kept)
{
	char	*detail;
	size_t	 i;

	*added = *updated = *kept = 0;
	if (cat->nerrors > 0 || db_begin(db) != 0)
		return -1;
	for (i = 0; i < cat->ncourses; i++) {
		if (cat_apply_course(db, cat->fiscal_year, &cat->courses[i],
		    added, updated, kept) != 0)
			goto fail;
	}
	xasprintf(&detail, "FY%d: added %d, updated %d, kept %d moved "
	    "classes", cat->fiscal_year, *added, *updated, *kept);
	i = q_audit(db, "yellctl", "catalog.import", detail, clock_now());
	free(detail);
	if (i != 0 || db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	*added = *updated = *kept = 0;
	return -1;
}

/* catalog_apply_kept, for callers that need not know about moves. */
int
catalog_apply(struct db *db, const struct catalog *cat, int *added,
    int *updated)
{
	int	kept;

	return catalog_apply_kept(db, cat, added, updated, &kept);
}

static void
cat_course_clear(struct cat_course *c)
{
	size_t	i, j;

	for (i = 0; i < c->nclasses; i++) {
		for (j = 0; j < c->classes[i].nsessions; j++)
			free(c->classes[i].sessions[j].location);
		free(c->classes[i].sessions);
		free(c->classes[i].key);
		free(c->classes[i].location);
	}
	free(c->classes);
	free(c->code);
	free(c->category);
	free(c->group);
	free(c->title);
	free(c->target_text);
	free(c->target_rule);
	free(c->summary);
	free(c->timing_text);
	free(c->days_text);
	free(c->format);
	free(c->skills);
	free(c->window_label);
	free(c->window_kind);
	free(c->notes);
	free(c->details);
	free(c->mandatory_rule);
}

void
catalog_clear(struct catalog *cat)
{
	size_t	i;

	for (i = 0; i < cat->ncourses; i++)
		cat_course_clear(&cat->courses[i]);
	free(cat->courses);
	free(cat->title);
	free(cat->errors);
	memset(cat, 0, sizeof *cat);
}

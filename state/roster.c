/*
 * roster.c: the roster CSV that HR exports, checked whole before anything
 * changes.
 *
 * roster_read turns the file into staff records and a list of every problem
 * in it, "file:line: reason", so that an operator fixes the file in one
 * round; roster_apply writes a clean roster in one transaction.  Nothing
 * here writes while reading, and nothing is written when a row is wrong.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib.h"
#include "state.h"

#define ROSTER_ID_MAX	32

/* The columns, in the order of the staff table; names are exact. */
enum roster_col {
	RC_EMPLOYEE_ID, RC_NAME, RC_NAME_KANA, RC_EMAIL, RC_DEPARTMENT,
	RC_SECTION, RC_JOB_FAMILY, RC_JOB_LEVEL, RC_LEVEL_SINCE, RC_HIRE_DATE,
	RC_HIRE_TYPE, RC_EXAM_CATEGORY, RC_BIRTH_DATE, RC_MANAGER_ID, RC_ROLES,
	RC_PASSED_EXAM, RC_ELIGIBLE_EXAM, RC_DUTIES,
	RC_COUNT
};

static const struct {
	const char	*name;
	size_t		 offset;
} roster_columns[RC_COUNT] = {
	{ "employee_id", offsetof(struct staff, employee_id) },
	{ "name", offsetof(struct staff, name) },
	{ "name_kana", offsetof(struct staff, name_kana) },
	{ "email", offsetof(struct staff, email) },
	{ "department", offsetof(struct staff, department) },
	{ "section", offsetof(struct staff, section) },
	{ "job_family", offsetof(struct staff, job_family) },
	{ "job_level", offsetof(struct staff, job_level) },
	{ "level_since", offsetof(struct staff, level_since) },
	{ "hire_date", offsetof(struct staff, hire_date) },
	{ "hire_type", offsetof(struct staff, hire_type) },
	{ "exam_category", offsetof(struct staff, exam_category) },
	{ "birth_date", offsetof(struct staff, birth_date) },
	{ "manager_id", offsetof(struct staff, manager_id) },
	{ "roles", offsetof(struct staff, roles) },
	{ "passed_exam", offsetof(struct staff, passed_exam) },
	{ "eligible_exam", offsetof(struct staff, eligible_exam) },
	{ "duties", offsetof(struct staff, duties) },
};
#define ROSTER_FIELD(s, c) \
	((char **)((char *)(s) + roster_columns[(c)].offset))

/*
 * The words a roster may use for a coded value, as the action plan writes
 * them.  The code name itself is always accepted too.  Matching is on the
 * NFKC form with ASCII lower-cased, so full-width input from a Japanese
 * spreadsheet and "Ⅰ類" (a Roman numeral) match as well.
 */
static const struct staff_word roster_hire_types[] = {
	{ "新規採用", "new" },
	{ "経験者採用", "experienced" },
	{ "臨時的任用", "temporary" },
	{ "都・区間交流", "exchange" },
	{ NULL, NULL }
};

static const struct staff_word roster_exams[] = {
	{ "Ⅰ類", "I" },
	{ "Ⅱ類", "II" },
	{ "Ⅲ類", "III" },
	{ "1", "I" },
	{ "2", "II" },
	{ "3", "III" },
	{ NULL, NULL }
};

/* A coded column: its words and what the error message says is expected. */
static const struct {
	enum roster_col			 col;
	const struct staff_word	*words;
	const char			*expected;
} roster_enums[] = {
	{ RC_JOB_FAMILY, staff_family_words, "admin, welfare, engineering, "
	    "medical, skilled, operational, or 事務系, 福祉系, 技術系, "
	    "一般技術系, 医療技術系, 技能系, 業務系" },
	{ RC_JOB_LEVEL, staff_level_words, "部長級, 課長級, 課長補佐級, 係長級, "
	    "主任, 主事, 統括技能長, 技能長, 技能主任, 係員, or a code name "
	    "such as section_chief" },
	{ RC_HIRE_TYPE, roster_hire_types, "new, experienced, temporary, "
	    "exchange, or 新規採用, 経験者採用, 臨時的任用, 都・区間交流" },
	{ RC_EXAM_CATEGORY, roster_exams, "I, II, III, or Ⅰ類, Ⅱ類, Ⅲ類, "
	    "1, 2, 3" },
};

/*
 * The promotion exams, as the plan names them.  The fact columns also take
 * these words followed by 合格(者) or (の)対象(者) (主任昇任選考合格), so
 * that a column can be filled with the plan's own wording.
 */
static const struct staff_word roster_promotion_exams[] = {
	{ "主任", "senior" },
	{ "主任昇任選考", "senior" },
	{ "係長", "unit_chief" },
	{ "係長昇任選考", "unit_chief" },
	{ "係長職昇任選考", "unit_chief" },
	{ "管理職", "manager" },
	{ "管理職選考", "manager" },
	{ "管理職昇任選考", "manager" },
	{ "技能主任", "senior_technician" },
	{ "技能主任昇任選考", "senior_technician" },
	{ "技能長", "foreman" },
	{ "技能長昇任選考", "foreman" },
	{ NULL, NULL }
};

static const struct staff_word roster_duties[] = {
	{ "第一次評価者", "first_evaluator" },
	{ "新たに第一次評価者", "first_evaluator" },
	{ "課務担当係長", "new_unit_chief_duty" },
	{ "新たに課務担当係長", "new_unit_chief_duty" },
	{ "育成担当者", "ojt_trainer" },
	{ "新規採用職員の育成担当者", "ojt_trainer" },
	{ "OJT指導者", "ojt_trainer" },
	{ "清掃事業主管部署に異動", "sanitation_transfer" },
	{ "清掃異動", "sanitation_transfer" },
	{ NULL, NULL }
};

static const char *const roster_exam_codes[] = { "senior", "unit_chief",
    "manager", "senior_technician", "foreman", NULL };
static const char *const roster_duty_codes[] = { "first_evaluator",
    "new_unit_chief_duty", "ojt_trainer", "sanitation_transfer", NULL };
#define ROSTER_FACT_CODES_MAX	8	/* codes per fact column, with room */
_Static_assert(sizeof roster_exam_codes / sizeof roster_exam_codes[0] <=
    ROSTER_FACT_CODES_MAX, "too many exam codes");
_Static_assert(sizeof roster_duty_codes / sizeof roster_duty_codes[0] <=
    ROSTER_FACT_CODES_MAX, "too many duty codes");

/*
 * A fact column: a ';'-list of codes, stored in the order of codes.  Unlike
 * the other columns, an empty cell in a column the file has is stored as
 * "" ("none"), not NULL ("not known"): rules tell the two apart.
 */
static const struct {
	enum roster_col			 col;
	const struct staff_word	*words;
	const char *const		*codes;
	const char			*expected;
} roster_facts[] = {
	{ RC_PASSED_EXAM, roster_promotion_exams, roster_exam_codes,
	    "senior, unit_chief, manager, senior_technician, foreman, or "
	    "主任昇任選考合格, 係長昇任選考合格, 管理職選考合格, "
	    "技能主任昇任選考合格, 技能長昇任選考合格" },
	{ RC_ELIGIBLE_EXAM, roster_promotion_exams, roster_exam_codes,
	    "senior, unit_chief, manager, senior_technician, foreman, or "
	    "主任昇任選考, 係長昇任選考, 管理職選考, 技能主任昇任選考, "
	    "技能長昇任選考" },
	{ RC_DUTIES, roster_duties, roster_duty_codes, "first_evaluator, "
	    "new_unit_chief_duty, ojt_trainer, sanitation_transfer, or "
	    "第一次評価者, 課務担当係長, 育成担当者, 清掃事業主管部署に異動" },
};

static const enum roster_col roster_dates[] = {
	RC_LEVEL_SINCE, RC_HIRE_DATE, RC_BIRTH_DATE
};

struct roster_row {
	int		 line;
	bool		 ok;		/* no error on this row */
	bool		 dup;		/* a later row with an id seen before */
	struct staff	 s;		/* employee_id: NULL if malformed */
};

struct roster_err {
	int	 line;
	size_t	 seq;		/* keeps messages of one line in order */
	char	*msg;
};

/* One person in the manager graph: from the file, or the database only. */
struct roster_node {
	const char		*id;
	const char		*manager;	/* NULL: none, or itself */
	int			 line;		/* 0: in the database only */
	struct roster_row	*row;		/* NULL: in the database only */
	size_t			 walk;		/* the walk that reached it */
};

struct roster_ctx {
	struct db		*db;
	const char		*path;
	const struct roster_map	*map;		/* header names; may be NULL */
	int			 col[RC_COUNT];	/* field index, or -1 */
	size_t			 nfields;	/* in the header */
	struct roster_row	*rows;
	size_t			 nrows, caprows;
	struct roster_err	*errs;
	size_t			 nerrs, caperrs;
};

static void
roster_error(struct roster_ctx *, int, struct roster_row *, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Records a problem on a line and marks the row (if any) as not importable.
 * The message quotes what the file says, so it is made safe to print on a
 * terminal first.
 */
static void
roster_error(struct roster_ctx *ctx, int line, struct roster_row *r,
    const char *fmt, ...)
{
	struct roster_err	*e;
	va_list			 ap;
	char			*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (ctx->nerrs == ctx->caperrs) {
		ctx->caperrs = ctx->caperrs == 0 ? 16 : ctx->caperrs * 2;
		ctx->errs = xrealloc(ctx->errs, ctx->caperrs *
		    sizeof *ctx->errs);
	}
	e = &ctx->errs[ctx->nerrs];
	e->line = line;
	e->seq = ctx->nerrs++;
	e->msg = text_printable(msg);
	free(msg);
	if (r != NULL)
		r->ok = false;
}

/* Returns the code for value in words, or NULL (static strings). */
static const char *
roster_lookup(const struct staff_word *words, const char *value)
{
	const char	*code = NULL;
	char		*v, *w, *c;
	size_t		 i;

	v = text_norm_token(value);
	for (i = 0; words[i].written != NULL && code == NULL; i++) {
		w = text_norm_token(words[i].written);
		c = text_norm_token(words[i].code);
		if (strcmp(v, w) == 0 || strcmp(v, c) == 0)
			code = words[i].code;
		free(w);
		free(c);
	}
	free(v);
	return code;
}

/*
 * Returns the code name of a job level written as the action plan writes it
 * (課長級) or as a code name (section_chief), or NULL if it is neither.  The
 * result is a static string.  Note that 係員 is the technical and
 * operational line's level (technician); 主事 is staff.
 */
const char *
roster_level_code(const char *written)
{
	return roster_lookup(staff_level_words, written);
}

/* The levels of the 技能系・業務系 ladder (GLOSSARY.md). */
static bool
roster_skilled_level(const char *code)
{
	return strcmp(code, "chief_foreman") == 0 ||
	    strcmp(code, "foreman") == 0 ||
	    strcmp(code, "senior_technician") == 0 ||
	    strcmp(code, "technician") == 0;
}

static bool
roster_skilled_family(const char *code)
{
	return strcmp(code, "skilled") == 0 || strcmp(code, "operational") == 0;
}

static int
roster_id_valid(const char *id)
{
	const char	*p;

	if (strlen(id) > ROSTER_ID_MAX)
		return 0;
	for (p = id; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	}
	return 1;
}

/* Checks employee_id and name; clears a malformed id. */
static void
roster_check_id(struct roster_ctx *ctx, struct roster_row *r)
{
	struct staff	*s = &r->s;

	if (s->employee_id == NULL)
		roster_error(ctx, r->line, r, "employee_id is required");
	else if (!roster_id_valid(s->employee_id)) {
		roster_error(ctx, r->line, r, "employee_id \"%s\" must be at "
		    "most %d ASCII letters, digits, '-' or '_'",
		    s->employee_id, ROSTER_ID_MAX);
		free(s->employee_id);
		s->employee_id = NULL;
	}
	if (s->name == NULL)
		roster_error(ctx, r->line, r, "name is required");
	if (s->manager_id != NULL && s->employee_id != NULL &&
	    strcmp(s->manager_id, s->employee_id) == 0) {
		roster_error(ctx, r->line, r, "manager_id is the person's "
		    "own employee_id");
	}
}

static void
roster_check_email(struct roster_ctx *ctx, struct roster_row *r)
{
	const char	*e = r->s.email, *at, *p;

	if (e == NULL)
		return;
	at = strchr(e, '@');
	for (p = e; *p != '\0'; p++) {
		if (text_space_len(p) != 0)
			break;
	}
	if (at == NULL || at == e || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || *p != '\0') {
		roster_error(ctx, r->line, r, "email \"%s\" must be one "
		    "address: one '@', no spaces", e);
	}
}

/* Replaces each coded value by its code name, and checks level/family. */
static void
roster_check_codes(struct roster_ctx *ctx, struct roster_row *r)
{
	const char	*code, *level, *family;
	char		**v;
	size_t		 i;

	for (i = 0; i < sizeof roster_enums / sizeof roster_enums[0]; i++) {
		v = ROSTER_FIELD(&r->s, roster_enums[i].col);
		if (*v == NULL)
			continue;
		code = roster_lookup(roster_enums[i].words, *v);
		if (code == NULL) {
			roster_error(ctx, r->line, r, "unknown %s \"%s\" "
			    "(expected %s)",
			    roster_columns[roster_enums[i].col].name, *v,
			    roster_enums[i].expected);
			free(*v);
			*v = NULL;
			continue;
		}
		free(*v);
		*v = xstrdup(code);
	}
	level = r->s.job_level;
	family = r->s.job_family;
	if (level == NULL || family == NULL)
		return;
	if (roster_skilled_level(level) && !roster_skilled_family(family)) {
		roster_error(ctx, r->line, r, "job_level %s is on the skilled "
		    "and operational ladder, but job_family is %s%s", level,
		    family, strcmp(level, "technician") == 0 ? " (係員 means "
		    "technician; use 主事 for staff of the other families)" :
		    "");
	} else if (!roster_skilled_level(level) &&
	    roster_skilled_family(family)) {
		roster_error(ctx, r->line, r, "job_level %s is not on the "
		    "skilled and operational ladder of job_family %s (use "
		    "統括技能長, 技能長, 技能主任 or 係員)", level, family);
	}
}

/* Dates must be real calendar dates, written YYYY-MM-DD. */
static void
roster_check_dates(struct roster_ctx *ctx, struct roster_row *r)
{
	const char	*name;
	char		**v, *norm;
	size_t		 i;
	int		 y, m, d;

	for (i = 0; i < sizeof roster_dates / sizeof roster_dates[0]; i++) {
		v = ROSTER_FIELD(&r->s, roster_dates[i]);
		name = roster_columns[roster_dates[i]].name;
		if (*v == NULL)
			continue;
		/* NFKC, for full-width digits typed in a spreadsheet. */
		norm = text_norm_token(*v);
		if (strlen(norm) == 10 && norm[4] == '-' && norm[7] == '-' &&
		    strspn(norm, "0123456789-") == 10) {
			if (clock_parse_date(norm, &y, &m, &d) == 0) {
				free(*v);
				*v = norm;
				continue;
			}
			roster_error(ctx, r->line, r, "%s \"%s\" is not a "
			    "real date", name, *v);
		} else {
			/* Spreadsheets like to rewrite dates as 2024/4/1. */
			roster_error(ctx, r->line, r, "%s \"%s\" is not a "
			    "date written YYYY-MM-DD", name, *v);
		}
		free(norm);
	}
}

/* Roles are a ';'-list of hr and admin, stored as "hr;admin" in order. */
static void
roster_check_roles(struct roster_ctx *ctx, struct roster_row *r)
{
	char	*norm, *p, *word, *item;
	bool	 hr = false, admin = false;

	if (r->s.roles == NULL)
		return;
	norm = text_norm_token(r->s.roles);
	for (p = norm; p != NULL; ) {
		word = p;
		p = strchr(p, ';');
		if (p != NULL)
			*p++ = '\0';
		item = text_trim(word);
		if (strcmp(item, "hr") == 0)
			hr = true;
		else if (strcmp(item, "admin") == 0)
			admin = true;
		else if (*item != '\0') {
			roster_error(ctx, r->line, r, "unknown role \"%s\" "
			    "(expected hr or admin, separated by ';')", item);
		}
		free(item);
	}
	free(norm);
	free(r->s.roles);
	r->s.roles = NULL;
	if (hr || admin) {
		xasprintf(&r->s.roles, "%s%s%s", hr ? "hr" : "",
		    hr && admin ? ";" : "", admin ? "admin" : "");
	}
}

/* Finds the code of one fact word, also followed by the plan's suffixes. */
static const char *
roster_fact_lookup(const struct staff_word *words, const char *item)
{
	static const char *const suffixes[] = { "合格者", "合格", "の対象者",
	    "の対象", "対象者", "対象" };
	const char	*code;
	char		*stem;
	size_t		 i, len, slen;

	code = roster_lookup(words, item);
	len = strlen(item);
	for (i = 0; code == NULL && i < sizeof suffixes / sizeof suffixes[0];
	    i++) {
		slen = strlen(suffixes[i]);
		if (len <= slen || strcmp(item + len - slen, suffixes[i]) != 0)
			continue;
		stem = xstrndup(item, len - slen);
		code = roster_lookup(words, stem);
		free(stem);
	}
	return code;
}

/* Checks fact column roster_facts[f] of a row and rewrites it as codes. */
static void
roster_check_fact(struct roster_ctx *ctx, struct roster_row *r, size_t f)
{
	const char *const	*codes = roster_facts[f].codes;
	const char		*code;
	char			**v, *norm, *p, *word, *item;
	bool			 seen[ROSTER_FACT_CODES_MAX] = { false };
	struct buf		 b;
	size_t			 k;

	v = ROSTER_FIELD(&r->s, roster_facts[f].col);
	norm = text_norm_token(*v != NULL ? *v : "");
	for (p = norm; p != NULL; ) {
		word = p;
		p = strchr(p, ';');
		if (p != NULL)
			*p++ = '\0';
		item = text_trim(word);
		code = roster_fact_lookup(roster_facts[f].words, item);
		for (k = 0; code != NULL && codes[k] != NULL; k++)
			seen[k] |= strcmp(codes[k], code) == 0;
		if (code == NULL && *item != '\0') {
			roster_error(ctx, r->line, r, "unknown %s \"%s\" "
			    "(expected %s, separated by ';')",
			    roster_columns[roster_facts[f].col].name, item,
			    roster_facts[f].expected);
		}
		free(item);
	}
	free(norm);
	buf_init(&b, 0);
	for (k = 0; codes[k] != NULL; k++) {
		if (seen[k])
			buf_printf(&b, "%s%s", b.len > 0 ? ";" : "", codes[k]);
	}
	free(*v);
	*v = buf_steal(&b);
}

/*
 * The fact columns the file has are stored as their codes in a fixed
 * order, and an empty cell as "": the roster saying "none".
 */
static void
roster_check_facts(struct roster_ctx *ctx, struct roster_row *r)
{
	size_t	f;

	for (f = 0; f < sizeof roster_facts / sizeof roster_facts[0]; f++) {
		if (ctx->col[roster_facts[f].col] >= 0)
			roster_check_fact(ctx, r, f);
	}
}

/* Control characters would garble the chat and the yellctl table. */
static void
roster_check_controls(struct roster_ctx *ctx, struct roster_row *r)
{
	const unsigned char	*p;
	char			**v;
	size_t			 c;

	for (c = 0; c < RC_COUNT; c++) {
		v = ROSTER_FIELD(&r->s, c);
		if (*v == NULL)
			continue;
		for (p = (const unsigned char *)*v; *p != '\0'; p++) {
			if (*p < 0x20 || *p == 0x7f)
				break;
		}
		if (*p != '\0') {
			roster_error(ctx, r->line, r, "%s contains a line "
			    "break or control character",
			    roster_columns[c].name);
		}
	}
}

static struct roster_row *
roster_add_row(struct roster_ctx *ctx, int line)
{
	struct roster_row	*r;

	if (ctx->nrows == ctx->caprows) {
		ctx->caprows = ctx->caprows == 0 ? 64 : ctx->caprows * 2;
		ctx->rows = xrealloc(ctx->rows, ctx->caprows *
		    sizeof *ctx->rows);
	}
	r = &ctx->rows[ctx->nrows++];
	memset(r, 0, sizeof *r);
	r->line = line;
	r->ok = true;
	r->s.active = true;
	return r;
}

/*
 * Takes one data row: trims its fields into a staff record and checks
 * everything that needs only the row itself.
 */
static void
roster_row(struct roster_ctx *ctx, int line, char **fields, size_t n)
{
	struct roster_row	*r;
	char			*v[RC_COUNT] = { NULL }, *id;
	size_t			 c, empty = 0;
	int			 i;

	for (c = 0; c < RC_COUNT; c++) {
		i = ctx->col[c];
		if (i < 0 || (size_t)i >= n)
			continue;
		v[c] = text_trim(fields[i]);
		if (*v[c] == '\0') {
			free(v[c]);
			v[c] = NULL;
		}
	}
	for (c = 0; c < n; c++)
		empty += *text_skip_space(fields[c]) == '\0';
	if (empty == n) {
		/* A row of empty cells, as spreadsheets append: not a row. */
		for (c = 0; c < RC_COUNT; c++)
			free(v[c]);
		return;
	}
	r = roster_add_row(ctx, line);
	for (c = 0; c < RC_COUNT; c++)
		*ROSTER_FIELD(&r->s, c) = v[c];
	if (n != ctx->nfields) {
		roster_error(ctx, line, r, "%zu fields, but the header has %zu",
		    n, ctx->nfields);
		/*
		 * The fields may be shifted, so check nothing else; but keep a
		 * well-formed id, so that people it manages do not also get
		 * "unknown manager_id".
		 */
		id = r->s.employee_id;
		r->s.employee_id = NULL;
		staff_clear(&r->s);
		if (id != NULL && roster_id_valid(id))
			r->s.employee_id = id;
		else
			free(id);
		return;
	}
	roster_check_controls(ctx, r);
	roster_check_id(ctx, r);
	roster_check_email(ctx, r);
	roster_check_codes(ctx, r);
	roster_check_dates(ctx, r);
	roster_check_roles(ctx, r);
	roster_check_facts(ctx, r);
}

/* Returns true if name is one of the roster's column names. */
bool
roster_is_column(const char *name)
{
	size_t	c;

	for (c = 0; c < RC_COUNT; c++) {
		if (strcmp(name, roster_columns[c].name) == 0)
			return true;
	}
	return false;
}

/* Returns the column names, comma-separated (caller frees). */
char *
roster_column_list(void)
{
	struct buf	b;
	size_t		c;

	buf_init(&b, 0);
	for (c = 0; c < RC_COUNT; c++)
		buf_printf(&b, "%s%s", c > 0 ? ", " : "",
		    roster_columns[c].name);
	return buf_steal(&b);
}

/*
 * The column a header field names: the map's column for it, or the field
 * itself.  Returns NULL for a field the map says to ignore ("-"), else a
 * trimmed copy the caller frees.
 */
static char *
roster_header_name(struct roster_ctx *ctx, const char *field)
{
	const char	*target;
	char		*name;

	name = text_trim(field);
	if (ctx->map == NULL)
		return name;
	target = roster_map_target(ctx->map, name);
	if (target == NULL)
		return name;
	free(name);
	return strcmp(target, "-") == 0 ? NULL : xstrdup(target);
}

/*
 * Maps the header's names to field indexes.  Unknown and repeated names
 * are errors but do not stop the rows being checked; a missing required
 * column does (returns -1), since every row would only repeat it.
 */
static int
roster_header(struct roster_ctx *ctx, int line, char **fields, size_t n)
{
	char	*name, *list;
	size_t	 c, i;
	int	 rc = 0;

	for (c = 0; c < RC_COUNT; c++)
		ctx->col[c] = -1;
	ctx->nfields = n;
	for (i = 0; i < n; i++) {
		name = roster_header_name(ctx, fields[i]);
		if (name == NULL)
			continue;
		for (c = 0; c < RC_COUNT; c++) {
			if (strcmp(name, roster_columns[c].name) == 0)
				break;
		}
		if (*name == '\0')
			roster_error(ctx, line, NULL, "column %zu has no name",
			    i + 1);
		else if (c == RC_COUNT) {
			list = roster_column_list();
			roster_error(ctx, line, NULL, "unknown column \"%s\" "
			    "(expected %s%s)", name, list, ctx->map != NULL ?
			    ", or a header the map names" : "");
			free(list);
		} else if (ctx->col[c] >= 0) {
			roster_error(ctx, line, NULL, "column \"%s\" appears "
			    "twice (columns %d and %zu)", name,
			    ctx->col[c] + 1, i + 1);
		} else
			ctx->col[c] = (int)i;
		free(name);
	}
	for (c = 0; c <= RC_NAME; c++) {
		if (ctx->col[c] < 0) {
			roster_error(ctx, line, NULL, "required column "
			    "\"%s\" is missing", roster_columns[c].name);
			rc = -1;
		}
	}
	return rc;
}

/* csv_next says "line N: reason"; we say "file:N: reason". */
static void
roster_csv_error(struct roster_ctx *ctx, int line, const char *cause)
{
	const char	*msg = cause, *p;

	p = strstr(cause, ": ");
	if (strncmp(cause, "line ", 5) == 0 && p != NULL)
		msg = p + 2;
	roster_error(ctx, line, NULL, "%s", msg);
}

static int
roster_cmp_rowid(const void *a, const void *b)
{
	const struct roster_row	*ra = *(struct roster_row *const *)a;
	const struct roster_row	*rb = *(struct roster_row *const *)b;
	int			 c;

	c = strcasecmp(ra->s.employee_id, rb->s.employee_id);
	if (c != 0)
		return c;
	return (ra->line > rb->line) - (ra->line < rb->line);
}

/*
 * Ids must be unique in the file.  Ids differing only in case count as the
 * same, because people look each other up by id without regard to case.
 */
static void
roster_check_dups(struct roster_ctx *ctx)
{
	struct roster_row	**v, *first = NULL;
	size_t			  i, n = 0;

	v = xcalloc(ctx->nrows, sizeof *v);
	for (i = 0; i < ctx->nrows; i++) {
		if (ctx->rows[i].s.employee_id != NULL)
			v[n++] = &ctx->rows[i];
	}
	qsort(v, n, sizeof *v, roster_cmp_rowid);
	for (i = 0; i < n; i++) {
		if (first == NULL || strcasecmp(first->s.employee_id,
		    v[i]->s.employee_id) != 0) {
			first = v[i];
			continue;
		}
		v[i]->dup = true;
		if (strcmp(first->s.employee_id, v[i]->s.employee_id) == 0) {
			roster_error(ctx, v[i]->line, v[i], "duplicate "
			    "employee_id %s (first on line %d)",
			    v[i]->s.employee_id, first->line);
		} else {
			roster_error(ctx, v[i]->line, v[i], "employee_id %s "
			    "differs only in case from %s on line %d",
			    v[i]->s.employee_id, first->s.employee_id,
			    first->line);
		}
	}
	free(v);
}

static int
roster_cmp_email(const void *a, const void *b)
{
	const struct roster_row	*x = *(const struct roster_row *const *)a;
	const struct roster_row	*y = *(const struct roster_row *const *)b;
	int			 c = strcasecmp(x->s.email, y->s.email);

	return c != 0 ? c : x->line - y->line;
}

/*
 * Emails must be unique in the file too: the chat links a person by
 * email, so two rows with one address would give one chat user two
 * records.  Case does not matter in an address as people type it.
 */
static void
roster_check_dup_emails(struct roster_ctx *ctx)
{
	struct roster_row	**v;
	size_t			  i, n = 0;

	v = xcalloc(ctx->nrows + 1, sizeof *v);
	for (i = 0; i < ctx->nrows; i++) {
		if (ctx->rows[i].s.email != NULL &&
		    *ctx->rows[i].s.email != '\0')
			v[n++] = &ctx->rows[i];
	}
	qsort(v, n, sizeof *v, roster_cmp_email);
	for (i = 1; i < n; i++) {
		if (strcasecmp(v[i - 1]->s.email, v[i]->s.email) == 0)
			roster_error(ctx, v[i]->line, v[i], "duplicate email "
			    "%s (also on line %d)", v[i]->s.email,
			    v[i - 1]->line);
	}
	free(v);
}

static int
roster_cmp_node(const void *a, const void *b)
{
	return strcmp(((const struct roster_node *)a)->id,
	    ((const struct roster_node *)b)->id);
}

static struct roster_node *
roster_find(struct roster_node *nodes, size_t n, const char *id)
{
	struct roster_node	key;

	if (id == NULL || n == 0)
		return NULL;
	memset(&key, 0, sizeof key);
	key.id = id;
	return bsearch(&key, nodes, n, sizeof *nodes, roster_cmp_node);
}

/*
 * Reports the cycle through start once, on the line of its first member in
 * the file, starting the list there.  A cycle among database rows only is
 * not this file's doing and is left alone.
 */
static void
roster_report_cycle(struct roster_ctx *ctx, struct roster_node *nodes,
    size_t n, struct roster_node *start)
{
	struct roster_node	*cur, *first = NULL;
	struct buf		 b;

	cur = start;
	do {
		if (cur->line != 0 && (first == NULL ||
		    cur->line < first->line))
			first = cur;
		cur = roster_find(nodes, n, cur->manager);
	} while (cur != start);
	if (first == NULL)
		return;
	buf_init(&b, 0);
	cur = first;
	do {
		buf_printf(&b, "%s%s -> ", cur->id, cur->line == 0 ?
		    " (in the database)" : "");
		if (cur->row != NULL)
			cur->row->ok = false;
		cur = roster_find(nodes, n, cur->manager);
	} while (cur != first);
	buf_addstr(&b, first->id);
	roster_error(ctx, first->line, NULL, "manager chain forms a cycle: %s",
	    b.data);
	buf_free(&b);
}

/*
 * Each person has at most one manager, so following managers from each
 * person in the file either ends, reaches someone an earlier walk saw, or
 * comes back to someone this walk saw: a cycle.  Linear, apart from lookups.
 */
static void
roster_check_cycles(struct roster_ctx *ctx, struct roster_node *nodes,
    size_t n)
{
	struct roster_node	*cur;
	size_t			 i, walk = 0;

	for (i = 0; i < n; i++) {
		if (nodes[i].line == 0 || nodes[i].walk != 0)
			continue;
		walk++;
		cur = &nodes[i];
		while (cur != NULL && cur->walk == 0) {
			cur->walk = walk;
			cur = roster_find(nodes, n, cur->manager);
		}
		if (cur != NULL && cur->walk == walk)
			roster_report_cycle(ctx, nodes, n, cur);
	}
}

/*
 * A chain of managers longer than the line checks follow would leave the
 * people at its end out of their upper managers' reach: each row whose
 * chain is deeper than STATE_LINE_DEPTH is refused.  Rows a cycle took
 * are left to that error.
 */
static void
roster_check_depth(struct roster_ctx *ctx, struct roster_node *nodes,
    size_t n)
{
	struct roster_node	*cur;
	bool			*deep;
	size_t			 i;
	int			 depth;

	/* Found first, reported after, so one refusal hides no other. */
	deep = xcalloc(n, sizeof *deep);
	for (i = 0; i < n; i++) {
		if (nodes[i].row == NULL || !nodes[i].row->ok)
			continue;
		depth = 0;
		cur = roster_find(nodes, n, nodes[i].manager);
		while (cur != NULL && depth <= STATE_LINE_DEPTH &&
		    (cur->row == NULL || cur->row->ok)) {
			depth++;
			cur = roster_find(nodes, n, cur->manager);
		}
		deep[i] = depth > STATE_LINE_DEPTH;
	}
	for (i = 0; i < n; i++) {
		if (deep[i])
			roster_error(ctx, nodes[i].line, nodes[i].row,
			    "%s has more than %d levels of managers above; "
			    "the manager lines are followed %d levels deep",
			    nodes[i].id, STATE_LINE_DEPTH, STATE_LINE_DEPTH);
	}
	free(deep);
}

/*
 * Every manager_id must be someone in the file or already in the database,
 * and the chain of managers after the import must end.  The graph is the
 * database as it will be: the file's rows over the stored ones.
 */
static void
roster_check_managers(struct roster_ctx *ctx, const struct staff *stored,
    size_t nstored)
{
	struct roster_row	*r;
	struct roster_node	*nodes, *node;
	size_t			 i, n = 0, nfile;
	int			 e;

	nodes = xcalloc(ctx->nrows + nstored, sizeof *nodes);
	for (i = 0; i < ctx->nrows; i++) {
		r = &ctx->rows[i];
		if (r->s.employee_id == NULL || r->dup)
			continue;
		node = &nodes[n++];
		node->id = r->s.employee_id;
		node->line = r->line;
		node->row = r;
		/* Self-management is reported per row; it is no cycle. */
		if (r->s.manager_id != NULL &&
		    strcmp(r->s.manager_id, r->s.employee_id) != 0)
			node->manager = r->s.manager_id;
	}
	nfile = n;
	qsort(nodes, nfile, sizeof *nodes, roster_cmp_node);
	for (i = 0; i < nstored; i++) {
		if (roster_find(nodes, nfile, stored[i].employee_id) != NULL)
			continue;
		node = &nodes[n++];
		node->id = stored[i].employee_id;
		if (stored[i].manager_id != NULL &&
		    strcmp(stored[i].manager_id, stored[i].employee_id) != 0)
			node->manager = stored[i].manager_id;
	}
	qsort(nodes, n, sizeof *nodes, roster_cmp_node);

	for (i = 0; i < ctx->nrows; i++) {
		r = &ctx->rows[i];
		if (r->s.manager_id == NULL || (r->s.employee_id != NULL &&
		    strcmp(r->s.manager_id, r->s.employee_id) == 0))
			continue;
		if (roster_find(nodes, n, r->s.manager_id) != NULL)
			continue;
		/* Not listed: ask directly, which tells errors apart. */
		e = q_staff_exists(ctx->db, r->s.manager_id);
		if (e == 0) {
			roster_error(ctx, r->line, r, "unknown manager_id %s "
			    "(not in this file or the database)",
			    r->s.manager_id);
		} else if (e < 0) {
			roster_error(ctx, r->line, r, "cannot look up "
			    "manager_id %s: %s", r->s.manager_id,
			    db_errmsg(ctx->db));
		}
	}
	roster_check_cycles(ctx, nodes, n);
	roster_check_depth(ctx, nodes, n);
	free(nodes);
}

static int
roster_cmp_staff(const void *a, const void *b)
{
	return strcmp(((const struct staff *)a)->employee_id,
	    ((const struct staff *)b)->employee_id);
}

/*
 * A column the file does not have keeps what is stored for people already
 * there, so that a file of only employee_id, name and roles cannot wipe
 * everyone's level.  Sorts stored by id.
 */
static void
roster_merge(struct roster_ctx *ctx, struct staff *stored, size_t nstored)
{
	struct roster_row	*r;
	struct staff		*old;
	char			**v, **was;
	size_t			 i, c;

	if (nstored == 0)
		return;
	qsort(stored, nstored, sizeof *stored, roster_cmp_staff);
	for (i = 0; i < ctx->nrows; i++) {
		r = &ctx->rows[i];
		if (r->s.employee_id == NULL || r->dup || r->s.name == NULL)
			continue;
		old = bsearch(&r->s, stored, nstored, sizeof *stored,
		    roster_cmp_staff);
		if (old == NULL)
			continue;
		for (c = 0; c < RC_COUNT; c++) {
			if (ctx->col[c] >= 0)
				continue;
			v = ROSTER_FIELD(&r->s, c);
			was = ROSTER_FIELD(old, c);
			free(*v);
			/* For the fact columns, "" ("none") is a value. */
			*v = *was != NULL && (**was != '\0' ||
			    c >= RC_PASSED_EXAM) ? xstrdup(*was) : NULL;
		}
	}
}

static int
roster_cmp_err(const void *a, const void *b)
{
	const struct roster_err	*ea = a, *eb = b;

	if (ea->line != eb->line)
		return (ea->line > eb->line) - (ea->line < eb->line);
	return (ea->seq > eb->seq) - (ea->seq < eb->seq);
}

/* Hands the good rows and the errors, in line order, to the roster. */
static void
roster_finish(struct roster_ctx *ctx, struct roster *roster)
{
	struct buf	b;
	size_t		i;

	if (ctx->nerrs > 0)
		qsort(ctx->errs, ctx->nerrs, sizeof *ctx->errs,
		    roster_cmp_err);
	buf_init(&b, 0);
	for (i = 0; i < ctx->nerrs; i++) {
		buf_printf(&b, "%s%s:%d: %s", i > 0 ? "\n" : "", ctx->path,
		    ctx->errs[i].line, ctx->errs[i].msg);
		free(ctx->errs[i].msg);
	}
	free(ctx->errs);
	if (ctx->nerrs > 0) {
		roster->errors = buf_steal(&b);
		roster->nerrors = ctx->nerrs;
	}
	buf_free(&b);
	roster->staff = xcalloc(ctx->nrows, sizeof *roster->staff);
	for (i = 0; i < ctx->nrows; i++) {
		if (ctx->rows[i].ok)
			roster->staff[roster->n++] = ctx->rows[i].s;
		else
			staff_clear(&ctx->rows[i].s);
	}
	free(ctx->rows);
}

/*
 * Reads and checks the roster CSV at path.  The header names the columns,
 * in any order, with the staff table's column names; employee_id and name
 * are required.  For people already stored, a column the file does not
 * have keeps its stored value; an empty cell clears it (in a fact column,
 * passed_exam, eligible_exam or duties, it says "none").  Nothing is
 * written, so apply the result soon: it is checked against the database as
 * it is now.  Fills *roster (the caller clears it
 * with roster_clear, whatever the result): the rows without problems as
 * staff records with coded values as code names, and every problem found
 * as a "path:line: reason" line.  Returns 0 if the file was read and has no
 * problem, or -1 (including when it cannot be opened: one error line).
 *
 * OUT: roster.
 */
int
roster_read(struct db *db, const char *path, struct roster *roster)
{
	return roster_read_map(db, path, NULL, roster);
}

/*
 * roster_read for a file whose header is translated by map first (see
 * roster_map.c): an HR system's export with its own column names.  A
 * header the map does not name is taken as written.  map may be NULL.
 *
 * OUT: roster.
 */
int
roster_read_map(struct db *db, const char *path, const struct roster_map *map,
    struct roster *roster)
{
	return roster_read_enc(db, path, map, NULL, roster);
}

static int	roster_read_csv(struct db *, const char *, struct csv *,
		    const struct roster_map *, struct roster *);

/*
 * roster_read_map for a file in encoding ("cp932" for Excel's "CSV" on
 * Japanese Windows), converted to UTF-8 as it is read; NULL: UTF-8, and a
 * file that is not is refused.
 *
 * OUT: roster.
 */
int
roster_read_enc(struct db *db, const char *path, const struct roster_map *map,
    const char *encoding, struct roster *roster)
{
	struct csv	*csv;
	char		*cause = NULL;

	memset(roster, 0, sizeof *roster);
	csv = csv_open_enc(path, encoding, &cause);
	if (csv == NULL) {
		roster->errors = cause;
		roster->nerrors = 1;
		return -1;
	}
	return roster_read_csv(db, path, csv, map, roster);
}

/*
 * roster_read_map over the len bytes at data, named path in the errors:
 * the same checks without a file (the fuzz target's way in).
 *
 * OUT: roster.
 */
int
roster_read_mem(struct db *db, const char *path, const char *data, size_t len,
    const struct roster_map *map, struct roster *roster)
{
	struct csv	*csv;
	char		*cause = NULL;

	memset(roster, 0, sizeof *roster);
	csv = csv_open_mem(data, len, path, &cause);
	if (csv == NULL) {
		roster->errors = cause;
		roster->nerrors = 1;
		return -1;
	}
	return roster_read_csv(db, path, csv, map, roster);
}

/* Reads and checks the rows of csv, then frees it (roster_read_enc). */
static int
roster_read_csv(struct db *db, const char *path, struct csv *csv,
    const struct roster_map *map, struct roster *roster)
{
	struct roster_ctx	 ctx;
	struct staff		*stored;
	char			**fields, *cause = NULL;
	size_t			 n, nstored;
	int			 line, rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.db = db;
	ctx.path = path;
	ctx.map = map;
	rc = csv_next(csv, &fields, &n, &line, &cause);
	if (rc == 0) {
		roster_error(&ctx, 1, NULL, "the file is empty; expected a "
		    "header line naming the columns");
	} else if (rc < 0) {
		roster_csv_error(&ctx, line, cause);
		free(cause);
	} else {
		rc = roster_header(&ctx, line, fields, n);
		csv_fields_free(fields, n);
		while (rc == 0) {
			cause = NULL;
			rc = csv_next(csv, &fields, &n, &line, &cause);
			if (rc == 0)
				break;
			if (rc < 0) {
				roster_csv_error(&ctx, line, cause);
				free(cause);
				rc = 0;
				continue;
			}
			roster_row(&ctx, line, fields, n);
			csv_fields_free(fields, n);
			rc = 0;
		}
	}
	csv_free(csv);
	if (ctx.nrows > 0) {
		roster_check_dups(&ctx);
		roster_check_dup_emails(&ctx);
		stored = q_staff_list(db, &nstored);
		roster_merge(&ctx, stored, nstored);
		roster_check_managers(&ctx, stored, nstored);
		staff_array_free(stored, nstored);
	}
	roster_finish(&ctx, roster);
	return roster->nerrors == 0 ? 0 : -1;
}

/*
 * Writes every person of a clean roster (nerrors == 0) in one transaction:
 * new ids are added, existing ones updated and marked active.  People who
 * are not in the file are left as they are: a roster may be a partial
 * update, and leavers are retired on purpose, not by omission.  Manager
 * references are checked at commit (the foreign key is deferred), so the
 * order of the rows does not matter.  Returns 0 with *added and *updated
 * set, or -1 with nothing changed.
 *
 * OUT: added, updated.
 */
int
roster_apply(struct db *db, const struct roster *roster, int *added,
    int *updated)
{
	size_t	 i;
	int	 a = 0, u = 0, e, rc = -1;
	char	*detail;

	*added = *updated = 0;
	if (roster->nerrors > 0)
		return -1;
	if (db_begin(db) != 0)
		return -1;
	for (i = 0; i < roster->n; i++) {
		e = q_staff_exists(db, roster->staff[i].employee_id);
		if (e < 0)
			goto out;
		if (q_staff_upsert(db, &roster->staff[i]) != 0)
			goto out;
		if (e == 1)
			u++;
		else
			a++;
	}
	xasprintf(&detail, "added %d, updated %d", a, u);
	e = q_audit(db, "yellctl", "staff.import", detail, clock_now());
	free(detail);
	if (e != 0 || db_commit(db) != 0)
		goto out;
	*added = a;
	*updated = u;
	rc = 0;
out:
	if (rc != 0)
		db_rollback(db);
	return rc;
}

/* Frees what roster_read filled in; the roster may be read into again. */
void
roster_clear(struct roster *roster)
{
	staff_array_free(roster->staff, roster->n);
	free(roster->errors);
	memset(roster, 0, sizeof *roster);
}

/*
 * test_roster.c: reading, checking and applying roster CSVs, against a
 * fresh in-memory database with the real migrations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bot.h"
#include "state.h"

#define HEADER	"employee_id,name,job_family,job_level,level_since," \
		"manager_id,roles\n"

struct fixture {
	struct db	*db;
	struct roster	 roster;
	char		 path[32];
};

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL;

	f = xcalloc(1, sizeof *f);
	f->db = db_open(":memory:", &cause);
	if (f->db == NULL)
		fail_msg("db_open: %s", cause);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	db_set_fault(0);
	roster_clear(&f->roster);
	db_close(f->db);
	if (f->path[0] != '\0')
		unlink(f->path);
	free(f);
	return 0;
}

/* Writes data to the fixture's temporary file, replacing any earlier one. */
static const char *
write_file(struct fixture *f, const char *data)
{
	size_t	len = strlen(data);
	int	fd;

	if (f->path[0] != '\0')
		unlink(f->path);
	strcpy(f->path, "/tmp/yell-roster-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return f->path;
}

/* Reads data as a roster file.  Returns roster_read's result. */
static int
read_str(struct fixture *f, const char *data)
{
	roster_clear(&f->roster);
	return roster_read(f->db, write_file(f, data), &f->roster);
}

static void
demo_path(char *buf, size_t len)
{
	const char	*src = getenv("YELL_SOURCE_DIR");

	if (src == NULL)
		skip();
	snprintf(buf, len, "%s/config/demo/roster.csv", src);
}

/*
 * Asserts that the errors hold a line "PATH:LINE: ..." containing what.
 */
static void
assert_error(struct fixture *f, int line, const char *what)
{
	char		 prefix[64];
	const char	*p, *end;
	size_t		 plen;

	if (f->roster.errors == NULL)
		fail_msg("no errors; expected line %d: %s", line, what);
	plen = (size_t)snprintf(prefix, sizeof prefix, "%s:%d: ", f->path,
	    line);
	for (p = f->roster.errors; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		if (strncmp(p, prefix, plen) == 0 &&
		    memmem(p, (size_t)(end - p), what, strlen(what)) != NULL)
			return;
	}
	fail_msg("no error \"%s%s\" in:\n%s", prefix, what, f->roster.errors);
}

static void
apply_ok(struct fixture *f, int want_added, int want_updated)
{
	int	added = -1, updated = -1;

	assert_int_equal(roster_apply(f->db, &f->roster, &added, &updated),
	    0);
	assert_int_equal(added, want_added);
	assert_int_equal(updated, want_updated);
}

static void
test_demo(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;
	char		 path[4096];

	demo_path(path, sizeof path);
	assert_int_equal(roster_read(f->db, path, &f->roster), 0);
	assert_null(f->roster.errors);
	assert_int_equal(f->roster.nerrors, 0);
	assert_int_equal(f->roster.n, 43);
	apply_ok(f, 43, 0);
	assert_int_equal(q_staff_count(f->db), 43);

	s = q_staff_get(f->db, "E0003");
	assert_non_null(s);
	assert_string_equal(s->job_level, "unit_chief");
	assert_string_equal(s->roles, "hr;admin");
	assert_string_equal(s->exam_category, "I");
	assert_string_equal(s->manager_id, "E0002");
	assert_true(s->active);
	staff_free(s);
	s = q_staff_get(f->db, "E0042");
	assert_string_equal(s->job_level, "technician");
	assert_string_equal(s->job_family, "skilled");
	assert_null(s->exam_category);
	staff_free(s);
	s = q_staff_get(f->db, "E0001");
	assert_null(s->manager_id);
	assert_int_equal(s->reports, 2);
	staff_free(s);
}

/* Importing again updates everyone instead of adding them twice. */
static void
test_reimport(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;
	char		 path[4096];

	demo_path(path, sizeof path);
	assert_int_equal(roster_read(f->db, path, &f->roster), 0);
	apply_ok(f, 43, 0);
	roster_clear(&f->roster);
	assert_int_equal(roster_read(f->db, path, &f->roster), 0);
	apply_ok(f, 0, 43);
	assert_int_equal(q_staff_count(f->db), 43);

	/* A partial roster changes its rows and leaves the others be. */
	assert_int_equal(read_str(f, HEADER
	    "E0005,小林 陽斗,admin,主任,2025-04-01,E0003,\n"
	    "E0100,新人 一郎,admin,主事,2025-04-01,E0003,\n"), 0);
	apply_ok(f, 1, 1);
	assert_int_equal(q_staff_count(f->db), 44);
	s = q_staff_get(f->db, "E0005");
	assert_string_equal(s->job_level, "senior");
	assert_string_equal(s->level_since, "2025-04-01");
	/* Columns the file lacks keep their stored values. */
	assert_string_equal(s->email, "haruto.kobayashi@example.jp");
	assert_string_equal(s->department, "区長室");
	staff_free(s);
	assert_int_equal(read_str(f, "employee_id,name,roles\n"
	    "E0003,佐藤 健一,hr\n"
	    "E0002,高橋 由美子,\n"), 0);
	apply_ok(f, 0, 2);
	s = q_staff_get(f->db, "E0003");
	assert_string_equal(s->roles, "hr");
	assert_string_equal(s->job_level, "unit_chief");
	assert_string_equal(s->manager_id, "E0002");
	staff_free(s);
	/* An empty cell clears the value. */
	s = q_staff_get(f->db, "E0002");
	assert_string_equal(s->roles, "");
	assert_string_equal(s->job_level, "section_chief");
	staff_free(s);
	s = q_staff_get(f->db, "E0100");
	assert_null(s->email);
	staff_free(s);
	s = q_staff_get(f->db, "E0004");
	assert_string_equal(s->job_level, "senior");
	staff_free(s);
}

static void
test_column_order(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;

	assert_int_equal(read_str(f,
	    "roles, job_level ,manager_id,name,employee_id\n"
	    "hr,課長級,,山田 太郎,A1\n"
	    ",section_chief,A1,\" 鈴木 花子 \",A2\n"), 0);
	assert_int_equal(f->roster.n, 2);
	apply_ok(f, 2, 0);
	s = q_staff_get(f->db, "A2");
	assert_string_equal(s->name, "鈴木 花子");
	assert_string_equal(s->job_level, "section_chief");
	assert_string_equal(s->manager_id, "A1");
	assert_null(s->email);
	assert_null(s->department);
	staff_free(s);
	s = q_staff_get(f->db, "A1");
	assert_string_equal(s->roles, "hr");
	staff_free(s);
}

/* The plan's Japanese words are stored as code names. */
static void
test_codes(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;

	assert_int_equal(read_str(f,
	    "employee_id,name,job_family,job_level,hire_type,exam_category,"
	    "roles,email\n"
	    "B1,a,事務系,課長補佐級,都・区間交流,Ⅱ類,\" admin ; hr;HR\","
	    "a@example.jp\n"
	    "B2,b,技能系,統括技能長,経験者採用,3,admin,\n"
	    "B3,c,一般技術系,係長級,新規採用,I,,\n"
	    "B4,d,業務系,係員,temporary,ＩＩ,ｈｒ,\n"), 0);
	assert_int_equal(f->roster.n, 4);
	s = &f->roster.staff[0];
	assert_string_equal(s->job_family, "admin");
	assert_string_equal(s->job_level, "deputy_chief");
	assert_string_equal(s->hire_type, "exchange");
	assert_string_equal(s->exam_category, "II");
	assert_string_equal(s->roles, "hr;admin");
	s = &f->roster.staff[1];
	assert_string_equal(s->job_family, "skilled");
	assert_string_equal(s->job_level, "chief_foreman");
	assert_string_equal(s->hire_type, "experienced");
	assert_string_equal(s->exam_category, "III");
	assert_string_equal(s->roles, "admin");
	s = &f->roster.staff[2];
	assert_string_equal(s->job_family, "engineering");
	assert_string_equal(s->hire_type, "new");
	assert_string_equal(s->exam_category, "I");
	assert_null(s->roles);
	assert_null(s->email);
	s = &f->roster.staff[3];
	assert_string_equal(s->job_family, "operational");
	assert_string_equal(s->job_level, "technician");
	assert_string_equal(s->exam_category, "II");
	assert_string_equal(s->roles, "hr");
}

static void
test_level_code(void **state)
{
	(void)state;
	assert_string_equal(roster_level_code("部長級"), "director");
	assert_string_equal(roster_level_code("課長級"), "section_chief");
	assert_string_equal(roster_level_code("主事"), "staff");
	assert_string_equal(roster_level_code("係員"), "technician");
	assert_string_equal(roster_level_code("技能主任"),
	    "senior_technician");
	assert_string_equal(roster_level_code("section_chief"),
	    "section_chief");
	assert_null(roster_level_code("課長"));
	assert_null(roster_level_code(""));
}

static void
test_unknown_level(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    "C1,a,,課長級,,,\n"
	    "C2,b,,係長,,,\n"), -1);
	assert_int_equal(f->roster.nerrors, 1);
	assert_error(f, 3, "unknown job_level \"係長\"");
	assert_int_equal(f->roster.n, 1);
}

static void
test_bad_dates(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f,
	    "employee_id,name,level_since,hire_date,birth_date\n"
	    "D1,a,2024-02-29,2024-04-01,1990-01-01\n"
	    "D2,b,2024-02-30,,\n"
	    "D3,c,,2024/4/1,1990-13-01\n"
	    "D4,d,,,２０００－０１－３１\n"), -1);
	assert_int_equal(f->roster.nerrors, 3);
	assert_error(f, 3, "level_since \"2024-02-30\" is not a real date");
	assert_error(f, 4, "hire_date \"2024/4/1\" is not a date written "
	    "YYYY-MM-DD");
	assert_error(f, 4, "birth_date \"1990-13-01\" is not a real date");
	/* Full-width digits from a Japanese input method are fine. */
	assert_int_equal(f->roster.n, 2);
	assert_string_equal(f->roster.staff[1].birth_date, "2000-01-31");
}

static void
test_unknown_manager(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    "M1,a,,,,,\n"
	    "M2,b,,,,M1,\n"
	    "M3,c,,,,M9,\n"), -1);
	assert_int_equal(f->roster.nerrors, 1);
	assert_error(f, 4, "unknown manager_id M9 (not in this file or the "
	    "database)");
}

/* A manager already in the database need not be in the file. */
static void
test_manager_in_db(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "M1,a,,,,,\n"), 0);
	apply_ok(f, 1, 0);
	assert_int_equal(read_str(f, HEADER "M2,b,,,,M1,\n"), 0);
	apply_ok(f, 1, 0);
	assert_int_equal(q_staff_count(f->db), 2);
}

static void
test_manager_after_report(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;

	assert_int_equal(read_str(f, HEADER
	    "R1,a,,主事,,R2,\n"
	    "R2,b,,係長級,,R3,\n"
	    "R3,c,,課長級,,,\n"), 0);
	apply_ok(f, 3, 0);
	s = q_staff_get(f->db, "R1");
	assert_string_equal(s->manager_id, "R2");
	staff_free(s);
}

static void
test_cycle(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    "X0,boss,,,,,\n"
	    "A,a,,,,B,\n"
	    "B,b,,,,A,\n"
	    "C,c,,,,A,\n"
	    "P,p,,,,Q,\n"
	    "Q,q,,,,R,\n"
	    "R,r,,,,P,\n"), -1);
	/* Each cycle once, on its first line, with all its members. */
	assert_int_equal(f->roster.nerrors, 2);
	assert_error(f, 3, "manager chain forms a cycle: A -> B -> A");
	assert_error(f, 6, "manager chain forms a cycle: P -> Q -> R -> P");
	assert_int_equal(f->roster.n, 2);
}

/*
 * A chain of n + 1 people, L00 at the top: line i + 2 of the file is Li,
 * with i managers above.
 */
static char *
chain(int n, int from)
{
	struct buf	b;
	int		i;

	buf_init(&b, 0);
	buf_addstr(&b, HEADER);
	for (i = from; i <= n; i++) {
		if (i == 0)
			buf_addstr(&b, "L00,top,,,,,\n");
		else
			buf_printf(&b, "L%02d,p%d,,,,L%02d,\n", i, i, i - 1);
	}
	return buf_steal(&b);
}

/* Deeper than the line checks follow: refused, at the line checks' depth. */
static void
test_chain_depth(void **state)
{
	struct fixture	*f = *state;
	char		*csv;

	/* 32 managers above L32: the line checks reach them all. */
	csv = chain(STATE_LINE_DEPTH, 0);
	assert_int_equal(read_str(f, csv), 0);
	free(csv);
	/* L33 and L34 have 33 and 34 above: refused, each on its line. */
	csv = chain(STATE_LINE_DEPTH + 2, 0);
	assert_int_equal(read_str(f, csv), -1);
	free(csv);
	assert_int_equal(f->roster.nerrors, 2);
	assert_error(f, STATE_LINE_DEPTH + 3, "L33 has more than 32 levels of "
	    "managers above; the manager lines are followed 32 levels deep");
	assert_error(f, STATE_LINE_DEPTH + 4, "L34 has more than 32 levels");
	/* Through the database: 32 stored, one more below them in a file. */
	csv = chain(STATE_LINE_DEPTH, 0);
	assert_int_equal(read_str(f, csv), 0);
	free(csv);
	apply_ok(f, STATE_LINE_DEPTH + 1, 0);
	assert_int_equal(read_str(f, HEADER "L33,p33,,,,L32,\n"), -1);
	assert_error(f, 2, "L33 has more than 32 levels");
	assert_int_equal(q_team_in_line(f->db, "L00", "L32"), 1);
}

/* A cycle closed through someone already stored is found as well. */
static void
test_cycle_through_db(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "K1,a,,,,,\nK2,b,,,,K1,\n"), 0);
	apply_ok(f, 2, 0);
	assert_int_equal(read_str(f, HEADER "K1,a,,,,K2,\n"), -1);
	assert_error(f, 2, "manager chain forms a cycle: K1 -> K2 (in the "
	    "database) -> K1");
}

static void
test_self_manager(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "S1,a,,,,S1,\n"), -1);
	assert_int_equal(f->roster.nerrors, 1);
	assert_error(f, 2, "manager_id is the person's own employee_id");
}

static void
test_duplicate_id(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    "U1,a,,,,,\n"
	    "U2,b,,,,,\n"
	    "U1,c,,,,,\n"
	    "u2,d,,,,,\n"), -1);
	assert_int_equal(f->roster.nerrors, 2);
	assert_error(f, 4, "duplicate employee_id U1 (first on line 2)");
	assert_error(f, 5, "employee_id u2 differs only in case from U2 on "
	    "line 3");
}

static void
test_bad_ids(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    ",nobody,,,,,\n"
	    "E 1,space,,,,,\n"
	    "Ｅ１,wide,,,,,\n"
	    "A23456789012345678901234567890123,long,,,,,\n"
	    "A2345678901234567890123456789012,ok,,,,,\n"), -1);
	assert_int_equal(f->roster.nerrors, 4);
	assert_error(f, 2, "employee_id is required");
	assert_error(f, 3, "employee_id \"E 1\" must be at most 32 ASCII");
	assert_error(f, 4, "employee_id \"Ｅ１\"");
	assert_error(f, 5, "employee_id \"A2345678901234567890123456789012");
}

static void
test_missing_name(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "N1,,,,,,\nN2,  ,,,,,\n"), -1);
	assert_int_equal(f->roster.nerrors, 2);
	assert_error(f, 2, "name is required");
	assert_error(f, 3, "name is required");
}

static void
test_bad_role(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "O1,a,,,,,hr;boss\n"), -1);
	assert_int_equal(f->roster.nerrors, 1);
	assert_error(f, 2, "unknown role \"boss\"");
}

static void
test_bad_codes(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f,
	    "employee_id,name,job_family,hire_type,exam_category,email\n"
	    "Z1,a,clerical,,,\n"
	    "Z2,b,,intern,,\n"
	    "Z3,c,,,IV,\n"
	    "Z4,d,,,,a@b@c\n"
	    "Z5,e,,,,\"a b@c\"\n"
	    "Z6,f,,,,nobody\n"), -1);
	assert_int_equal(f->roster.nerrors, 6);
	assert_error(f, 2, "unknown job_family \"clerical\"");
	assert_error(f, 3, "unknown hire_type \"intern\"");
	assert_error(f, 4, "unknown exam_category \"IV\"");
	assert_error(f, 5, "email \"a@b@c\"");
	assert_error(f, 6, "email \"a b@c\"");
	assert_error(f, 7, "email \"nobody\"");
}

/* The 技能系 levels and the other ladder do not mix. */
static void
test_level_family(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    "L1,a,admin,技能長,,,\n"
	    "L2,b,skilled,主事,,,\n"
	    "L3,c,welfare,係員,,,\n"
	    "L4,d,,技能長,,,\n"
	    "L5,e,operational,技能主任,,,\n"), -1);
	assert_int_equal(f->roster.nerrors, 3);
	assert_error(f, 2, "job_level foreman is on the skilled and "
	    "operational ladder, but job_family is admin");
	assert_error(f, 3, "job_level staff is not on the skilled and "
	    "operational ladder of job_family skilled");
	assert_error(f, 4, "use 主事");
}

static void
test_header_errors(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f,
	    "employee_id,name,nickname,name,\n"
	    "H1,a,x,y,\n"
	    "H2,,x,y,\n"), -1);
	assert_error(f, 1, "unknown column \"nickname\" (expected "
	    "employee_id, name, name_kana");
	assert_error(f, 1, "column \"name\" appears twice (columns 2 and 4)");
	assert_error(f, 1, "column 5 has no name");
	/* The rows are still checked, through the first "name". */
	assert_error(f, 3, "name is required");
	assert_int_equal(f->roster.nerrors, 4);

	/* Blank lines before the header are skipped, and counted. */
	assert_int_equal(read_str(f, "\n\nname,email\na,a@b\n"), -1);
	assert_int_equal(f->roster.nerrors, 1);
	assert_error(f, 3, "required column \"employee_id\" is missing");
}

static void
test_field_count(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER
	    "F1,a,,,,,\n"
	    "F2,b,,,,F1\n"
	    "F3,c,,,,F2,,extra\n"), -1);
	assert_int_equal(f->roster.nerrors, 2);
	assert_error(f, 3, "6 fields, but the header has 7");
	assert_error(f, 4, "8 fields, but the header has 7");
}

/* Every problem is reported, in line order, CSV errors included. */
static void
test_all_errors(void **state)
{
	struct fixture	*f = *state;
	const char	*p;

	assert_int_equal(read_str(f, HEADER
	    "V1,a,,部長,,,\n"
	    "V2,,,,2024-02-30,V9,x\n"
	    "V3,\"b,,,,,\n"), -1);
	assert_int_equal(f->roster.nerrors, 6);
	assert_error(f, 4, "unterminated quoted field");
	p = strstr(f->roster.errors, ":2: unknown job_level");
	assert_non_null(p);
	assert_true(p < strstr(f->roster.errors, ":3: name is required"));
	assert_true(strstr(f->roster.errors, ":3: unknown role") <
	    strstr(f->roster.errors, ":3: unknown manager_id V9"));
	assert_null(strchr(f->roster.errors + strlen(f->roster.errors) - 1,
	    '\n'));
}

static void
test_control_chars(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "T1,\"two\nlines\",,,,,\n"), -1);
	assert_error(f, 2, "name contains a line break or control character");
}

/* Rows of empty cells, which spreadsheets append, are not rows. */
static void
test_empty_rows(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, HEADER "W1,a,,,,,\n,,,,,,\n , ,,,,,\n"),
	    0);
	assert_int_equal(f->roster.n, 1);
}

static void
test_file_errors(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(roster_read(f->db, "/nonexistent/roster.csv",
	    &f->roster), -1);
	assert_int_equal(f->roster.nerrors, 1);
	assert_string_equal(f->roster.errors,
	    "/nonexistent/roster.csv: No such file or directory");

	assert_int_equal(read_str(f, ""), -1);
	assert_error(f, 1, "the file is empty");

	/* A header alone is a valid, empty roster. */
	assert_int_equal(read_str(f, HEADER), 0);
	assert_int_equal(f->roster.n, 0);
	apply_ok(f, 0, 0);
}

/* A file with any error changes nothing, not even its good rows. */
static void
test_errors_change_nothing(void **state)
{
	struct fixture	*f = *state;
	char		 path[4096];
	int		 added = -1, updated = -1;

	demo_path(path, sizeof path);
	assert_int_equal(roster_read(f->db, path, &f->roster), 0);
	apply_ok(f, 43, 0);
	assert_int_equal(q_staff_count(f->db), 43);

	assert_int_equal(read_str(f, HEADER
	    "G1,new person,,,,E0001,\n"
	    "E0002,renamed,,,,,\n"
	    "G2,bad,,,,E9999,\n"), -1);
	assert_int_equal(f->roster.n, 2);
	assert_int_equal(roster_apply(f->db, &f->roster, &added, &updated),
	    -1);
	assert_int_equal(added, 0);
	assert_int_equal(updated, 0);
	assert_int_equal(q_staff_count(f->db), 43);
	assert_int_equal(q_staff_exists(f->db, "G1"), 0);
}

/* A database failure half way rolls the whole import back. */
static void
test_apply_rollback(void **state)
{
	struct fixture	*f = *state;
	int		 added = -1, updated = -1;

	assert_int_equal(read_str(f, HEADER
	    "J1,a,,,,,\nJ2,b,,,,J1,\nJ3,c,,,,J1,\n"), 0);
	/* exists, upsert, exists, upsert: fail the second upsert. */
	db_set_fault(4);
	assert_int_equal(roster_apply(f->db, &f->roster, &added, &updated),
	    -1);
	db_set_fault(0);
	assert_int_equal(q_staff_count(f->db), 0);
	/* The connection is usable again: no transaction left open. */
	apply_ok(f, 3, 0);
	assert_int_equal(q_staff_count(f->db), 3);
}

/* Two rows with one email: refused, naming both lines. */
static void
test_duplicate_email(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_str(f, "employee_id,name,email\n"
	    "E1,a,a@example.jp\nE2,b,b@example.jp\nE3,c,A@example.jp\n"), -1);
	assert_error(f, 4, "duplicate email A@example.jp (also on line 2)");
	assert_int_equal(f->roster.nerrors, 1);
}

/* Excel's "CSV" on Japanese Windows (CP932): refused, nothing read. */
static void
test_not_utf8(void **state)
{
	struct fixture	*f = *state;

	/* 山田 in CP932 on line 3. */
	assert_int_equal(read_str(f, "employee_id,name\nE1,a\n"
	    "E2,\x8e\x52\x93\x63\n"), -1);
	assert_error(f, 3, "this file is not UTF-8");
	assert_int_equal(f->roster.n, 0);
	assert_error(f, 3, "--encoding cp932");
	/* Named as CP932, the same file is read as it is meant. */
	roster_clear(&f->roster);
	assert_int_equal(roster_read_enc(f->db, f->path, NULL, "cp932",
	    &f->roster), 0);
	assert_int_equal(f->roster.n, 2);
	assert_string_equal(f->roster.staff[1].name, "山田");
	/* A file that is not even CP932 is refused with its line. */
	roster_clear(&f->roster);
	assert_int_equal(roster_read_enc(f->db, write_file(f,
	    "employee_id,name\nE1,\x81\n"), NULL, "cp932", &f->roster), -1);
	assert_error(f, 2, "not cp932 text");
	/* UTF-8 with a BOM, as Excel's "CSV UTF-8" writes it, is fine. */
	assert_int_equal(read_str(f, "\xef\xbb\xbf" "employee_id,name\n"
	    "E2,山田\n"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_demo),
		T(test_reimport),
		T(test_column_order),
		T(test_codes),
		cmocka_unit_test(test_level_code),
		T(test_unknown_level),
		T(test_bad_dates),
		T(test_unknown_manager),
		T(test_manager_in_db),
		T(test_manager_after_report),
		T(test_cycle),
		T(test_chain_depth),
		T(test_cycle_through_db),
		T(test_self_manager),
		T(test_duplicate_id),
		T(test_bad_ids),
		T(test_missing_name),
		T(test_bad_role),
		T(test_bad_codes),
		T(test_level_family),
		T(test_header_errors),
		T(test_field_count),
		T(test_all_errors),
		T(test_control_chars),
		T(test_empty_rows),
		T(test_file_errors),
		T(test_errors_change_nothing),
		T(test_apply_rollback),
		T(test_duplicate_email),
		T(test_not_utf8),
#undef T
	};

	log_init(LOG_LVL_ERROR, "test_roster");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

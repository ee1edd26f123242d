/*
 * test_roster_map.c: the roster's fact columns (passed_exam, eligible_exam,
 * duties) and the column map for HR exports (state/roster_map.c), against
 * a fresh in-memory database with the real migrations.
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

struct fixture {
	struct db		*db;
	struct roster		 roster;
	struct roster_map	*map;
	char			*map_errors;
	size_t			 map_nerrors;
	char			 csv[32];
	char			 ini[32];
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

	roster_clear(&f->roster);
	roster_map_free(f->map);
	free(f->map_errors);
	db_close(f->db);
	if (f->csv[0] != '\0')
		unlink(f->csv);
	if (f->ini[0] != '\0')
		unlink(f->ini);
	free(f);
	return 0;
}

/* Writes data to path (a buffer of 32), replacing any earlier file. */
static const char *
write_file(char *path, const char *data)
{
	size_t	len = strlen(data);
	int	fd;

	if (path[0] != '\0')
		unlink(path);
	strcpy(path, "/tmp/yell-rmap-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Loads data as the map.  Returns 0, or -1 with the errors kept. */
static int
load_map(struct fixture *f, const char *data)
{
	roster_map_free(f->map);
	free(f->map_errors);
	f->map_errors = NULL;
	f->map = roster_map_load(write_file(f->ini, data), &f->map_errors,
	    &f->map_nerrors);
	return f->map != NULL ? 0 : -1;
}

/* Reads data as a roster through the current map (if any). */
static int
read_csv(struct fixture *f, const char *data)
{
	roster_clear(&f->roster);
	return roster_read_map(f->db, write_file(f->csv, data), f->map,
	    &f->roster);
}

/* Reads data as a roster that must have no error. */
static void
read_ok(struct fixture *f, const char *data)
{
	if (read_csv(f, data) != 0)
		fail_msg("%s", f->roster.errors);
}

static void
apply_ok(struct fixture *f)
{
	int	added, updated;

	if (f->roster.errors != NULL)
		fail_msg("%s", f->roster.errors);
	assert_int_equal(roster_apply(f->db, &f->roster, &added, &updated),
	    0);
}

/* Asserts that errs holds a line "path:line: ..." containing what. */
static void
assert_line(const char *errs, const char *path, int line, const char *what)
{
	char		 prefix[64];
	const char	*p, *end;
	size_t		 plen;

	if (errs == NULL)
		fail_msg("no errors; expected line %d: %s", line, what);
	plen = (size_t)snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	for (p = errs; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		if (strncmp(p, prefix, plen) == 0 &&
		    memmem(p, (size_t)(end - p), what, strlen(what)) != NULL)
			return;
	}
	fail_msg("no error \"%s%s\" in:\n%s", prefix, what, errs);
}

/* The fact columns take code names and the plan's Japanese wording. */
static void
test_fact_columns(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;

	read_ok(f, "employee_id,name,passed_exam,"
	    "eligible_exam,duties\n"
	    "E1,一,主任昇任選考合格,,第一次評価者；育成担当者\n"
	    "E2,二,foreman;senior,技能長昇任選考,\n"
	    "E3,三,\"管理職選考合格者 ; 係長\",主任昇任選考の対象,"
	    "新たに課務担当係長\n"
	    "E4,四,,ＳＥＮＩＯＲ,清掃事業主管部署に異動\n");
	apply_ok(f);
	s = q_staff_get(f->db, "E1");
	assert_string_equal(s->passed_exam, "senior");
	assert_string_equal(s->eligible_exam, "");
	assert_string_equal(s->duties, "first_evaluator;ojt_trainer");
	staff_free(s);
	s = q_staff_get(f->db, "E2");
	assert_string_equal(s->passed_exam, "senior;foreman");
	assert_string_equal(s->eligible_exam, "foreman");
	assert_string_equal(s->duties, "");
	staff_free(s);
	s = q_staff_get(f->db, "E3");
	assert_string_equal(s->passed_exam, "unit_chief;manager");
	assert_string_equal(s->eligible_exam, "senior");
	assert_string_equal(s->duties, "new_unit_chief_duty");
	staff_free(s);
	s = q_staff_get(f->db, "E4");
	assert_string_equal(s->eligible_exam, "senior");
	assert_string_equal(s->duties, "sanitation_transfer");
	staff_free(s);
}

static void
test_fact_errors(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(read_csv(f, "employee_id,name,passed_exam,duties\n"
	    "E1,一,部長,\n"
	    "E2,二,senior,評価者\n"
	    "E3,三,senior;;,ojt_trainer;\n"), -1);
	assert_line(f->roster.errors, f->csv, 2, "unknown passed_exam "
	    "\"部長\" (expected senior, unit_chief");
	assert_line(f->roster.errors, f->csv, 3, "unknown duties \"評価者\"");
	assert_int_equal(f->roster.nerrors, 2);
	assert_int_equal(f->roster.n, 1);
	assert_string_equal(f->roster.staff[0].passed_exam, "senior");
	assert_string_equal(f->roster.staff[0].duties, "ojt_trainer");
}

/*
 * A file without the fact columns keeps what is stored, "" (none) as
 * well; people never given them have NULL (the roster does not say).
 */
static void
test_fact_merge(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;

	assert_int_equal(read_csv(f, "employee_id,name,passed_exam,duties\n"
	    "E1,一,senior,\n"), 0);
	apply_ok(f);
	assert_int_equal(read_csv(f, "employee_id,name,job_level\n"
	    "E1,一,主任\n"
	    "E2,二,主事\n"), 0);
	apply_ok(f);
	s = q_staff_get(f->db, "E1");
	assert_string_equal(s->job_level, "senior");
	assert_string_equal(s->passed_exam, "senior");
	assert_string_equal(s->duties, "");
	assert_null(s->eligible_exam);
	staff_free(s);
	s = q_staff_get(f->db, "E2");
	assert_null(s->passed_exam);
	assert_null(s->duties);
	staff_free(s);
	/* An empty cell in a column the file has says "none". */
	assert_int_equal(read_csv(f, "employee_id,name,passed_exam\n"
	    "E1,一,\n"), 0);
	apply_ok(f);
	s = q_staff_get(f->db, "E1");
	assert_string_equal(s->passed_exam, "");
	assert_string_equal(s->duties, "");
	staff_free(s);
}

/* An HR export, imported as it is through the map. */
static void
test_map_import(void **state)
{
	struct fixture	*f = *state;
	struct staff	*s;

	assert_int_equal(load_map(f, "\xef\xbb\xbf# 人事システムの出力\n"
	    "[columns]\n"
	    "社員番号 = employee_id\n"
	    "氏名 = name\n"
	    "  所属部  =  department \n"
	    "職層 = job_level\n"
	    "上司社員番号 = manager_id\n"
	    "昇任選考合格 = passed_exam\n"
	    "担当 = DUTIES\n"
	    "; 使わない列\n"
	    "電話番号 = -\n"
	    "内線 = -\r\n"), 0);
	assert_string_equal(roster_map_target(f->map, "社員番号"),
	    "employee_id");
	assert_string_equal(roster_map_target(f->map, "電話番号"), "-");
	assert_string_equal(roster_map_target(f->map, "担当"), "duties");
	assert_null(roster_map_target(f->map, "email"));
	assert_int_equal(read_csv(f, "社員番号,氏名,所属部,職層,上司社員番号,"
	    "昇任選考合格,担当,電話番号,内線,email\n"
	    "E1,一 太郎,総務部,課長級,,,第一次評価者,03-0000-0000,100,"
	    "a@example.jp\n"
	    "E2,二 花子,総務部,主任,E1,主任昇任選考合格,,03-0000-0001,101,"
	    "\n"), 0);
	apply_ok(f);
	s = q_staff_get(f->db, "E2");
	assert_string_equal(s->name, "二 花子");
	assert_string_equal(s->department, "総務部");
	assert_string_equal(s->job_level, "senior");
	assert_string_equal(s->manager_id, "E1");
	assert_string_equal(s->passed_exam, "senior");
	assert_string_equal(s->duties, "");
	staff_free(s);
	s = q_staff_get(f->db, "E1");
	assert_string_equal(s->email, "a@example.jp");
	assert_string_equal(s->duties, "first_evaluator");
	staff_free(s);
}

/* Headers the map does not name must still be roster columns. */
static void
test_map_unmapped_header(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(load_map(f, "社員番号 = employee_id\n"
	    "氏名 = name\n"), 0);
	assert_int_equal(read_csv(f, "社員番号,氏名,電話番号\n"
	    "E1,一,03\n"), -1);
	assert_line(f->roster.errors, f->csv, 1, "unknown column \"電話番号\"");
	assert_line(f->roster.errors, f->csv, 1, "or a header the map names");
	/* Two headers landing on one column. */
	assert_int_equal(read_csv(f, "社員番号,氏名,name\n"
	    "E1,一,一\n"), -1);
	assert_line(f->roster.errors, f->csv, 1, "column \"name\" appears "
	    "twice (columns 2 and 3)");
	/* A required column still required. */
	assert_int_equal(read_csv(f, "社員番号,email\nE1,a@example.jp\n"),
	    -1);
	assert_line(f->roster.errors, f->csv, 1, "required column \"name\"");
}

/* Manager checks keep their line numbers through the map. */
static void
test_map_managers(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(load_map(f, "社員番号 = employee_id\n"
	    "氏名 = name\n"
	    "上司 = manager_id\n"), 0);
	assert_int_equal(read_csv(f, "社員番号,氏名,上司\n"
	    "E1,一,E2\n"
	    "E2,二,E1\n"
	    "E3,三,E9\n"), -1);
	assert_line(f->roster.errors, f->csv, 2, "manager chain forms a "
	    "cycle: E1 -> E2 -> E1");
	assert_line(f->roster.errors, f->csv, 4, "unknown manager_id E9");
}

/* Every mistake in a map, each with its line. */
static void
test_map_errors(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(load_map(f, "社員番号 = employee_id\n"
	    "氏名 = nmae\n"
	    "氏名\n"
	    "= name\n"
	    "所属 =\n"
	    "社員番号 = name\n"
	    "職員番号 = employee_id\n"
	    "[roster]\n"
	    "ok = -\n"
	    "also = -\n"
	    "\x1b[31m = email\n"), -1);
	assert_null(f->map);
	assert_line(f->map_errors, f->ini, 2, "unknown column \"nmae\" "
	    "(expected employee_id, name,");
	assert_line(f->map_errors, f->ini, 2, "or - to ignore the header");
	assert_line(f->map_errors, f->ini, 3, "expected HEADER = COLUMN");
	assert_line(f->map_errors, f->ini, 4, "both sides filled in");
	assert_line(f->map_errors, f->ini, 5, "both sides filled in");
	assert_line(f->map_errors, f->ini, 6, "header \"社員番号\" is already "
	    "mapped on line 1");
	assert_line(f->map_errors, f->ini, 7, "column employee_id is already "
	    "mapped on line 1");
	assert_line(f->map_errors, f->ini, 8, "unknown section [roster]");
	assert_int_equal(f->map_nerrors, 7);
	/* The escape is shown, not sent to the terminal. */
	assert_null(strchr(f->map_errors, '\x1b'));
}

static void
test_map_empty_and_missing(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(load_map(f, "# nothing yet\n\n"), -1);
	assert_line(f->map_errors, f->ini, 2, "the map names no columns");
	free(f->map_errors);
	f->map = roster_map_load("/nonexistent/map.ini", &f->map_errors,
	    &f->map_nerrors);
	assert_null(f->map);
	assert_int_equal(f->map_nerrors, 1);
	assert_non_null(strstr(f->map_errors, "/nonexistent/map.ini: No such "
	    "file"));
}

/* Headers match across full-width and half-width forms and ASCII case. */
static void
test_map_folding(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(load_map(f, "ＩＤ = employee_id\n"
	    "Full Name = name\n"), 0);
	assert_string_equal(roster_map_target(f->map, "id"), "employee_id");
	assert_string_equal(roster_map_target(f->map, "FULL NAME"), "name");
	assert_int_equal(read_csv(f, "Id,full name\nE1,一\n"), 0);
	assert_int_equal(f->roster.n, 1);
	roster_map_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fact_columns, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fact_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fact_merge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_map_import, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_map_unmapped_header,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_managers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_map_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_map_empty_and_missing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_folding, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_catalog_rules.c: every course of config/catalog/2024.json has a
 * target_rule that parses and that says what the plan's 対象 says.
 *
 * The table below is the plan read by hand: for each course, a person the
 * 対象 wording includes (with the reason the bot should give) and one it
 * leaves out.  Courses open to anyone must say YES to every profile;
 * courses decided by selection must say UNKNOWN to people who otherwise
 * fit.  A course added to the catalogue without a row here fails the test,
 * and so does a row for a course the catalogue no longer has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "bot.h"
#include "state.h"

#include "person.h"

/*
 * The person every row starts from: an administrative 主事 hired in 2010,
 * 38 on 1 April 2024, whose roster says no exams and no duties.  Rows
 * write only what differs.
 */
#define BASE	"id=E0002 level=staff family=admin type=new exam=I " \
		"hired=2010-04-01 since=2010-04-01 born=1985-06-15 passed= " \
		"eligible= duties= "
#define NEW	"hired=2024-04-01 since=2024-04-01 "
#define SKILLED	"level=technician family=skilled "

enum mode {
	TARGET,		/* yes is YES with reason, no is NO */
	ANYONE,		/* every profile is YES with reason */
	SELECTED,	/* yes is UNKNOWN (selection), no is NO */
};

struct row {
	const char	*code;
	enum mode	 mode;
	const char	*yes;		/* added to BASE */
	const char	*reason;	/* in the Japanese reason */
	const char	*no;		/* added to BASE */
	const char	*no_reason;
};

static const struct row rows[] = {
	/* 職層研修（係員） */
	{ "R-01", TARGET, NEW, "採用1年目・新規採用・事務系",
	    NEW "type=experienced", "経験者採用のため" },
	{ "R-02", TARGET, NEW "type=experienced", "採用1年目・経験者採用",
	    NEW, "新規採用のため" },
	{ "R-03", TARGET, NEW, "採用1年目・新規採用・事務系",
	    NEW SKILLED, "技能系のため" },
	{ "R-04", TARGET, NEW "family=welfare", "採用1年目・新規採用・福祉系",
	    NEW SKILLED, "技能系のため" },
	{ "R-05", TARGET, NEW, "採用1年目・新規採用・事務系",
	    NEW "type=temporary", "臨時的任用のため" },
	{ "R-06", TARGET, NEW, "採用1年目・新規採用・事務系",
	    NEW "type=exchange", "都・区間交流による転入のため" },
	{ "R-07", SELECTED, NEW, "選抜・推薦", "hired=2023-04-01",
	    "採用2年目のため" },
	{ "R-08", TARGET, NEW "type=experienced",
	    "採用1年目・経験者採用・事務系", NEW SKILLED, "技能系のため" },
	{ "R-09", TARGET, NEW, "採用1年目・新規採用・事務系",
	    "hired=2024-03-31", "採用2年目のため" },
	{ "R-10", TARGET, NEW "family=medical",
	    "採用1年目・新規採用・医療技術系", NEW SKILLED, "技能系のため" },
	{ "R-11", TARGET, NEW, "採用1年目・新規採用", "hired=2023-04-01",
	    "採用2年目のため" },
	{ "R-12", TARGET, NEW, "採用1年目・新規採用",
	    NEW "type=experienced", "経験者採用のため" },
	{ "R-13", TARGET, NEW "type=experienced", "採用1年目・経験者採用",
	    NEW, "新規採用のため" },
	{ "R-14", TARGET, NEW "type=exchange",
	    "都・区間交流による転入・採用1年目", NEW, "新規採用のため" },
	{ "R-15", TARGET, "type=temporary hired=2023-10-01",
	    "臨時的任用・2023年10月1日採用", "type=temporary "
	    "hired=2023-04-01", "2023年4月1日採用のため" },
	{ "R-16", TARGET, "type=temporary hired=2024-04-01",
	    "臨時的任用・2024年4月1日採用", NEW, "新規採用のため" },
	{ "R-17", TARGET, "type=temporary hired=2025-03-31",
	    "臨時的任用・2025年3月31日採用", "type=temporary "
	    "hired=2022-04-01", "2022年4月1日採用のため" },
	{ "R-18", TARGET, "hired=2023-04-01", "採用2年目",
	    "hired=2023-03-31", "採用3年目のため" },
	{ "R-19", TARGET, "hired=2024-03-31", "採用2年目", NEW,
	    "採用1年目のため" },
	{ "R-20", TARGET, "hired=2023-04-01", "採用2年目",
	    "hired=2022-04-01", "採用3年目のため" },
	{ "R-21", TARGET, "hired=2022-04-01", "採用3年目",
	    "hired=2023-04-01", "採用2年目のため" },
	{ "R-22", TARGET, "hired=2021-04-01", "採用4年目",
	    "hired=2022-04-01", "採用3年目のため" },
	{ "R-23", TARGET, "hired=2021-04-01 exam=II", "採用4年目・Ⅱ類採用",
	    "hired=2021-04-01 exam=III", "Ⅲ類採用のため" },
	{ "R-23", TARGET, "hired=2019-04-01 exam=III", "採用6年目・Ⅲ類採用",
	    "hired=2019-04-01 exam=II", "採用6年目のため" },
	{ "R-24", TARGET, "eligible=senior", "新たに主任昇任選考の対象",
	    "eligible=unit_chief", "主任昇任選考の新規対象外のため" },

	/* 職層研修（主任） */
	{ "R-25", TARGET, "passed=senior", "主任昇任選考合格",
	    "passed=unit_chief", "主任昇任選考に未合格のため" },
	{ "R-26", TARGET, SKILLED "passed=senior_technician",
	    "技能主任昇任選考合格", SKILLED, "技能主任昇任選考に未合格のため" },
	{ "R-27", TARGET, "level=senior since=2024-04-01", "主任・昇任1年目",
	    "level=senior since=2023-04-01", "昇任2年目のため" },
	{ "R-28", TARGET, "level=senior since=2023-04-01", "主任・昇任2年目",
	    "since=2023-04-01", "主事のため" },
	{ "R-29", TARGET, "born=1989-04-01", "2024年4月1日に満35歳",
	    "born=1989-04-02", "満34歳のため" },

	/* 職層研修（係長級） */
	{ "R-30", TARGET, "level=senior passed=unit_chief",
	    "係長昇任選考合格", "level=senior passed=senior",
	    "係長昇任選考に未合格のため" },
	{ "R-31", TARGET, "level=unit_chief since=2024-04-01",
	    "係長級・昇任1年目", "level=unit_chief since=2023-04-01",
	    "昇任2年目のため" },
	{ "R-32", TARGET, "level=unit_chief since=2024-04-01",
	    "係長級・昇任1年目・事務系", "level=senior since=2024-04-01",
	    "主任のため" },
	/* No family on the roster: the experienced-hire branch decides. */
	{ "R-32", TARGET, "level=unit_chief type=experienced " NEW
	    "family=", "係長級・経験者採用・採用1年目",
	    "level=unit_chief since=2023-04-01", "昇任2年目のため" },
	{ "R-33", TARGET, "level=unit_chief since=2024-04-01",
	    "係長級・昇任1年目", "level=unit_chief since=2022-04-01",
	    "昇任3年目のため" },
	{ "R-34", SELECTED, "level=unit_chief since=2024-04-01", "選抜・推薦",
	    "level=senior since=2024-04-01", "主任のため" },
	{ "R-35", TARGET, "level=unit_chief since=2023-04-01",
	    "係長級・昇任2年目", "level=unit_chief since=2024-04-01",
	    "昇任1年目のため" },
	{ "R-36", TARGET, "level=unit_chief since=2023-04-01",
	    "係長級・昇任2年目", "level=deputy_chief since=2023-04-01",
	    "課長補佐級のため" },
	{ "R-37", TARGET, "level=unit_chief since=2022-04-01",
	    "係長級・昇任3年目", "level=unit_chief since=2023-04-01",
	    "昇任2年目のため" },
	{ "R-38", TARGET, "level=unit_chief duties=new_unit_chief_duty",
	    "新たに課務担当係長", "level=unit_chief",
	    "名簿に「新たに課務担当係長」の記録なしのため" },
	{ "R-39", TARGET, SKILLED "level=foreman since=2024-04-01",
	    "技能長・昇任1年目", SKILLED "level=foreman since=2023-04-01",
	    "昇任2年目のため" },
	{ "R-40", TARGET, "duties=ojt_trainer;new_unit_chief_duty",
	    "新たに課務担当係長", "duties=first_evaluator",
	    "名簿に「新たに課務担当係長」の記録なしのため" },
	{ "R-41", TARGET, SKILLED "level=foreman since=2025-03-31",
	    "技能長・昇任1年目", SKILLED "level=chief_foreman "
	    "since=2024-04-01", "統括技能長のため" },
	{ "R-42", TARGET, "level=deputy_chief since=2023-04-01",
	    "課長補佐級・昇任2年目", "level=deputy_chief since=2024-04-01",
	    "昇任1年目のため" },

	/* 職層研修（管理職） */
	{ "R-43", TARGET, "level=deputy_chief passed=manager",
	    "管理職選考合格・課長補佐級", "level=deputy_chief",
	    "管理職選考に未合格のため" },
	{ "R-44", TARGET, "id=E0001", "R-43修了", "level=deputy_chief",
	    "R-43未修了のため" },
	{ "R-44", TARGET, "level=deputy_chief passed=manager",
	    "管理職選考合格・課長補佐級", "level=unit_chief passed=manager",
	    "R-43未修了のため" },
	{ "R-45", TARGET, "level=section_chief since=2024-04-01",
	    "課長級・昇任1年目", "level=section_chief since=2020-04-01",
	    "昇任5年目のため" },
	{ "R-45", TARGET, "level=director since=2019-04-01 type=exchange "
	    "hired=2024-04-01", "部長級・都・区間交流による転入・採用1年目",
	    "level=deputy_chief since=2024-04-01", "課長補佐級のため" },
	{ "R-46", TARGET, "level=section_chief", "課長級", "level=director",
	    "部長級のため" },
	{ "R-47", TARGET, "level=unit_chief duties=first_evaluator",
	    "新たに第一次評価者", "level=unit_chief",
	    "名簿に「新たに第一次評価者」の記録なしのため" },
	{ "R-47", TARGET, "level=section_chief since=2024-04-01",
	    "課長級・昇任1年目", "level=deputy_chief since=2024-04-01",
	    "名簿に「新たに第一次評価者」の記録なしのため" },
	{ "R-47", TARGET, "level=section_chief type=exchange " NEW
	    "since=2018-04-01", "課長級・都・区間交流による転入・採用1年目",
	    "level=senior", "名簿に「新たに第一次評価者」の記録なしのため" },
	{ "R-47", TARGET, "level=director since=2020-04-01", "希望者・部長級",
	    "level=staff", "名簿に「新たに第一次評価者」の記録なしのため" },
	{ "R-48", TARGET, "level=director", "部長級", "level=unit_chief",
	    "係長級のため" },
	{ "R-49", TARGET, "level=section_chief", "課長級",
	    "level=deputy_chief", "課長補佐級のため" },

	/* 職層研修（清掃関連研修） */
	{ "R-50", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系", NEW,
	    "事務系のため" },
	{ "R-51", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系", NEW,
	    "事務系のため" },
	{ "R-52", TARGET, SKILLED NEW "family=operational",
	    "採用1年目・新規採用・業務系", SKILLED "hired=2023-04-01",
	    "採用2年目のため" },
	{ "R-53", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系",
	    SKILLED NEW "type=temporary", "臨時的任用のため" },
	{ "R-54", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系", NEW,
	    "事務系のため" },
	{ "R-55", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系", NEW,
	    "事務系のため" },
	{ "R-56", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系", NEW,
	    "事務系のため" },
	{ "R-57", TARGET, SKILLED NEW, "採用1年目・新規採用・技能系", NEW,
	    "事務系のため" },
	{ "R-58", TARGET, SKILLED "hired=2019-04-02",
	    "2019年4月2日採用・技能系", SKILLED "hired=2019-04-01",
	    "2019年4月1日採用のため" },
	{ "R-58", TARGET, SKILLED "hired=2020-04-01",
	    "2020年4月1日採用・技能系", "hired=2020-04-01",
	    "事務系のため" },
	{ "R-59", TARGET, SKILLED "level=senior_technician "
	    "since=2023-04-02", "技能主任・2023年4月2日昇任",
	    SKILLED "level=senior_technician since=2023-04-01",
	    "2023年4月1日昇任のため" },
	{ "R-60", TARGET, SKILLED "level=foreman since=2024-04-01",
	    "技能長・2024年4月1日昇任", SKILLED "level=foreman "
	    "since=2024-04-02", "2024年4月2日昇任のため" },
	{ "R-61", TARGET, SKILLED "level=foreman since=2021-04-02",
	    "技能長・2021年4月2日昇任", SKILLED "level=foreman "
	    "since=2022-04-02", "2022年4月2日昇任のため" },
	{ "R-62", TARGET, SKILLED "duties=sanitation_transfer",
	    "清掃事業主管部署への異動者", SKILLED,
	    "名簿に「清掃事業主管部署への異動者」の記録なしのため" },

	/* 実務研修・政策形成研修・派遣研修 */
	{ "P-01", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-02", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-03", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-04", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-05", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-06", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-07", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-08", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-09", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-10", ANYONE, NULL, "希望者", NULL, NULL },
	{ "P-11", TARGET, "level=unit_chief", "希望者・係長級",
	    "level=senior", "主任のため" },
	{ "Y-01", ANYONE, NULL, "希望者", NULL, NULL },
	{ "Y-02", TARGET, "level=unit_chief", "係長級", "level=senior",
	    "主任のため" },
	{ "Y-03", ANYONE, NULL, "希望者", NULL, NULL },
	{ "D-01", ANYONE, NULL, "希望者", NULL, NULL },
	{ "D-02", ANYONE, NULL, "希望者", NULL, NULL },
	{ "D-03", ANYONE, NULL, "希望者", NULL, NULL },

	/* 特別研修 */
	{ "S-01", TARGET, "level=senior duties=ojt_trainer",
	    "新規採用職員の育成担当者", "level=senior duties=first_evaluator",
	    "名簿に「新規採用職員の育成担当者」の記録なしのため" },
	{ "S-02", TARGET, "hired=2020-04-01", "採用5年目", NEW,
	    "採用1年目のため" },
	{ "S-02", TARGET, "hired=2023-04-01", "採用2年目",
	    "hired=2020-03-31", "採用6年目のため" },
	{ "S-03", TARGET, "level=director", "希望者・部長級",
	    "level=unit_chief", "係長級のため" },
	{ "S-04", ANYONE, NULL, "希望者", NULL, NULL },
	{ "S-05", ANYONE, NULL, "希望者", NULL, NULL },
	{ "S-06", SELECTED, "level=section_chief", "選抜・推薦",
	    "level=senior", "主任のため" },
	{ "S-07", TARGET, "level=director", "部長級", "level=senior",
	    "主任のため" },
	{ "S-07", TARGET, "level=unit_chief", "希望者・係長級", "level=staff",
	    "主事のため" },
	{ "S-08", ANYONE, NULL, "全職員", NULL, NULL },
	{ "S-09", TARGET, "level=unit_chief", "希望者・係長級",
	    "level=senior", "主任のため" },
	{ "S-10", TARGET, "level=section_chief", "希望者・課長級",
	    "level=staff", "主事のため" },
	{ "S-11", TARGET, "duties=ojt_trainer", "新規採用職員の育成担当者",
	    "duties=", "名簿に「新規採用職員の育成担当者」の記録なしのため" },
	{ "S-12", TARGET, "level=section_chief", "希望者・課長級",
	    "level=deputy_chief", "課長補佐級のため" },
	{ "S-13", ANYONE, NULL, "希望者", NULL, NULL },
	{ "S-14", TARGET, "born=1969-04-01", "2024年4月1日に満55歳",
	    "born=1969-04-02", "満54歳のため" },
	{ "S-14", TARGET, "born=1963-04-02", "2024年4月1日に満60歳",
	    "born=1963-04-01", "満61歳のため" },
	{ "S-15", ANYONE, NULL, "希望者", NULL, NULL },
	{ "S-16", ANYONE, NULL, "希望者", NULL, NULL },
	{ "S-17", TARGET, "level=senior since=2022-04-01", "主任・昇任3年目",
	    "level=senior since=2023-04-01", "昇任2年目のため" },
	{ "S-18", TARGET, "level=section_chief since=2024-04-01",
	    "課長級・昇任1年目", "level=section_chief since=2023-04-01",
	    "昇任2年目のため" },
};
#define NROWS	(sizeof rows / sizeof rows[0])

/* People unlike each other, for the rules that take anyone. */
static const char *const anyone[] = {
	BASE,
	BASE NEW,
	BASE SKILLED "hired=1990-04-01 born=1962-01-01",
	BASE "level=director since=2024-04-01",
	BASE "level=unit_chief type=experienced passed=manager",
	"",			/* a roster that says nothing */
};

static json_t	*catalog;
static struct msgcat *mc;

/* E0001 finished R-43; nobody else finished anything. */
static int
oracle(void *arg, const char *employee_id, const char *code)
{
	(void)arg;
	return strcmp(employee_id, "E0001") == 0 && strcmp(code, "R-43") == 0;
}

static int
setup(void **state)
{
	const char	*src = getenv("YELL_SOURCE_DIR");
	json_error_t	 err;
	char		*path, *cause = NULL;

	(void)state;
	if (src == NULL) {
		fprintf(stderr, "YELL_SOURCE_DIR is not set\n");
		return -1;
	}
	xasprintf(&path, "%s/config", src);
	mc = msgcat_load(path, &cause);
	free(path);
	if (mc == NULL) {
		fprintf(stderr, "msgcat_load: %s\n", cause);
		free(cause);
		return -1;
	}
	xasprintf(&path, "%s/config/catalog/2024.json", src);
	catalog = json_load_file(path, 0, &err);
	if (catalog == NULL)
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
	free(path);
	return catalog != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(catalog);
	msgcat_free(mc);
	return 0;
}

/* Returns the course with this code (borrowed), or NULL. */
static json_t *
course(const char *code)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(json_object_get(catalog, "courses"), i, c) {
		if (strcmp(json_string_value(json_object_get(c, "code")),
		    code) == 0)
			return c;
	}
	return NULL;
}

/* Parses a course's target_rule (caller frees), failing the test if bad. */
static struct rule *
course_rule(json_t *c)
{
	struct rule	*r;
	char		*json, *cause = NULL;

	json = json_dumps(json_object_get(c, "target_rule"), JSON_COMPACT);
	if (json == NULL)
		fail_msg("%s: no target_rule",
		    json_string_value(json_object_get(c, "code")));
	r = rule_parse(json, &cause);
	if (r == NULL)
		fail_msg("%s: %s", json_string_value(json_object_get(c,
		    "code")), cause);
	free(json);
	return r;
}

/*
 * Evaluates r for base plus spec and checks the verdict and the reason.
 * Returns 0, or 1 after printing what went wrong, so that one run lists
 * every disagreement.
 */
static int
expect(const char *code, const struct rule *r, const char *base,
    const char *spec, enum rule_verdict want, const char *reason)
{
	static const char *const names[] = { "NO", "YES", "UNKNOWN" };
	struct rule_env	 env = { 2024, 0, oracle, NULL, NULL, NULL };
	struct staff	*s;
	enum rule_verdict v;
	char		*full, *why = NULL;
	int		 bad;

	xasprintf(&full, "%s%s", base, spec);
	s = person(full);
	v = rule_eval(r, s, &env, mc, "ja", &why);
	bad = v != want || (reason != NULL && strstr(why, reason) == NULL);
	if (bad)
		fprintf(stderr, "%s for [%s]: %s \"%s\", want %s \"%s\"\n",
		    code, spec, names[v], why, names[want],
		    reason != NULL ? reason : "");
	free(why);
	staff_free(s);
	free(full);
	return bad;
}

/* Checks one row of the table.  Returns the number of disagreements. */
static int
check_row(const struct row *row)
{
	struct rule	*r;
	json_t		*c;
	size_t		 i;
	int		 bad = 0;

	c = course(row->code);
	if (c == NULL) {
		fprintf(stderr, "%s is in the table but not in the "
		    "catalogue\n", row->code);
		return 1;
	}
	r = course_rule(c);
	switch (row->mode) {
	case ANYONE:
		for (i = 0; i < sizeof anyone / sizeof anyone[0]; i++)
			bad += expect(row->code, r, "", anyone[i], RULE_YES,
			    row->reason);
		break;
	case SELECTED:
		bad += expect(row->code, r, BASE, row->yes, RULE_UNKNOWN,
		    row->reason);
		bad += expect(row->code, r, BASE, row->no, RULE_NO,
		    row->no_reason);
		break;
	case TARGET:
		bad += expect(row->code, r, BASE, row->yes, RULE_YES,
		    row->reason);
		bad += expect(row->code, r, BASE, row->no, RULE_NO,
		    row->no_reason);
		break;
	}
	rule_free(r);
	return bad;
}

static void
test_table(void **state)
{
	size_t	i;
	int	bad = 0;

	(void)state;
	for (i = 0; i < NROWS; i++)
		bad += check_row(&rows[i]);
	assert_int_equal(bad, 0);
}

/* Every course has a rule that parses, and a row in the table. */
static void
test_every_course(void **state)
{
	struct rule	*r;
	const char	*code;
	json_t		*c, *courses;
	size_t		 i, k;
	int		 missing = 0;

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(catalog,
	    "fiscal_year")), 2024);
	courses = json_object_get(catalog, "courses");
	assert_true(json_array_size(courses) > 0);
	json_array_foreach(courses, i, c) {
		code = json_string_value(json_object_get(c, "code"));
		assert_non_null(code);
		r = course_rule(c);
		rule_free(r);
		for (k = 0; k < NROWS; k++) {
			if (strcmp(rows[k].code, code) == 0)
				break;
		}
		if (k == NROWS) {
			fprintf(stderr, "%s (%s) has no row in the table\n",
			    code, json_string_value(json_object_get(c,
			    "title")));
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/*
 * A rule is "open" (希望する職員, ranked below targeted courses) exactly
 * when the plan's 対象 speaks of 希望.
 */
static void
test_open_matches_text(void **state)
{
	struct rule	*r;
	const char	*text, *code;
	json_t		*c;
	size_t		 i;
	bool		 wants;

	(void)state;
	json_array_foreach(json_object_get(catalog, "courses"), i, c) {
		code = json_string_value(json_object_get(c, "code"));
		text = json_string_value(json_object_get(c, "target_text"));
		assert_non_null(text);
		wants = strstr(text, "希望") != NULL;
		r = course_rule(c);
		if (rule_is_open(r) != wants)
			fail_msg("%s: rule_is_open is %d, but 対象 is \"%s\"",
			    code, rule_is_open(r), text);
		rule_free(r);
	}
}

/* Selected for R-07 and nominated (or endorsed) for S-06: E0009 only. */
static int
selection(void *arg, const char *employee_id, const char *code,
    bool endorsed)
{
	(void)arg;
	(void)endorsed;
	if (strcmp(code, "R-07") != 0 && strcmp(code, "S-06") != 0)
		return -1;
	return strcmp(employee_id, "E0009") == 0;
}

/*
 * Mixed targets, per person: the verdict, whether the person is a target
 * (not only someone who may apply), and whether the course is 必修 for
 * them (mandatory, and mandatory_for when the course has one).
 */
static void
test_mixed_targets(void **state)
{
	static const struct {
		const char		*code;
		const char		*spec;	/* added to BASE */
		enum rule_verdict	 verdict;
		bool			 target;
		bool			 mandatory;
	} cases[] = {
		/* S-07: 管理職（必修）、係長級で希望する職員 */
		{ "S-07", "level=director", RULE_YES, true, true },
		{ "S-07", "level=section_chief", RULE_YES, true, true },
		{ "S-07", "level=unit_chief", RULE_YES, false, false },
		{ "S-07", "level=staff", RULE_NO, false, false },
		/* ①新たに第一次評価者 ②新任課長 ③希望する管理職 */
		{ "R-47", "level=unit_chief duties=first_evaluator", RULE_YES,
		    true, false },
		{ "R-47", "level=section_chief since=2024-04-01", RULE_YES,
		    true, false },
		{ "R-47", "level=section_chief since=2020-04-01", RULE_YES,
		    false, false },
		{ "R-47", "level=director since=2020-04-01 "
		    "duties=first_evaluator", RULE_YES, true, false },
		{ "R-47", "level=staff", RULE_NO, false, false },
		/* Selection is what HR recorded, never 必修. */
		{ "R-07", "id=E0009 " NEW, RULE_YES, true, false },
		{ "R-07", NEW, RULE_NO, false, false },
		{ "S-06", "id=E0009 level=section_chief", RULE_YES, true,
		    false },
		{ "S-06", "level=section_chief", RULE_NO, false, false },
	};
	struct rule_env	 env = { 2024, 0, oracle, NULL, selection, NULL };
	struct rule	*r, *mr;
	struct staff	*s;
	json_t		*c, *m;
	char		*full, *json, *cause = NULL;
	size_t		 i;
	bool		 target, mandatory, t2;
	int		 bad = 0;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = course(cases[i].code);
		assert_non_null(c);
		r = course_rule(c);
		env.course_code = cases[i].code;
		xasprintf(&full, "%s%s", BASE, cases[i].spec);
		s = person(full);
		mandatory = false;
		if (rule_match(r, s, &env, &target) == cases[i].verdict &&
		    target && json_is_true(json_object_get(c, "mandatory"))) {
			m = json_object_get(c, "mandatory_for");
			mandatory = true;
			if (m != NULL) {
				json = json_dumps(m, JSON_COMPACT);
				mr = rule_parse(json, &cause);
				assert_non_null(mr);
				mandatory = rule_match(mr, s, &env, &t2) ==
				    RULE_YES;
				rule_free(mr);
				free(json);
			}
		}
		if (rule_match(r, s, &env, &target) != cases[i].verdict ||
		    target != cases[i].target ||
		    mandatory != cases[i].mandatory) {
			fprintf(stderr, "%s for [%s]: target %d mandatory %d\n",
			    cases[i].code, cases[i].spec, target, mandatory);
			bad++;
		}
		staff_free(s);
		free(full);
		rule_free(r);
	}
	assert_int_equal(bad, 0);
}

/* The plan writes 必修 twice; selection courses are never 必修 nor 指名. */
static void
test_mandatory_as_written(void **state)
{
	const char	*code;
	json_t		*c;
	size_t		 i;
	int		 n = 0;

	(void)state;
	json_array_foreach(json_object_get(catalog, "courses"), i, c) {
		code = json_string_value(json_object_get(c, "code"));
		if (json_is_true(json_object_get(c, "mandatory")))
			n++;
		if (json_is_true(json_object_get(c, "mandatory")) &&
		    strcmp(code, "S-07") != 0 && strcmp(code, "S-08") != 0)
			fail_msg("%s is marked 必修; the plan does not say so",
			    code);
	}
	assert_int_equal(n, 2);
	assert_false(json_is_true(json_object_get(course("R-07"),
	    "designated")));
	assert_true(json_is_true(json_object_get(course("R-18"),
	    "designated")));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_course),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_open_matches_text),
		cmocka_unit_test(test_mixed_targets),
		cmocka_unit_test(test_mandatory_as_written),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

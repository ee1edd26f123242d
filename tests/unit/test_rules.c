/*
 * test_rules.c: the RULE language (lib/rules.c): every kind of rule, the
 * three-valued logic, fiscal-year and age edges, facts the roster lacks,
 * the reasons in both languages, and bad rules refused with their path.
 *
 * People are written as "key=value" specs (person.h); the catalogues
 * are the real ones, from $YELL_SOURCE_DIR/config.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bot.h"
#include "state.h"

#include "person.h"

static struct msgcat	*mc;

static int
setup(void **state)
{
	const char	*src = getenv("YELL_SOURCE_DIR");
	char		*dir, *cause = NULL;

	(void)state;
	if (src == NULL) {
		fprintf(stderr, "YELL_SOURCE_DIR is not set\n");
		return -1;
	}
	xasprintf(&dir, "%s/config", src);
	mc = msgcat_load(dir, &cause);
	free(dir);
	if (mc == NULL) {
		fprintf(stderr, "msgcat_load: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	msgcat_free(mc);
	return 0;
}

static const char *
verdict_name(enum rule_verdict v)
{
	return v == RULE_YES ? "YES" : v == RULE_NO ? "NO" : "UNKNOWN";
}

static struct rule *
parse_ok(const char *json)
{
	struct rule	*r;
	char		*cause = NULL;

	r = rule_parse(json, &cause);
	if (r == NULL)
		fail_msg("rule_parse(%s): %s", json, cause);
	return r;
}

/*
 * Evaluates json for spec in FY2024 with a completion oracle, and checks
 * the verdict and that the reason in lang contains why (NULL: any).
 */
static int	oracle(void *, const char *, const char *);

static void
check_lang(const char *json, const char *spec, enum rule_verdict want,
    const char *lang, const char *why)
{
	struct rule_env	 env = { 2024, 0, oracle, NULL, NULL, NULL };
	struct staff	*s;
	struct rule	*r;
	enum rule_verdict v;
	char		*reason = NULL;

	r = parse_ok(json);
	s = person(spec);
	v = rule_eval(r, s, &env, mc, lang, &reason);
	if (v != want || (why != NULL && strstr(reason, why) == NULL))
		fail_msg("%s for [%s]: %s \"%s\", want %s \"%s\"", json, spec,
		    verdict_name(v), reason, verdict_name(want),
		    why != NULL ? why : "");
	/* Without a reason wanted, the verdict is the same. */
	assert_int_equal(rule_eval(r, s, &env, NULL, lang, NULL), want);
	free(reason);
	staff_free(s);
	rule_free(r);
}

static void
check(const char *json, const char *spec, enum rule_verdict want,
    const char *why)
{
	check_lang(json, spec, want, "ja", why);
}

/* E0001 finished X-01 and not X-02; X-03 is not known. */
static int
oracle(void *arg, const char *employee_id, const char *code)
{
	(void)arg;
	if (strcmp(employee_id, "E0001") != 0)
		return 0;
	if (strcmp(code, "X-01") == 0)
		return 1;
	if (strcmp(code, "X-03") == 0)
		return -1;
	return 0;
}

static void
test_constants(void **state)
{
	(void)state;
	check("{\"everyone\": true}", "", RULE_YES, "全職員");
	check("{\"open\": true}", "", RULE_YES, "希望者");
	check("{\"selected\": true}", "level=unit_chief", RULE_UNKNOWN,
	    "選抜・推薦");
	check_lang("{\"open\": true}", "", RULE_YES, "en", "applies");
}

static void
test_level_family(void **state)
{
	(void)state;
	check("{\"level\": [\"unit_chief\", \"senior\"]}", "level=senior",
	    RULE_YES, "主任");
	check("{\"level\": [\"director\", \"section_chief\"]}",
	    "level=senior", RULE_NO, "主任のため");
	check("{\"level\": [\"director\"]}", "", RULE_UNKNOWN,
	    "職層が名簿にありません");
	check("{\"family\": [\"admin\", \"engineering\", \"welfare\"]}",
	    "family=welfare", RULE_YES, "福祉系");
	check("{\"family\": [\"admin\"]}", "family=skilled", RULE_NO,
	    "技能系のため");
	check("{\"family\": [\"admin\"]}", "level=staff", RULE_UNKNOWN,
	    "職種が名簿にありません");
	/* A stray value in the database reads as itself. */
	check("{\"level\": [\"director\"]}", "level=boss", RULE_NO,
	    "bossのため");
}

static void
test_hire_type_exam(void **state)
{
	(void)state;
	check("{\"hire_type\": [\"experienced\"]}", "type=experienced",
	    RULE_YES, "経験者採用");
	check("{\"not\": {\"hire_type\": [\"experienced\"]}}", "type=new",
	    RULE_YES, "新規採用");
	check("{\"not\": {\"hire_type\": [\"experienced\"]}}",
	    "type=experienced", RULE_NO, "経験者採用のため");
	check("{\"not\": {\"hire_type\": [\"experienced\"]}}", "",
	    RULE_UNKNOWN, "採用区分が名簿にありません");
	check("{\"exam_category\": [\"II\"]}", "exam=II", RULE_YES,
	    "Ⅱ類採用");
	check("{\"exam_category\": [\"II\"]}", "exam=III", RULE_NO,
	    "Ⅲ類採用のため");
	check("{\"exam_category\": [\"II\"]}", "", RULE_UNKNOWN, "採用試験の類");
}

/* 採用N年目 counts fiscal years: 1 April starts one. */
static void
test_hire_year_edges(void **state)
{
	(void)state;
	check("{\"hire_year\": [1, 1]}", "hired=2024-04-01", RULE_YES,
	    "採用1年目");
	check("{\"hire_year\": [1, 1]}", "hired=2025-03-31", RULE_YES,
	    "採用1年目");
	check("{\"hire_year\": [1, 1]}", "hired=2024-03-31", RULE_NO,
	    "採用2年目のため");
	check("{\"hire_year\": [2, 2]}", "hired=2023-04-01", RULE_YES,
	    "採用2年目");
	check("{\"hire_year\": [2, 2]}", "hired=2024-03-31", RULE_YES,
	    "採用2年目");
	check("{\"hire_year\": [2, 2]}", "hired=2023-03-31", RULE_NO,
	    "採用3年目のため");
	check("{\"hire_year\": [2, 5]}", "hired=2020-04-01", RULE_YES,
	    "採用5年目");
	check("{\"hire_year\": [2, 5]}", "hired=2020-03-31", RULE_NO,
	    "採用6年目のため");
	check("{\"hire_year\": [1, 1]}", "hired=2025-04-01", RULE_NO,
	    "採用前のため");
	check("{\"hire_year\": [1, 1]}", "", RULE_UNKNOWN,
	    "採用日が名簿にありません");
	/* A date the roster could not have written is as good as none. */
	check("{\"hire_year\": [1, 1]}", "hired=2024/04/01", RULE_UNKNOWN,
	    "採用日が名簿にありません");
}

static void
test_level_year(void **state)
{
	(void)state;
	check("{\"level_year\": [1, 1]}", "since=2024-04-01", RULE_YES,
	    "昇任1年目");
	check("{\"level_year\": [3, 3]}", "since=2022-04-01", RULE_YES,
	    "昇任3年目");
	check("{\"level_year\": [3, 3]}", "since=2022-03-31", RULE_NO,
	    "昇任4年目のため");
	check("{\"level_year\": [2, 2]}", "", RULE_UNKNOWN,
	    "現職層への昇任日が名簿にありません");
	check("{\"all\": [{\"level\": [\"unit_chief\"]}, "
	    "{\"level_year\": [2, 2]}]}",
	    "level=unit_chief since=2023-04-01", RULE_YES,
	    "係長級・昇任2年目");
	check_lang("{\"all\": [{\"level\": [\"unit_chief\"]}, "
	    "{\"level_year\": [2, 2]}]}",
	    "level=unit_chief since=2023-04-01", RULE_YES, "en",
	    "unit chief, year 2 in the current level");
}

static void
test_date_ranges(void **state)
{
	static const char *hired =
	    "{\"hired_between\": [\"2019-04-02\", \"2020-04-01\"]}";
	static const char *promoted =
	    "{\"promoted_between\": [\"2023-04-02\", \"2024-04-01\"]}";

	(void)state;
	check(hired, "hired=2019-04-02", RULE_YES, "2019年4月2日採用");
	check(hired, "hired=2020-04-01", RULE_YES, "2020年4月1日採用");
	check(hired, "hired=2019-04-01", RULE_NO, "2019年4月1日採用のため");
	check(hired, "hired=2020-04-02", RULE_NO, NULL);
	check(hired, "", RULE_UNKNOWN, "採用日が名簿にありません");
	check(promoted, "since=2024-04-01", RULE_YES, "2024年4月1日昇任");
	check(promoted, "since=2023-04-01", RULE_NO, NULL);
	check_lang(promoted, "since=2023-04-02", RULE_YES, "en",
	    "promoted on 2023/4/2");
}

/* Full years by the plain calendar rule (see rules.c). */
static void
test_age_edges(void **state)
{
	static const char *r35 = "{\"age_on\": [\"2024-04-01\", 35, 35]}";
	static const char *r55 = "{\"age_on\": [\"2025-03-31\", 55, 60]}";

	(void)state;
	check(r35, "born=1989-04-01", RULE_YES, "2024年4月1日に満35歳");
	check(r35, "born=1989-04-02", RULE_NO, "満34歳のため");
	check(r35, "born=1988-04-02", RULE_YES, NULL);
	check(r35, "born=1988-04-01", RULE_NO, "満36歳のため");
	check(r35, "", RULE_UNKNOWN, "生年月日が名簿にありません");
	check(r55, "born=1964-04-01", RULE_YES, "2025年3月31日に満60歳");
	/* 61 on its birthday, the date of the rule. */
	check(r55, "born=1964-03-31", RULE_NO, "満61歳のため");
	check(r55, "born=1970-03-31", RULE_YES, "満55歳");
	check(r55, "born=1970-04-01", RULE_NO, "満54歳のため");
}

static void
test_age_leap_day(void **state)
{
	(void)state;
	check("{\"age_on\": [\"2023-02-28\", 23, 23]}", "born=2000-02-29",
	    RULE_NO, "満22歳");
	check("{\"age_on\": [\"2023-03-01\", 23, 23]}", "born=2000-02-29",
	    RULE_YES, NULL);
	check("{\"age_on\": [\"2024-02-29\", 24, 24]}", "born=2000-02-29",
	    RULE_YES, NULL);
}

static void
test_exams_duties(void **state)
{
	static const char *passed = "{\"passed_exam\": [\"senior\", "
	    "\"senior_technician\"]}";

	(void)state;
	check(passed, "passed=senior_technician", RULE_YES,
	    "技能主任昇任選考合格");
	check(passed, "passed=unit_chief;foreman", RULE_NO,
	    "主任昇任選考・技能主任昇任選考に未合格のため");
	check(passed, "passed=", RULE_NO, "に未合格のため");
	check(passed, "", RULE_UNKNOWN, "昇任選考の合格が名簿にありません");
	check("{\"eligible_exam\": [\"senior\"]}", "eligible=senior",
	    RULE_YES, "新たに主任昇任選考の対象");
	check("{\"eligible_exam\": [\"senior\"]}", "eligible=", RULE_NO,
	    "主任昇任選考の新規対象外のため");
	check("{\"eligible_exam\": [\"senior\"]}", "", RULE_UNKNOWN,
	    "受験資格が名簿にありません");
	check("{\"duty\": [\"first_evaluator\"]}",
	    "duties=ojt_trainer;first_evaluator", RULE_YES,
	    "新たに第一次評価者");
	check("{\"duty\": [\"first_evaluator\"]}", "duties=ojt_trainer",
	    RULE_NO, "名簿に「新たに第一次評価者」の記録なしのため");
	check("{\"duty\": [\"sanitation_transfer\"]}", "", RULE_UNKNOWN,
	    "担当（第一次評価者など）が名簿にありません");
	/* "ojt" is not "ojt_trainer": whole items only. */
	check("{\"duty\": [\"ojt_trainer\"]}", "duties=ojt", RULE_NO, NULL);
}

static void
test_completed(void **state)
{
	struct rule_env	 env = { 2024, 0, NULL, NULL, NULL, NULL };
	struct staff	*s;
	struct rule	*r;
	char		*why;

	(void)state;
	check("{\"completed\": [\"X-01\"]}", "id=E0001", RULE_YES,
	    "X-01修了");
	check("{\"completed\": [\"X-02\"]}", "id=E0001", RULE_NO,
	    "X-02未修了のため");
	check("{\"completed\": [\"X-03\"]}", "id=E0001", RULE_UNKNOWN,
	    "X-03の修了状況");
	check("{\"completed\": [\"X-01\", \"X-03\"]}", "id=E0001",
	    RULE_UNKNOWN, "X-03");
	check("{\"completed\": [\"X-03\", \"X-02\"]}", "id=E0001", RULE_NO,
	    "X-02未修了");
	/* Without an oracle nothing is known. */
	r = parse_ok("{\"completed\": [\"X-01\"]}");
	s = person("id=E0001");
	assert_int_equal(rule_eval(r, s, &env, mc, "ja", &why), RULE_UNKNOWN);
	assert_non_null(strstr(why, "X-01"));
	free(why);
	staff_free(s);
	rule_free(r);
}

/*
 * Kleene's tables over leaves that are YES (everyone), NO (level
 * director, for a senior) and UNKNOWN (selected).
 */
static void
test_three_valued(void **state)
{
	static const char *leaf[3] = { "{\"level\": [\"director\"]}",
	    "{\"everyone\": true}", "{\"selected\": true}" };
	/* Indexed by enum rule_verdict: NO, YES, UNKNOWN. */
	static const enum rule_verdict and[3][3] = {
		{ RULE_NO, RULE_NO, RULE_NO },
		{ RULE_NO, RULE_YES, RULE_UNKNOWN },
		{ RULE_NO, RULE_UNKNOWN, RULE_UNKNOWN },
	};
	static const enum rule_verdict or[3][3] = {
		{ RULE_NO, RULE_YES, RULE_UNKNOWN },
		{ RULE_YES, RULE_YES, RULE_YES },
		{ RULE_UNKNOWN, RULE_YES, RULE_UNKNOWN },
	};
	static const enum rule_verdict not[3] = { RULE_YES, RULE_NO,
	    RULE_UNKNOWN };
	char	*json;
	int	 a, b;

	(void)state;
	for (a = 0; a < 3; a++) {
		for (b = 0; b < 3; b++) {
			xasprintf(&json, "{\"all\": [%s, %s]}", leaf[a],
			    leaf[b]);
			check(json, "level=senior", and[a][b], NULL);
			free(json);
			xasprintf(&json, "{\"any\": [%s, %s]}", leaf[a],
			    leaf[b]);
			check(json, "level=senior", or[a][b], NULL);
			free(json);
		}
		xasprintf(&json, "{\"not\": %s}", leaf[a]);
		check(json, "level=senior", not[a], NULL);
		free(json);
	}
}

/* Which fact a combination reports. */
static void
test_reasons(void **state)
{
	static const char *chief =
	    "{\"all\": [{\"level\": [\"unit_chief\"]}, {\"any\": ["
	    "{\"level_year\": [1, 1]}, {\"all\": [{\"hire_type\": "
	    "[\"experienced\"]}, {\"hire_year\": [1, 1]}]}]}]}";

	(void)state;
	check(chief, "level=unit_chief since=2024-04-01 type=new "
	    "hired=2010-04-01", RULE_YES, "係長級・昇任1年目");
	check(chief, "level=unit_chief since=2024-04-01 type=experienced "
	    "hired=2024-04-01", RULE_YES, "係長級・昇任1年目");
	check(chief, "level=unit_chief since=2023-04-01 type=experienced "
	    "hired=2024-04-01", RULE_YES, "係長級・経験者採用・採用1年目");
	check(chief, "level=senior since=2024-04-01", RULE_NO, "主任のため");
	/* The first NO of any is the reason. */
	check(chief, "level=unit_chief since=2022-04-01 type=new "
	    "hired=2000-04-01", RULE_NO, "昇任3年目のため");
	/* NO beats UNKNOWN in all, even after it. */
	check("{\"all\": [{\"age_on\": [\"2024-04-01\", 35, 35]}, "
	    "{\"level\": [\"director\"]}]}", "level=senior", RULE_NO,
	    "主任のため");
	/* UNKNOWN names the missing field, first one first. */
	check(chief, "level=unit_chief", RULE_UNKNOWN, "現職層への昇任日");
	check_lang(chief, "level=unit_chief", RULE_UNKNOWN, "en",
	    "the roster has no date of promotion");
	check_lang("{\"hire_year\": [2, 2]}", "hired=2022-04-01", RULE_NO,
	    "en", "not a match: year 3 since hire");
	check("{\"all\": [{\"level\": [\"unit_chief\"]}, {\"open\": true}]}",
	    "level=unit_chief", RULE_YES, "係長級・希望者");
}

static void
test_is_open(void **state)
{
	static const struct {
		const char	*json;
		bool		 open;
	} cases[] = {
		{ "{\"open\": true}", true },
		{ "{\"everyone\": true}", false },
		{ "{\"level\": [\"unit_chief\"]}", false },
		{ "{\"all\": [{\"level\": [\"unit_chief\"]}, {\"open\": true}]}",
		    true },
		{ "{\"any\": [{\"level\": [\"director\"]}, {\"open\": true}]}",
		    true },
		{ "{\"any\": [{\"duty\": [\"first_evaluator\"]}, {\"all\": ["
		    "{\"level\": [\"section_chief\"]}, {\"open\": true}]}]}",
		    true },
		{ "{\"not\": {\"open\": true}}", false },
	};
	struct rule	*r;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = parse_ok(cases[i].json);
		if (rule_is_open(r) != cases[i].open)
			fail_msg("rule_is_open(%s) != %d", cases[i].json,
			    cases[i].open);
		rule_free(r);
	}
}

/* fiscal_year 0 takes the fiscal year of as_of. */
static void
test_env_as_of(void **state)
{
	struct rule_env	 env = { 0, 0, NULL, NULL, NULL, NULL };
	struct staff	*s;
	struct rule	*r;

	(void)state;
	assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
	r = parse_ok("{\"hire_year\": [2, 2]}");
	s = person("hired=2023-04-01");
	env.as_of = clock_from_local(2024, 4, 1, 0, 0);
	assert_int_equal(rule_eval(r, s, &env, NULL, NULL, NULL), RULE_YES);
	env.as_of = clock_from_local(2024, 3, 31, 23, 59);
	assert_int_equal(rule_eval(r, s, &env, NULL, NULL, NULL), RULE_NO);
	staff_free(s);
	rule_free(r);
}

/* Bad rules are refused whole, with the path to the mistake. */
static void
test_bad_rules(void **state)
{
	static const struct {
		const char	*json;
		const char	*cause;
	} cases[] = {
		{ "", "rule: line 1" },
		{ "[1]", "rule: a rule is an object with exactly one key" },
		{ "{}", "rule: a rule is an object with exactly one key" },
		{ "{\"open\": true, \"everyone\": true}", "exactly one key" },
		{ "{\"open\": true, \"open\": true}", "duplicate" },
		{ "{\"boss\": true}", "rule: unknown rule \"boss\"" },
		{ "{\"all\": [{\"open\": true}, {\"level\": [\"boss\"]}]}",
		    "all[1].level[0]: unknown level \"boss\"" },
		{ "{\"all\": []}", "all: expected a non-empty array" },
		{ "{\"any\": {\"open\": true}}", "any: expected a non-empty" },
		{ "{\"not\": {\"any\": [{\"family\": [\"clerk\"]}]}}",
		    "not.any[0].family[0]: unknown family \"clerk\"" },
		{ "{\"not\": [{\"open\": true}]}", "not: a rule is an object" },
		{ "{\"open\": false}", "open: expected true" },
		{ "{\"everyone\": 1}", "everyone: expected true" },
		{ "{\"selected\": \"yes\"}", "selected: expected true" },
		{ "{\"level\": []}", "level: expected a non-empty array" },
		{ "{\"level\": \"director\"}", "level: expected a non-empty" },
		{ "{\"level\": [1]}", "level[0]: expected a string" },
		{ "{\"hire_type\": [\"new\", \"old\"]}",
		    "hire_type[1]: unknown hire_type \"old\"" },
		{ "{\"exam_category\": [\"Ⅱ\"]}", "exam_category[0]: unknown" },
		{ "{\"passed_exam\": [\"chief\"]}", "passed_exam[0]: unknown" },
		{ "{\"eligible_exam\": [\"主任\"]}", "eligible_exam[0]: unknown" },
		{ "{\"duty\": [\"evaluator\"]}", "duty[0]: unknown duty" },
		{ "{\"hire_year\": [3, 2]}", "hire_year: minimum 3 is above "
		    "maximum 2" },
		{ "{\"hire_year\": [0, 2]}", "hire_year[0]: 0 is out of range" },
		{ "{\"hire_year\": [1]}", "hire_year: expected [MIN, MAX]" },
		{ "{\"level_year\": [1, 2.5]}", "level_year[1]: expected a whole" },
		{ "{\"level_year\": [\"1\", 2]}", "level_year[0]: expected a "
		    "whole" },
		{ "{\"hired_between\": [\"2020-04-01\", \"2019-04-02\"]}",
		    "hired_between: 2020-04-01 is after 2019-04-02" },
		{ "{\"hired_between\": [\"2019/04/02\", \"2020-04-01\"]}",
		    "hired_between[0]: expected a date written YYYY-MM-DD" },
		{ "{\"promoted_between\": [\"2023-04-02\", \"2023-02-30\"]}",
		    "promoted_between[1]: expected a date" },
		{ "{\"promoted_between\": [\"2023-04-02\"]}",
		    "promoted_between: expected [" },
		{ "{\"age_on\": [\"2024-04-01\", 35]}", "age_on: expected [" },
		{ "{\"age_on\": [35, 35, \"2024-04-01\"]}", "age_on[0]: expected "
		    "a date" },
		{ "{\"age_on\": [\"2024-04-01\", 60, 55]}", "age_on: minimum 60" },
		{ "{\"age_on\": [\"2024-04-01\", -1, 55]}", "age_on[1]: -1 is "
		    "out of range" },
		{ "{\"completed\": [\"R 01\"]}", "completed[0]: \"R 01\" is not "
		    "a course code" },
		{ "{\"completed\": [\"R-01-TOO-LONG-CODE\"]}", "completed[0]" },
		{ "{\"all\": [{\"any\": [{\"not\": {\"all\": [{\"open\": true}, "
		    "{\"age_on\": [\"2024-04-01\", 35, \"x\"]}]}}]}]}",
		    "all[0].any[0].not.all[1].age_on[2]: expected a whole" },
	};
	struct rule	*r;
	char		*cause;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		r = rule_parse(cases[i].json, &cause);
		if (r != NULL)
			fail_msg("rule_parse(%s) accepted it", cases[i].json);
		if (cause == NULL || strstr(cause, cases[i].cause) == NULL)
			fail_msg("rule_parse(%s): \"%s\", want \"%s\"",
			    cases[i].json, cause, cases[i].cause);
		free(cause);
	}
}

/* Deep nesting is refused, not a stack overflow. */
static void
test_deep_rule(void **state)
{
	struct buf	 b;
	struct rule	*r;
	char		*cause = NULL;
	int		 i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 200; i++)
		buf_addstr(&b, "{\"not\": ");
	buf_addstr(&b, "{\"open\": true}");
	for (i = 0; i < 200; i++)
		buf_addstr(&b, "}");
	r = rule_parse(b.data, &cause);
	assert_null(r);
	assert_non_null(strstr(cause, "nest deeper"));
	free(cause);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_level_family),
		cmocka_unit_test(test_hire_type_exam),
		cmocka_unit_test(test_hire_year_edges),
		cmocka_unit_test(test_level_year),
		cmocka_unit_test(test_date_ranges),
		cmocka_unit_test(test_age_edges),
		cmocka_unit_test(test_age_leap_day),
		cmocka_unit_test(test_exams_duties),
		cmocka_unit_test(test_completed),
		cmocka_unit_test(test_three_valued),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_is_open),
		cmocka_unit_test(test_env_as_of),
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_deep_rule),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

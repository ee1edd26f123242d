/*
 * test_imessage_stats.c: HR's monthly I-message figures (q_imessage_stats)
 * against a generated history of 10,000 I-messages over FY2024 whose
 * answers the test counts itself, in C, from what it generated: shares of
 * senders and recipients by department and level, cross-department and
 * upward messages, whole I-messages, value tags, withdrawn and hidden ones
 * left out, and every group under five people suppressed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"

#define NSTAFF		99
#define NMESSAGES	10000
#define NMONTHS		12
#define NDEPTS		3
#define NLEVELS		3
#define NVALUES		4

static const char *const depts[NDEPTS] = { "区民生活部", "総務部", "選挙管理" };
static const char *const levels[NLEVELS] = { "section_chief", "staff",
    "unit_chief" };	/* in the order SQLite sorts them */
static const char *const value_ids[NVALUES] = { "enjoy", "help", "koshu",
    "respect" };

struct person {
	char	 id[8];
	int	 dept;
	int	 level;
	int	 manager;	/* index, -1 none */
	bool	 active;
};

struct expect {
	bool	 sent[NSTAFF], received[NSTAFF];
	int	 messages, cross, upward, coached, complete;
	int	 values[NVALUES];
};

static struct person	 people[NSTAFF];
static struct expect	 want[NMONTHS];

/* A small PRNG of our own, so the history is the same on every machine. */
static uint32_t	rng = 20240401;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/*
 * 95 people in two departments of 50 and 45, each under a section chief,
 * unit chiefs every fifth person reporting to the chief, staff to the
 * unit chief before them; then a department of 4, too small to show.
 * One person of 総務部 has left (inactive): not counted as staff.
 */
static void
make_people(struct tfix *f)
{
	struct staff	s;
	int		i, d, k, chief = 0, unit = 0;

	for (i = 0; i < NSTAFF; i++) {
		struct person	*p = &people[i];

		d = i < 50 ? 0 : i < 95 ? 1 : 2;
		k = d == 0 ? i : d == 1 ? i - 50 : i - 95;
		snprintf(p->id, sizeof p->id, "S%03d", i);
		p->dept = d;
		p->active = i != 42;
		if (k == 0) {
			p->level = 0;
			p->manager = -1;
			chief = unit = i;
		} else if (k % 5 == 0) {
			p->level = 2;
			p->manager = chief;
			unit = i;
		} else {
			p->level = 1;
			p->manager = unit;
		}
		memset(&s, 0, sizeof s);
		s.employee_id = p->id;
		s.name = p->id;
		s.department = (char *)depts[d];
		s.job_level = (char *)levels[p->level];
		s.manager_id = p->manager >= 0 ? people[p->manager].id : NULL;
		s.roles = (char *)"";
		s.active = p->active;
		assert_int_equal(q_staff_upsert(f->app.db, &s), 0);
	}
}

static bool
is_above(int sender, int recipient)
{
	int	m, hops = 0;

	for (m = people[sender].manager; m >= 0 && hops < NSTAFF;
	    m = people[m].manager, hops++) {
		if (m == recipient)
			return true;
	}
	return false;
}

/* One I-message; what it adds to the month's answers unless left out. */
static void
make_message(struct tfix *f, int n)
{
	static const int parts_of[] = { 7, 7, 5, 3, 15, 23, -1 };
	struct imessage	 m;
	const char	*vals[NVALUES];
	struct expect	*e;
	int64_t		 id;
	int		 s, r, mon, i, nv = 0;
	bool		 out;
	time_t		 from, to;
	char		 body[32];

	s = (int)(next() % 95);		/* the small department sends none */
	do
		r = (int)(next() % NSTAFF);
	while (r == s);
	mon = (int)(next() % NMONTHS);
	from = clock_from_local(2024 + (mon >= 9), (mon + 3) % 12 + 1, 1, 0, 0);
	to = clock_from_local(2024 + (mon >= 8), (mon + 4) % 12 + 1, 1, 0, 0);
	memset(&m, 0, sizeof m);
	m.sender = people[s].id;
	m.recipient = people[r].id;
	snprintf(body, sizeof body, "message %d", n);
	m.body = body;
	m.created_at = from + (time_t)(next() % (uint32_t)(to - from));
	m.parts = parts_of[next() % (sizeof parts_of / sizeof parts_of[0])];
	for (i = 0; i < NVALUES; i++) {
		if (next() % 3 == 0)
			vals[nv++] = value_ids[i];
	}
	assert_int_equal(q_imessage_insert(f->app.db, &m, vals, (size_t)nv,
	    NULL, &id), 0);
	out = n % 97 == 0 || n % 101 == 0;
	if (n % 97 == 0)
		assert_int_equal(q_imessage_hide(f->app.db, id, "S001",
		    m.created_at), 1);
	else if (n % 101 == 0)
		assert_int_equal(q_imessage_withdraw(f->app.db, id,
		    m.created_at), 1);
	if (out)
		return;
	e = &want[mon];
	e->sent[s] = e->received[r] = true;
	e->messages++;
	e->cross += people[s].dept != people[r].dept;
	e->upward += is_above(s, r);
	if (m.parts >= 0) {
		e->coached++;
		e->complete += (m.parts & 7) == 7 && (m.parts & 24) == 0;
	}
	for (i = 0; i < nv; i++)
		e->values[strcmp(vals[i], "enjoy") == 0 ? 0 :
		    strcmp(vals[i], "help") == 0 ? 1 :
		    strcmp(vals[i], "koshu") == 0 ? 2 : 3]++;
}

static int
setup(void **state)
{
	struct tfix	*f = tfix_create();
	int		 n;

	make_people(f);
	assert_int_equal(db_begin(f->app.db), 0);
	for (n = 1; n <= NMESSAGES; n++)
		make_message(f, n);
	assert_int_equal(db_commit(f->app.db), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	tfix_free(*state);
	return 0;
}

/* Who of a group (dept or level, -1 any) sent, received; its size. */
static void
count_group(const struct expect *e, int dept, int level, int *staff,
    int *sent, int *received)
{
	int	i;

	*staff = *sent = *received = 0;
	for (i = 0; i < NSTAFF; i++) {
		if (!people[i].active || (dept >= 0 && people[i].dept != dept) ||
		    (level >= 0 && people[i].level != level))
			continue;
		(*staff)++;
		*sent += e->sent[i];
		*received += e->received[i];
	}
}

static void
check_group(const struct imstats_group *g, const char *name, int staff,
    int sent, int received)
{
	if (name != NULL)
		assert_string_equal(g->name, name);
	if (staff < IMSTATS_MIN_GROUP) {
		assert_true(g->suppressed);
		assert_int_equal(g->staff + g->senders + g->recipients, 0);
		return;
	}
	assert_false(g->suppressed);
	assert_int_equal(g->staff, staff);
	assert_int_equal(g->senders, sent);
	assert_int_equal(g->recipients, received);
}

static void
check_month(struct tfix *f, int mon)
{
	const struct expect	*e = &want[mon];
	struct imstats		 st;
	int			 y = 2024 + (mon >= 9), m = (mon + 3) % 12 + 1;
	int			 staff, sent, received, i;

	assert_int_equal(q_imessage_stats(f->app.db,
	    clock_from_local(y, m, 1, 0, 0), clock_from_local(m == 12 ? y + 1 :
	    y, m % 12 + 1, 1, 0, 0), &st), 0);
	count_group(e, -1, -1, &staff, &sent, &received);
	assert_int_equal(staff, 98);
	check_group(&st.all, st.all.name, staff, sent, received);
	assert_int_equal(st.messages, e->messages);
	assert_int_equal(st.cross_department, e->cross);
	assert_int_equal(st.upward, e->upward);
	assert_int_equal(st.coached, e->coached);
	assert_int_equal(st.complete, e->complete);
	assert_int_equal(st.ndepartments, NDEPTS);
	for (i = 0; i < NDEPTS; i++) {
		count_group(e, i, -1, &staff, &sent, &received);
		check_group(&st.departments[i], depts[i], staff, sent,
		    received);
	}
	assert_true(st.departments[2].suppressed);	/* 選挙管理: 4 people */
	assert_int_equal(st.nlevels, NLEVELS);
	for (i = 0; i < NLEVELS; i++) {
		count_group(e, -1, i, &staff, &sent, &received);
		check_group(&st.levels[i], levels[i], staff, sent, received);
	}
	assert_true(st.levels[0].suppressed);	/* three section chiefs */
	assert_int_equal(st.nvalues, NVALUES);
	for (i = 0; i < NVALUES; i++) {
		assert_string_equal(st.values[i].name, value_ids[i]);
		assert_int_equal(st.values[i].senders, e->values[i] <
		    IMSTATS_MIN_GROUP ? 0 : e->values[i]);
	}
	imstats_clear(&st);
}

static void
test_every_month(void **state)
{
	struct tfix	*f = *state;
	int		 mon, total = 0;

	for (mon = 0; mon < NMONTHS; mon++) {
		check_month(f, mon);
		total += want[mon].messages;
		/* A month of ~800 has senders and shares worth testing. */
		assert_true(want[mon].messages > 700);
		assert_true(want[mon].upward > 0);
		assert_true(want[mon].cross > 0);
	}
	assert_int_equal(total, NMESSAGES - NMESSAGES / 97 - NMESSAGES / 101 +
	    NMESSAGES / (97 * 101));
}

/* A month nobody wrote in, and a ward too small to show anything. */
static void
test_empty_and_small(void **state)
{
	struct tfix	*f = *state;
	struct imstats	 st;
	int		 i;

	assert_int_equal(q_imessage_stats(f->app.db,
	    clock_from_local(2025, 4, 1, 0, 0), clock_from_local(2025, 5, 1, 0,
	    0), &st), 0);
	assert_int_equal(st.messages, 0);
	assert_int_equal(st.all.staff, 99);	/* with HR's H1 */
	assert_int_equal(st.all.senders, 0);
	assert_int_equal(st.nvalues, 0);
	imstats_clear(&st);
	assert_int_equal(db_exec(f->app.db, "UPDATE staff SET active = 0 "
	    "WHERE employee_id <> 'S000'"), 0);
	assert_int_equal(q_imessage_stats(f->app.db,
	    clock_from_local(2024, 4, 1, 0, 0), clock_from_local(2024, 5, 1, 0,
	    0), &st), 0);
	assert_true(st.all.suppressed);
	assert_int_equal(st.messages + st.upward + st.cross_department +
	    st.complete, 0);
	for (i = 0; i < (int)st.ndepartments; i++)
		assert_true(st.departments[i].suppressed);
	imstats_clear(&st);
}

/* The chat view: aggregates only, no names, small groups said so. */
static void
test_chat_view(void **state)
{
	struct tfix		*f = *state;
	struct tfix_person	 hr = { .id = "H1", .level = "senior",
	    .hired = "2015-04-01", .roles = "hr" };
	int			 i;
	char			 id[8];

	tfix_person(f, &hr);
	clock_set(clock_from_local(2024, 6, 20, 10, 0));
	assert_int_equal(tfix_say(f, "H1", "stats imessages", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージの集計 2024-06");
	tfix_contains(f->text, "全体: 送った職員 ");
	tfix_contains(f->text, "・総務部: 送った ");
	tfix_contains(f->text, "・選挙管理: 5人未満のため表示しません");
	tfix_contains(f->text, "・課長級: 5人未満のため表示しません");
	tfix_contains(f->text, "#たすけあエール ");
	for (i = 0; i < NSTAFF; i++) {
		snprintf(id, sizeof id, "S%03d", i);
		assert_null(strstr(f->text, id));
	}
	assert_null(strstr(f->text, "message "));
	assert_int_equal(tfix_say(f, "H1", "stats imessages ２０２４－０５", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "Iメッセージの集計 2024-05");
	assert_int_equal(tfix_say(f, "H1", "stats imessages 先月", NULL),
	    DISPATCH_DONE);
	tfix_contains(f->text, "使い方: stats imessages");
	/* Not for staff. */
	assert_int_equal(q_identity_link(f->app.db, "test", "S005", "S005"), 1);
	assert_int_equal(tfix_say(f, "S005", "stats imessages", NULL),
	    DISPATCH_DONE);
	assert_null(strstr(f->text, "Iメッセージの集計"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_month),
		cmocka_unit_test(test_chat_view),
		cmocka_unit_test(test_empty_and_small),	/* last: it retires */
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

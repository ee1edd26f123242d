/*
 * testlib.c: see testlib.h.
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

static char *
tfix_path(const char *rel)
{
	const char	*src = getenv("YELL_SOURCE_DIR");
	char		*p;

	assert_non_null(src);
	xasprintf(&p, "%s/%s", src, rel);
	return p;
}

/* A fixture at Monday 2024-06-03 09:00 JST, managers-only I-messages. */
struct tfix *
tfix_create(void)
{
	struct tfix	*f = xcalloc(1, sizeof *f);
	char		*dir, *cause = NULL;

	assert_int_equal(clock_set_zone("Asia/Tokyo"), 0);
	clock_set(clock_from_local(2024, 6, 3, 9, 0));
	dir = tfix_path("config");
	f->cfg.language = xstrdup("ja");
	f->cfg.data_dir = dir;
	f->cfg.imessage_senders = CFG_SENDERS_MANAGERS;
	f->cfg.imessage_max_length = 500;
	f->cfg.work_hours = xstrdup("08:30-17:15");
	f->cfg.remind_before = xstrdup("7d, 1wd, 0d");
	f->cfg.remind_time = xstrdup("09:00");
	f->chat.platform = "test";
	f->reply_in_ack = true;
	f->app.cfg = &f->cfg;
	f->app.chat = &f->chat;
	f->app.remind = &f->policy;
	f->app.db = db_open(":memory:", &cause);
	f->app.msg = msgcat_load(dir, &cause);
	f->app.mvv = mvv_load(dir, &cause);
	assert_int_equal(calendar_load(&f->cfg, &f->app.cal, &f->policy,
	    &cause), 0);
	assert_non_null(f->app.db);
	assert_non_null(f->app.msg);
	assert_non_null(f->app.mvv);
	reply_init(&f->reply);
	return f;
}

void
tfix_free(struct tfix *f)
{
	reply_clear(&f->reply);
	free(f->text);
	db_close(f->app.db);
	msgcat_free(f->app.msg);
	mvv_free(f->app.mvv);
	workcal_free(f->app.cal);
	free(f->cfg.language);
	free(f->cfg.data_dir);
	free(f->cfg.work_hours);
	free(f->cfg.remind_before);
	free(f->cfg.remind_time);
	free(f);
	clock_reset();
	db_set_fault(0);
}

/* Adds a person who can talk to the bot as chat user id. */
void
tfix_staff(struct tfix *f, const char *id, const char *name,
    const char *kana, const char *level, const char *manager)
{
	struct staff	s;

	memset(&s, 0, sizeof s);
	s.employee_id = (char *)id;
	s.name = (char *)name;
	s.name_kana = (char *)kana;
	s.section = (char *)"人事課";
	s.job_level = (char *)level;
	s.manager_id = (char *)manager;
	s.roles = (char *)"";
	s.active = true;
	assert_int_equal(q_staff_upsert(f->app.db, &s), 0);
	assert_int_equal(q_identity_link(f->app.db, "test", id, id), 1);
}

/*
 * A staff member with what the target rules read: 総務課, administrative,
 * hired new in exam category I, born 1990-05-05.  With facts, the roster
 * says "none" of passed and eligible exams and duties; without, it says
 * nothing (unknown).  Linked as chat user id on the platform "test".
 */
void
tfix_person(struct tfix *f, const struct tfix_person *p)
{
	struct staff	s;

	memset(&s, 0, sizeof s);
	s.employee_id = (char *)p->id;
	s.name = (char *)(p->name != NULL ? p->name : p->id);
	s.section = (char *)"総務課";
	s.job_family = (char *)"admin";
	s.job_level = (char *)p->level;
	s.manager_id = (char *)p->manager;
	s.hire_date = (char *)p->hired;
	s.hire_type = (char *)"new";
	s.exam_category = (char *)"I";
	s.level_since = (char *)(p->since != NULL ? p->since : p->hired);
	s.birth_date = (char *)"1990-05-05";
	if (p->facts)
		s.passed_exam = s.eligible_exam = s.duties = (char *)"";
	s.roles = (char *)(p->roles != NULL ? p->roles : "");
	s.active = true;
	assert_int_equal(q_staff_upsert(f->app.db, &s), 0);
	assert_int_equal(q_identity_link(f->app.db, "test", p->id, p->id), 1);
}

/*
 * Imports the demo roster (config/demo/roster.csv), each person linked as
 * chat user <employee id> on the platform "test".  Returns how many.
 */
int
tfix_demo_roster(struct tfix *f)
{
	struct roster	 r;
	char		*path = tfix_path("config/demo/roster.csv");
	int		 added, updated;
	size_t		 i;

	if (roster_read(f->app.db, path, &r) != 0)
		fail_msg("%s", r.errors != NULL ? r.errors : "roster");
	assert_int_equal(roster_apply(f->app.db, &r, &added, &updated), 0);
	for (i = 0; i < r.n; i++)
		assert_int_equal(q_identity_link(f->app.db, "test",
		    r.staff[i].employee_id, r.staff[i].employee_id), 1);
	roster_clear(&r);
	free(path);
	return added;
}

/* Loads config/catalog/2024.json.  Returns the number of courses. */
int
tfix_catalog(struct tfix *f)
{
	struct catalog	 cat;
	char		*path = tfix_path("config/catalog/2024.json");
	int		 added, updated, n;

	if (catalog_read(path, &cat) != 0)
		fail_msg("%s", cat.errors);
	assert_int_equal(catalog_apply(f->app.db, &cat, &added, &updated), 0);
	n = (int)cat.ncourses;
	catalog_clear(&cat);
	free(path);
	return n;
}

/* Sends text as user through dispatch.  OUT: f->text. */
enum dispatch_result
tfix_say(struct tfix *f, const char *user, const char *text,
    const char *delivery_id)
{
	struct request		req;
	struct answer		ans;
	enum dispatch_result	res;

	memset(&req, 0, sizeof req);
	req.platform = xstrdup("test");
	req.chat_user = xstrdup(user);
	req.text = xstrdup(text);
	req.delivery_id = delivery_id != NULL ? xstrdup(delivery_id) : NULL;
	req.direct = true;
	req.reply_in_ack = f->reply_in_ack;
	reply_clear(&f->reply);
	answer_init(&ans);
	res = dispatch(&f->app, &req, &ans);
	f->reply = ans.reply;
	form_view_clear(&ans.form);
	free(f->text);
	f->text = reply_to_text(&f->reply);
	request_clear(&req);
	return res;
}

int
tfix_count(struct tfix *f, const char *sql)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(f->app.db), sql, -1,
	    &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/*
 * Runs every scheduled job at the current clock, slice after slice until
 * it has nothing more due, as sched_run does.  Returns the messages
 * queued, or -1 at the first failed slice.
 */
int
tfix_tick(struct tfix *f)
{
	const struct handler	*h;
	struct ctx		 ctx;
	char			 resume[sizeof ctx.resume];
	size_t			 i;
	int			 n, total = 0;

	for (i = 0; i < handler_count; i++) {
		h = handler_table[i];
		if (h->on_tick == NULL)
			continue;
		memset(resume, 0, sizeof resume);
		do {
			sched_job_ctx(&f->app, &ctx);
			memcpy(ctx.resume, resume, sizeof resume);
			if ((n = h->on_tick(&ctx)) < 0)
				return -1;
			memcpy(resume, ctx.resume, sizeof resume);
			total += n;
			f->slices++;
		} while (ctx.more);
	}
	return total;
}

void
tfix_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("\"%s\" not in \"%s\"", needle, haystack);
}

/* "2024-07-05 08:30" in Asia/Tokyo. */
time_t
tfix_at(const char *local)
{
	time_t	t;

	assert_int_equal(clock_parse(local, &t), 0);
	return t;
}

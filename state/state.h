/*
 * state.h: SQLite state, one header for state/, sectioned by file.
 *
 * Each thread opens its own struct db.  Statements are prepared once into
 * the db's cache and every use ends with a reset, so callers never see a
 * sqlite3_stmt.  Strings handed out are copies the caller frees.
 */
#ifndef YELL_STATE_H
#define YELL_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

/* db.c */
struct db;
struct db	*db_open(const char *path, char **cause);
void		 db_close(struct db *);
sqlite3		*db_handle(struct db *);
sqlite3_stmt	*db_stmt(struct db *, const char *sql);
void		 db_done(sqlite3_stmt *);
int		 db_run(struct db *, sqlite3_stmt *, const char *caller);
int		 db_begin(struct db *);
int		 db_writable(struct db *, int ms);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int		 db_savepoint(struct db *);
int		 db_release(struct db *);
int		 db_rollback_to(struct db *);
int		 db_exec(struct db *, const char *sql);
int		 db_version(struct db *);
const char	*db_errmsg(struct db *);
char		*db_column_text(sqlite3_stmt *, int);
void		 db_bind_text(sqlite3_stmt *, int, const char *);
void		*db_collect(sqlite3_stmt *, size_t, void (*)(sqlite3_stmt *,
		    void *), size_t *n);
void		 db_set_fault(int nth);
uint64_t	 db_changes(struct db *, const char *table);
void		 db_checkpoint_by(struct db *, void (*)(void *, int), void *);
void		 db_checkpoint_all_by(void (*)(void *, int), void *);

/* db_admin.c */
int		 db_integrity(struct db *, char **report);
int		 db_backup(struct db *, const char *path, char **cause);

/* q_person.c: one person's data, exported or erased. */
int		 q_person_export(struct db *, const char *employee_id,
		    char **json);
int		 q_person_erase(struct db *, const char *employee_id,
		    const char *stand_in);

/* migrate.c */
int		 migrate_run(struct db *, char **cause);
int		 migrate_latest(void);

/* q_staff.c (struct staff and its helpers are in lib.h) */
int		 q_staff_upsert(struct db *, const struct staff *);
struct staff	*q_staff_get(struct db *, const char *employee_id);
int		 q_staff_exists(struct db *, const char *employee_id);
struct staff	*q_staff_find(struct db *, const char *who, size_t *n);
struct staff	*q_staff_list(struct db *, size_t *n);
int		 q_staff_by_chat(struct db *, const char *platform,
		    const char *chat_user, struct staff **);
int		 q_staff_count(struct db *);
struct staff	*q_staff_team(struct db *, const char *manager_id,
		    bool whole_line, size_t *n);
struct staff	*q_staff_managers(struct db *, size_t *n);
int		 q_staff_each(struct db *, int (*)(void *,
		    const struct staff *, const char *lang, bool linked),
		    void *);

/* roster.c: the roster CSV, validated whole before anything changes. */
struct roster {
	struct staff	*staff;
	size_t		 n;
	char		*errors;	/* "file:line: reason" lines, or NULL */
	size_t		 nerrors;
};
int		 roster_read(struct db *, const char *path, struct roster *);
int		 roster_apply(struct db *, const struct roster *, int *added,
		    int *updated);
void		 roster_clear(struct roster *);
const char	*roster_level_code(const char *written);
struct roster_map;
int		 roster_read_map(struct db *, const char *path,
		    const struct roster_map *, struct roster *);
int		 roster_read_enc(struct db *, const char *path,
		    const struct roster_map *, const char *encoding,
		    struct roster *);
int		 roster_read_mem(struct db *, const char *path,
		    const char *data, size_t len, const struct roster_map *,
		    struct roster *);
bool		 roster_is_column(const char *);
char		*roster_column_list(void);

/* roster_map.c: an HR export's column headers mapped to roster columns. */
struct roster_map	*roster_map_load(const char *path, char **errors,
			    size_t *nerrors);
struct roster_map	*roster_map_read(FILE *, const char *path,
			    char **errors, size_t *nerrors);
void		 roster_map_free(struct roster_map *);
const char	*roster_map_target(const struct roster_map *,
		    const char *header);

/* catalog.c: a fiscal year's training catalogue (docs/catalog.md). */
struct cat_session {
	time_t	 starts_at;
	time_t	 ends_at;
	bool	 times_known;
	char	*location;
};
struct cat_class {
	char			*key;
	int			 capacity;	/* -1: no limit */
	char			*location;
	struct cat_session	*sessions;
	size_t			 nsessions;
};
struct cat_course {
	char		*code;
	char		*category;
	char		*group;
	char		*title;
	bool		 tokken;
	char		*target_text;
	char		*target_rule;	/* JSON text */
	char		*summary;
	char		*timing_text;
	char		*days_text;
	double		 days;		/* < 0: not a day count */
	char		*format;
	char		*skills;	/* space-separated */
	bool		 mandatory;	/* 必修, as the plan says it */
	char		*mandatory_rule; /* for whom (JSON); NULL: all */
	bool		 designated;	/* 指名: a rank course's group */
	time_t		 window_from;	/* 0: no window */
	time_t		 window_to;
	char		*window_label;
	char		*window_kind;
	char		*notes;		/* for HR: how the plan was read */
	char		*details;	/* for staff: venue, times, parts */
	struct cat_class *classes;
	size_t		 nclasses;
};
struct catalog {
	int		 fiscal_year;
	char		*title;
	struct cat_course *courses;
	size_t		 ncourses;
	char		*errors;	/* "course R-01: field: reason" lines */
	size_t		 nerrors;
};
int		 catalog_read(const char *path, struct catalog *);
int		 catalog_read_mem(const char *path, const char *data,
		    size_t len, struct catalog *);
int		 catalog_apply(struct db *, const struct catalog *,
		    int *added, int *updated);
int		 catalog_apply_kept(struct db *, const struct catalog *,
		    int *added, int *updated, int *kept);
void		 catalog_clear(struct catalog *);
/* The codes of docs/catalog.md, NULL-terminated. */
extern const char *const catalog_skills[];
extern const char *const catalog_categories[];

/* q_course.c */
struct course {
	int64_t	 id;
	int	 fiscal_year;
	char	*code;
	char	*category;
	char	*grp;
	char	*title;
	char	*target_text;
	char	*target_rule;
	char	*summary;
	char	*days_text;
	char	*format;
	char	*skills;
	bool	 mandatory;		/* 必修, as the plan says it */
	time_t	 window_from;
	time_t	 window_to;
	char	*window_label;
	char	*window_kind;
	char	*notes;
	char	*mandatory_rule;	/* for whom (JSON); NULL: all */
	bool	 designated;		/* 指名: a rank course's group */
	char	*details;		/* for staff, or NULL */
	time_t	 next_start;	/* earliest upcoming class, 0 if none */
};
struct class {
	int64_t	 id;
	int64_t	 course_id;
	char	*key;
	int	 capacity;	/* -1: no limit */
	char	*location;
	bool	 cancelled;
	time_t	 starts_at;
	time_t	 ends_at;
	int	 nsessions;
	int	 enrolled;	/* seats taken */
	int	 waiting;
	bool	 times_known;	/* every session has its times */
	bool	 moved;		/* by an operator since the import */
	int	 revision;	/* changes by operators: ics SEQUENCE */
};
struct session {
	time_t	 starts_at;
	time_t	 ends_at;
	bool	 times_known;
	char	*location;
};
int		 q_course_upsert(struct db *, int fy, const struct cat_course *,
		    int64_t *id);
int		 q_class_upsert(struct db *, int64_t course_id,
		    const struct cat_class *, int64_t *id, bool *kept);
struct course	*q_course_get(struct db *, int fy, const char *code);
struct course	*q_course_by_id(struct db *, int64_t id);
struct course	*q_course_search(struct db *, int fy, const char *words,
		    const char *skill, const char *category, time_t from,
		    time_t to, size_t *n);
struct course	*q_course_list(struct db *, int fy, size_t *n);
int		 q_course_count(struct db *, int fy);
struct class	*q_class_list(struct db *, int64_t course_id, size_t *n);
struct class	*q_class_get(struct db *, int64_t class_id);
struct session	*q_session_list(struct db *, int64_t class_id, size_t *n);
int		 q_class_move(struct db *, int64_t class_id, time_t delta);
int		 q_class_cancel(struct db *, int64_t class_id);
int		 q_class_reopen(struct db *, int64_t class_id);
int		 q_class_set_capacity(struct db *, int64_t class_id,
		    int capacity);
void		 course_free(struct course *);
void		 course_array_free(struct course *, size_t);
void		 class_array_free(struct class *, size_t);
void		 session_array_free(struct session *, size_t);

/* q_enroll.c */
struct enrollment {
	int64_t	 id;
	char	*employee_id;
	int64_t	 course_id;
	int64_t	 class_id;	/* 0: the course has no classes */
	char	*status;	/* enrolled, waitlisted, cancelled, completed */
	time_t	 created_at;
	char	*code;		/* of the course */
	char	*title;
	time_t	 starts_at;	/* of the class, 0 if none */
	time_t	 ends_at;
	char	*window_label;	/* of the course, when it has no class */
};
int		 q_enroll_active(struct db *, const char *employee_id,
		    int64_t course_id, struct enrollment *);
int		 q_enroll_insert(struct db *, const char *employee_id,
		    int64_t course_id, int64_t class_id, const char *status,
		    const char *recommended_by, time_t now, int64_t *id);
int		 q_enroll_set(struct db *, int64_t id, const char *status,
		    int64_t class_id, time_t now);
int		 q_enroll_first_waiting(struct db *, int64_t class_id,
		    struct enrollment *);
struct enrollment *q_enroll_mine(struct db *, const char *employee_id,
		    int fy, size_t *n);
struct enrollment *q_enroll_of_class(struct db *, int64_t class_id,
		    size_t *n);
struct enrollment *q_enroll_get(struct db *, int64_t id);
int64_t		*q_enroll_ids(struct db *, int fy, size_t *n);
int		 q_enroll_wait_position(struct db *, int64_t enrollment_id);
struct enrollment *q_enroll_of_cancelled_class(struct db *,
		    int64_t class_id, size_t *n);
struct enrollment *q_enroll_class_cancelled(struct db *,
		    const char *employee_id, int fy, size_t *n);
int		 q_enroll_complete(struct db *, const char *employee_id,
		    int64_t course_id, time_t when);
void		 enrollment_clear(struct enrollment *);
void		 enrollment_array_free(struct enrollment *, size_t);

/* q_reminder.c */
struct reminder {
	int64_t	 id;
	int64_t	 enrollment_id;
	char	*employee_id;
	char	*kind;
	time_t	 due_at;
	time_t	 useful_until;
	char	*code;
	char	*title;
	time_t	 class_start;	/* 0 for a window */
	bool	 class_times;	/* the plan gives its time of day */
	char	*window_label;
	time_t	 window_to;
	char	*location;
};
int		 q_reminder_add(struct db *, int64_t enrollment_id,
		    const char *kind, time_t due_at, time_t useful_until);
int		 q_reminder_drop(struct db *, int64_t enrollment_id);
struct reminder	*q_reminder_due(struct db *, time_t now, int people,
		    size_t *n);
struct reminder	*q_reminder_upcoming(struct db *, const char *employee_id,
		    time_t now, int limit, size_t *n);
int		 q_reminder_mark(struct db *, int64_t id, const char *status);
int		 q_reminder_skip_stale(struct db *, time_t now, int limit);
int		 q_reminder_next(struct db *, time_t *when);
void		 reminder_array_free(struct reminder *, size_t);

/* remind.c: when to remind an enrolled person. */
struct workcal;
#define REMIND_MAX_OFFSETS	8
struct remind_offset {
	int	 n;		/* days before */
	bool	 working;	/* counted in working days */
};
struct remind_policy {
	struct remind_offset	 offsets[REMIND_MAX_OFFSETS];
	size_t			 noffsets;
	int			 time_min;	/* time of day, minutes */
	int			 work_start_min;
};
int		 remind_parse_offsets(const char *, struct remind_policy *);
int		 remind_plan(struct db *, const struct workcal *,
		    const struct remind_policy *, int64_t enrollment_id,
		    time_t now);
int		 remind_plan_count(struct db *, const struct workcal *,
		    const struct remind_policy *, int64_t enrollment_id,
		    time_t now, int *planned);

/* q_selection.c: who HR selected or nominated (選抜・推薦) for a course. */
int		 q_selection_add(struct db *, const char *employee_id,
		    int64_t course_id, const char *kind,
		    const char *recorded_by, time_t now);
int		 q_selection_of(struct db *, const char *employee_id,
		    int64_t course_id, bool endorsed);
struct endorsed {
	char	*code;
	char	*title;
	char	*manager;	/* name of who endorsed */
	time_t	 created_at;
};
struct endorsed	*q_endorsed_of(struct db *, const char *employee_id, int fy,
		    size_t *n);
void		 endorsed_array_free(struct endorsed *, size_t);

/*
 * How many levels of managers the line checks follow (q_team_in_line,
 * q_staff_team's whole line); the roster refuses a deeper chain, so that
 * nobody is out of their managers' reach.
 */
#define STATE_LINE_DEPTH	32
#define STATE_LINE_DEPTH_SQL	"32"	/* the same, for the queries */

/* q_team.c: managers' lines and endorsements. */
int		 q_team_in_line(struct db *, const char *manager_id,
		    const char *employee_id);
int		 q_endorse_add(struct db *, const char *manager_id,
		    const char *employee_id, int64_t course_id, time_t now);
int64_t		*q_endorse_courses(struct db *, const char *employee_id,
		    int fy, size_t *n);
int		 q_team_digest_pending(struct db *, const char *month);
struct staff	*q_team_digest_due(struct db *, const char *month,
		    const char *after, int limit, size_t *n);

/* q_identity.c */
struct identity {		/* one link, as q_identity_list reads it */
	char	*platform;
	char	*chat_user;
	char	*employee_id;
	char	*email;		/* the roster's */
	time_t	 checked_at;	/* 0: never */
};
int		 q_identity_link(struct db *, const char *platform,
		    const char *chat_user, const char *employee_id);
int		 q_identity_unlink(struct db *, const char *platform,
		    const char *chat_user, char **employee_id);
int		 q_identity_checked(struct db *, const char *platform,
		    const char *chat_user, time_t now);
struct identity	*q_identity_list(struct db *, const char *platform,
		    time_t before, size_t max, size_t *n);
void		 identity_array_free(struct identity *, size_t);
int		 q_identity_known(struct db *, const char *platform,
		    const char *chat_user);
char		*q_identity_chat_user(struct db *, const char *platform,
		    const char *employee_id);
char		*q_identity_by_email(struct db *, const char *email);

/* q_imessage.c */
struct imessage {
	int64_t	 id;
	char	*sender;
	char	*sender_name;
	char	*recipient;
	char	*recipient_name;
	char	*body;
	char	*values;	/* space-separated value ids */
	time_t	 created_at;
	int	 parts;		/* COACH_* bits; -1: written before coaching */
	bool	 coached;	/* sent as it was after a hint */
	time_t	 thanked_at;	/* 0: not (yet) */
	char	*thanks;	/* the recipient's words, or NULL */
	time_t	 withdrawn_at;
	time_t	 shared_at;
	time_t	 hidden_at;	/* by HR */
	time_t	 delivered_at;
};
int		 q_imessage_delivered(struct db *, int64_t id, time_t at);
int		 q_imessage_insert(struct db *, const struct imessage *,
		    const char *const *values, size_t nvalues,
		    const char *delivery_id, int64_t *id);
struct imessage	*q_imessage_latest(struct db *, const char *employee_id,
		    bool received, int limit, size_t *n);
struct imessage	*q_imessage_page(struct db *, const char *employee_id,
		    bool received, int offset, int limit, size_t *n);
struct imessage	*q_imessage_get(struct db *, int64_t id);
int		 q_imessage_thank(struct db *, int64_t id, const char *text,
		    time_t at);
int		 q_imessage_withdraw(struct db *, int64_t id, time_t at);
int		 q_imessage_share(struct db *, int64_t id, time_t at);
int		 q_imessage_hide(struct db *, int64_t id, const char *by,
		    time_t at);
int		 q_imessage_report(struct db *, int64_t id,
		    const char *reporter, const char *reason, time_t at);
int		 q_imessage_count_values(struct db *, const char *employee_id,
		    bool received, time_t from, time_t to,
		    char ***value_ids, int **counts, size_t *n);
int		 q_imessage_count(struct db *, const char *employee_id,
		    bool received, time_t from, time_t to);
void		 imessage_array_free(struct imessage *, size_t);
/* HR's monthly figures: aggregates only, small groups suppressed. */
#define IMSTATS_MIN_GROUP	5
struct imstats_group {
	char	*name;		/* department, job level code or value id */
	int	 staff;		/* active staff in the group */
	int	 senders;	/* who sent at least one; values: uses */
	int	 recipients;	/* who received at least one */
	bool	 suppressed;	/* under IMSTATS_MIN_GROUP: numbers are 0 */
};
struct imstats {
	struct imstats_group	 all;		/* every active member */
	struct imstats_group	*departments;
	size_t			 ndepartments;
	struct imstats_group	*levels;
	size_t			 nlevels;
	struct imstats_group	*values;	/* senders = times used */
	size_t			 nvalues;
	int	 messages;
	int	 cross_department;	/* sender's department is not the
					   recipient's */
	int	 upward;		/* to someone above in one's own line */
	int	 coached;		/* with the coach's reading (parts) */
	int	 complete;		/* of those, whole I-messages */
};
int		 q_imessage_stats(struct db *, time_t from, time_t to,
		    struct imstats *);
void		 imstats_clear(struct imstats *);
char		**q_imessage_weekly_due(struct db *, time_t from, time_t to,
		    const char *week, const char *after, int limit, size_t *n);

/* q_outbox.c */
enum outbox_status { OUTBOX_PENDING, OUTBOX_SENT, OUTBOX_FAILED,
		     OUTBOX_DEFERRED };	/* DEFERRED: pending, moved to retry_ms
					   by q_outbox_mark_batch */
#define OUTBOX_DIRECT	"direct"	/* the recipient's direct conversation */
#define OUTBOX_POST	"post"		/* a message in a conversation */
#define OUTBOX_PRIVATE	"private"	/* in a conversation, seen by one */
#define OUTBOX_EDIT	"edit"		/* a message the bot sent, changed */
#define OUTBOX_HOME	"home"		/* the recipient's home view */
struct outbox_msg {		/* what q_outbox_add queues */
	const char	*dedupe_key;
	const char	*platform;	/* NULL: any adapter */
	const char	*recipient;	/* employee id */
	const char	*method;	/* OUTBOX_* */
	const char	*body;		/* neutral reply JSON */
	const char	*conversation;	/* post, private: the platform's id */
	const char	*msg_ref;	/* edit: the platform's reference */
	const char	*ref;		/* "handler:id", for its on_sent */
	const char	*chat_user;	/* the account to reach; NULL: the
					   recipient's linked one */
	time_t		 not_before;	/* due from this second */
};
struct outbox_row {
	int64_t	 id;
	char	*dedupe_key;
	char	*platform;	/* NULL: any */
	char	*recipient;	/* employee id */
	char	*method;	/* OUTBOX_* */
	char	*body;		/* neutral reply JSON */
	char	*conversation;
	char	*msg_ref;
	char	*ref;
	char	*chat_user;	/* NULL: the recipient's linked account */
	long long not_before_ms;	/* due from, clock_now_ms */
	int	 attempts;
	/* filled by the sender for q_outbox_mark_batch */
	char	*sent_ref;	/* the platform's reference of the post */
	const char *sent_platform;	/* the adapter that sent it */
	enum outbox_status status;
	char	*error;
	long long retry_ms;	/* pending, DEFERRED: due again from */
};
int		 q_outbox_push(struct db *, const char *dedupe_key,
		    const char *recipient, const char *method,
		    const char *body, time_t not_before);
int		 q_outbox_add(struct db *, const struct outbox_msg *);
int		 q_outbox_due(struct db *, const char *platform,
		    long long now_ms, size_t max, struct outbox_row **,
		    size_t *n);
int		 q_outbox_next(struct db *, time_t now, struct outbox_row *);
void		 outbox_rows_free(struct outbox_row *, size_t);
int		 q_outbox_mark_batch(struct db *, struct outbox_row *, size_t,
		    time_t now);
int		 q_outbox_earliest(struct db *, const char *platform,
		    long long *when_ms);
int		 q_outbox_mark(struct db *, int64_t id, enum outbox_status,
		    const char *error, time_t now, time_t retry_at);
int		 q_outbox_defer(struct db *, int64_t id, long long not_before_ms);
struct outbox_listed {		/* a row as the operator sees it */
	int64_t	 id;
	char	*recipient;
	char	*method;
	char	*status;
	int	 attempts;
	time_t	 not_before;
	time_t	 created_at;
	char	*last_error;
	char	*dedupe_key;
};
struct outbox_listed *q_outbox_list(struct db *, bool all, size_t max,
		    size_t *n);
void		 outbox_listed_free(struct outbox_listed *, size_t);
int		 q_outbox_retry(struct db *, int64_t id, time_t now);
int		 q_outbox_drop(struct db *, int64_t id);
int		 q_outbox_stuck(struct db *, time_t now, time_t age,
		    int *stuck, int *failed);
int		 q_outbox_count(struct db *, enum outbox_status);
int		 q_outbox_waiting(struct db *, long *n, time_t *oldest);
int		 q_outbox_purge_sent(struct db *, time_t before, int max);
int		 q_outbox_exists(struct db *, const char *dedupe_key);
int		 q_outbox_sent_ref(struct db *, const char *dedupe_key,
		    char **platform, char **msg_ref);
int		 q_outbox_cancel(struct db *, const char *dedupe_key,
		    const char *why);
void		 outbox_row_clear(struct outbox_row *);

/* q_seen.c */
int		 q_seen_claim(struct db *, const char *delivery_id, time_t now);
int		 q_seen_purge(struct db *, time_t before);

/* q_pref.c */
char		*q_pref_get(struct db *, const char *employee_id,
		    const char *key);
int		 q_pref_set(struct db *, const char *employee_id,
		    const char *key, const char *value);

/* q_announce.c: HR's announcements and who got them. */
struct announcement {
	int64_t	 id;
	char	*author;	/* employee id, or "yellctl" */
	char	*title;
	char	*body;
	char	*audience;	/* a segment expression; "" = everyone */
	char	*channel;	/* also post here; NULL: no */
	bool	 dm;		/* a direct message to each person */
	bool	 ack;		/* asks to be acknowledged */
	int	 remind_after;	/* working days; 0: no reminder */
	bool	 urgent;	/* goes out outside working hours too */
	time_t	 send_at;
	char	*status;	/* draft, scheduled, sent, cancelled, series
				   (a draft that became series_id) */
	time_t	 created_at;
	time_t	 sent_at;	/* 0 until sent */
	int64_t	 series_id;	/* 0: not an edition of a series */
	int	 edition;
	char	*every;		/* a draft to become a series: its rule */
};
struct receipt {
	int64_t	 id;
	char	*employee_id;
};
enum announce_by { ANNOUNCE_BY_ALL, ANNOUNCE_BY_DEPARTMENT,
		   ANNOUNCE_BY_LEVEL };
struct announce_figures {
	char	*group;		/* department or job level code; "" */
	int	 targeted;
	int	 delivered;
	int	 failed;
	int	 acknowledged;
	long	 median_ack;	/* seconds from delivery; -1: nobody yet */
};
int		 q_announce_insert(struct db *, const struct announcement *,
		    int64_t *id);
struct announcement *q_announce_get(struct db *, int64_t id);
struct announcement *q_announce_list(struct db *, int limit, size_t *n);
struct announcement *q_announce_draft_of(struct db *, const char *author);
int		 q_announce_update(struct db *, const struct announcement *);
int		 q_announce_confirm(struct db *, int64_t id);
int		 q_announce_to_series(struct db *, int64_t id,
		    int64_t series_id);
int		 q_announce_cancel(struct db *, int64_t id);
int		 q_announce_mark_sent(struct db *, int64_t id, time_t at);
struct announcement *q_announce_due(struct db *, time_t now, int limit,
		    size_t *n);
int		 q_announce_next(struct db *, bool urgent, time_t *when);
int		 q_announce_receipt_add(struct db *, int64_t announcement_id,
		    const struct staff *, int64_t *receipt);
int		 q_announce_queue_direct(struct db *, int64_t id,
		    const char *lang, const char *body, time_t now);
char		**q_announce_languages(struct db *, int64_t id, size_t *n);
int		 q_announce_delivered(struct db *, int64_t receipt, time_t at);
int		 q_announce_delivered_all(struct db *, int64_t announcement_id,
		    time_t at);
int		 q_announce_ack(struct db *, int64_t announcement_id,
		    const char *employee_id, time_t at);
struct announcement *q_announce_remind_open(struct db *, int limit,
		    size_t *n);
int		 q_announce_reminded(struct db *, int64_t id);
struct receipt	*q_announce_unacked(struct db *, int64_t announcement_id,
		    int limit, size_t *n);
int		 q_announce_remind_mark(struct db *, int64_t receipt,
		    time_t at);
struct announce_figures *q_announce_figures(struct db *, int64_t id,
		    enum announce_by, size_t *n);
int		 q_announce_failures(struct db *, int64_t id, char ***reasons,
		    int **counts, size_t *n);
void		 announce_figures_free(struct announce_figures *, size_t);
void		 announcement_clear(struct announcement *);
void		 announcement_free(struct announcement *);
void		 announcement_array_free(struct announcement *, size_t);
void		 receipt_array_free(struct receipt *, size_t);
struct announce_series {	/* a repeated announcement */
	struct announcement	 tmpl;	/* id: the series'; send_at: the next
					   edition's; edition: made so far */
	char			*every;	/* the rule as written */
};
int		 q_series_insert(struct db *, const struct announcement *,
		    const char *every, int64_t *id);
struct announce_series *q_series_due(struct db *, time_t now, int limit,
		    size_t *n);
int		 q_series_next(struct db *, time_t *when);
int		 q_series_advance(struct db *, int64_t id, time_t next);
int		 q_series_cancel(struct db *, int64_t id);
void		 announce_series_array_free(struct announce_series *, size_t);

/* q_audit.c */
int		 q_audit(struct db *, const char *actor, const char *action,
		    const char *detail, time_t now);
int		 q_audit_count(struct db *, const char *action);

/* q_prompt.c: MVV prompts posted to conversations and their engagement. */
struct prompt_stat {
	char	*prompt_id;
	int	 posts;
	int	 reactions;
	int	 replies;
};
int		 q_prompt_of_week(struct db *, const char *conversation,
		    const char *week, char **prompt_id);
int		 q_prompt_cycle(struct db *, const char *conversation,
		    int *cycle, char ***used, size_t *n);
int		 q_prompt_add(struct db *, const char *conversation,
		    const char *week, const char *prompt_id, int cycle,
		    time_t now, int64_t *id);
int		 q_prompt_sent(struct db *, int64_t id, time_t at,
		    const char *msg_ref);
int		 q_prompt_engage(struct db *, const char *conversation,
		    const char *kind, const char *chat_user, time_t about_at,
		    const char *about_ref, time_t at, const char *delivery_id);
struct prompt_stat *q_prompt_stats(struct db *, time_t from, time_t to,
		    size_t *n);
void		 prompt_stats_free(struct prompt_stat *, size_t);

/* q_nudge.c: nudges sent, runs, opt-outs and the facts nudges use. */
#define NUDGE_ACT_DAYS	7	/* acted on: within this many days */
struct nudge_person {		/* a row the nudge queries return */
	char	*employee_id;
	char	*name;
	int64_t	 id;		/* the class or I-message it is about */
	time_t	 at;
	char	*code;		/* of the course, or NULL */
	char	*title;
	char	*skills;
};
struct nudge_stat {
	char	*kind;
	char	*department;
	int	 queued;
	int	 sent;
	int	 acted;
	int	 optouts;
};
int		 q_nudge_week_count(struct db *, const char *employee_id,
		    const char *week);
int		 q_nudge_add(struct db *, const char *employee_id,
		    const char *kind, const char *subject, const char *week,
		    time_t now, int64_t *id);
int		 q_nudge_sent(struct db *, int64_t id, time_t at);
int		 q_nudge_last(struct db *, const char *employee_id,
		    const char *kind, time_t *at);
int		 q_nudge_run_done(struct db *, const char *kind,
		    const char *day);
int		 q_nudge_run_mark(struct db *, const char *kind,
		    const char *day, time_t now);
int		 q_nudge_optout(struct db *, const char *employee_id,
		    const char *kind, time_t now);
int		 q_nudge_last_imessage(struct db *, const char *employee_id,
		    bool received, time_t *at);
struct nudge_person *q_nudge_classmates(struct db *, const char *employee_id,
		    time_t from, time_t to, int limit, size_t *n);
struct nudge_person *q_nudge_unit_mate(struct db *, const char *employee_id);
struct nudge_person *q_nudge_unrecognised(struct db *,
		    const char *manager_id, time_t since, size_t *n);
struct nudge_person *q_nudge_attended(struct db *, const char *employee_id,
		    time_t from, time_t to, size_t *n);
struct nudge_person *q_nudge_unanswered(struct db *, const char *employee_id,
		    time_t from, time_t to, size_t *n);
void		 nudge_people_free(struct nudge_person *, size_t);
char		**q_nudge_people(struct db *, const char *after, int limit,
		    size_t *n);
void		 nudge_ids_free(char **, size_t);
struct nudge_stat *q_nudge_stats(struct db *, time_t from, time_t to,
		    size_t *n);
void		 nudge_stats_free(struct nudge_stat *, size_t);

/* q_declaration.c: departments' and sections' declared focus. */
struct declaration {
	char	*unit_kind;	/* "department" or "section" */
	char	*unit;
	char	*body;
	char	*author;	/* employee id, NULL for an import */
	time_t	 created_at;
};
int		 q_declaration_add(struct db *, const char *unit_kind,
		    const char *unit, int fy, const char *body,
		    const char *author, time_t now);
struct declaration *q_declaration_for(struct db *, const char *department,
		    const char *section, int fy, size_t *n);
void		 declaration_array_free(struct declaration *, size_t);
int		 q_declaration_unit_known(struct db *, const char *unit_kind,
		    const char *unit);

#endif

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
#include <time.h>

#include <sqlite3.h>

/* db.c */
struct db;
struct db	*db_open(const char *path, char **cause);
void		 db_close(struct db *);
sqlite3		*db_handle(struct db *);
sqlite3_stmt	*db_stmt(struct db *, const char *sql);
void		 db_done(sqlite3_stmt *);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int		 db_exec(struct db *, const char *sql);
int		 db_version(struct db *);
const char	*db_errmsg(struct db *);
char		*db_column_text(sqlite3_stmt *, int);
void		 db_bind_text(sqlite3_stmt *, int, const char *);
void		 db_set_fault(int nth);

/* migrate.c */
int		 migrate_run(struct db *, char **cause);
int		 migrate_latest(void);

/* q_staff.c */
enum job_level {
	LEVEL_NONE = 0,
	LEVEL_DIRECTOR,			/* 部長級 */
	LEVEL_SECTION_CHIEF,		/* 課長級 */
	LEVEL_DEPUTY_CHIEF,		/* 課長補佐級 */
	LEVEL_UNIT_CHIEF,		/* 係長級 */
	LEVEL_SENIOR,			/* 主任 */
	LEVEL_STAFF,			/* 主事 */
	LEVEL_CHIEF_FOREMAN,		/* 統括技能長 */
	LEVEL_FOREMAN,			/* 技能長 */
	LEVEL_SENIOR_TECHNICIAN,	/* 技能主任 */
	LEVEL_TECHNICIAN,		/* 係員 */
};
#define STAFF_ROLE_HR		0x1
#define STAFF_ROLE_ADMIN	0x2

struct staff {
	char	*employee_id;
	char	*name;
	char	*name_kana;
	char	*email;
	char	*department;
	char	*section;
	char	*job_family;
	char	*job_level;	/* code name, e.g. "section_chief" */
	char	*level_since;	/* YYYY-MM-DD */
	char	*hire_date;
	char	*hire_type;
	char	*exam_category;
	char	*birth_date;
	char	*manager_id;
	char	*roles;		/* "hr;admin" */
	bool	 active;
	int	 reports;	/* direct reports, filled by lookups */
};
void		 staff_clear(struct staff *);
void		 staff_free(struct staff *);
int		 staff_has_role(const struct staff *, const char *role);
bool		 staff_is_manager(const struct staff *);
enum job_level	 staff_level(const struct staff *);
int		 q_staff_upsert(struct db *, const struct staff *);
struct staff	*q_staff_get(struct db *, const char *employee_id);
int		 q_staff_exists(struct db *, const char *employee_id);
struct staff	*q_staff_find(struct db *, const char *who, size_t *n);
struct staff	*q_staff_list(struct db *, size_t *n);
int		 q_staff_by_chat(struct db *, const char *platform,
		    const char *chat_user, struct staff **);
int		 q_staff_count(struct db *);
void		 staff_array_free(struct staff *, size_t);

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

/* q_identity.c */
int		 q_identity_set(struct db *, const char *platform,
		    const char *chat_user, const char *employee_id);

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
};
int		 q_imessage_insert(struct db *, const struct imessage *,
		    const char *const *values, size_t nvalues,
		    const char *delivery_id, int64_t *id);
struct imessage	*q_imessage_latest(struct db *, const char *employee_id,
		    bool received, int limit, size_t *n);
int		 q_imessage_count_values(struct db *, const char *employee_id,
		    bool received, time_t from, time_t to,
		    char ***value_ids, int **counts, size_t *n);
int		 q_imessage_count(struct db *, const char *employee_id,
		    bool received, time_t from, time_t to);
void		 imessage_array_free(struct imessage *, size_t);

/* q_outbox.c */
enum outbox_status { OUTBOX_PENDING, OUTBOX_SENT, OUTBOX_FAILED };
struct outbox_row {
	int64_t	 id;
	char	*dedupe_key;
	char	*recipient;	/* employee id */
	char	*method;	/* "dm" */
	char	*body;		/* reply JSON */
	time_t	 not_before;
	int	 attempts;
};
int		 q_outbox_push(struct db *, const char *dedupe_key,
		    const char *recipient, const char *method,
		    const char *body, time_t not_before);
int		 q_outbox_next(struct db *, time_t now, struct outbox_row *);
int		 q_outbox_earliest(struct db *, time_t *when);
int		 q_outbox_mark(struct db *, int64_t id, enum outbox_status,
		    const char *error, time_t now, time_t retry_at);
int		 q_outbox_count(struct db *, enum outbox_status);
void		 outbox_row_clear(struct outbox_row *);

/* q_seen.c */
int		 q_seen_claim(struct db *, const char *delivery_id, time_t now);
int		 q_seen_purge(struct db *, time_t before);

/* q_pref.c */
char		*q_pref_get(struct db *, const char *employee_id,
		    const char *key);
int		 q_pref_set(struct db *, const char *employee_id,
		    const char *key, const char *value);

/* q_audit.c */
int		 q_audit(struct db *, const char *actor, const char *action,
		    const char *detail, time_t now);
int		 q_audit_count(struct db *, const char *action);

#endif

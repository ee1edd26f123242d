/*
 * q_prompt.c: the MVV prompts posted to conversations, one a week each,
 * and the reactions and thread replies they got.  Which prompt comes next
 * is the prompts job's choice; this file only records.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define Q_PROMPT_SKEW	300	/* seconds between a post and its record */

/*
 * The prompt posted to conversation in week ("2024-06-03").  OUT:
 * *prompt_id (caller frees).  Returns 1, 0 if none yet, or -1.
 */
int
q_prompt_of_week(struct db *db, const char *conversation, const char *week,
    char **prompt_id)
{
	static const char *sql = "SELECT prompt_id FROM prompt_post WHERE "
	    "conversation = ?1 AND week = ?2";
	sqlite3_stmt	*stmt;
	int		 rc;

	*prompt_id = NULL;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, conversation);
	db_bind_text(stmt, 2, week);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*prompt_id = db_column_text(stmt, 0);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The conversation's current pass through the pool: OUT: *cycle (0 before
 * the first post) and the prompt ids already posted in it (*used, an
 * array of *n strings; caller frees each and the array).  Returns 0 or -1.
 */
int
q_prompt_cycle(struct db *db, const char *conversation, int *cycle,
    char ***used, size_t *n)
{
	static const char *sql_max = "SELECT coalesce(max(cycle), 0) FROM "
	    "prompt_post WHERE conversation = ?1";
	static const char *sql_used = "SELECT prompt_id FROM prompt_post "
	    "WHERE conversation = ?1 AND cycle = ?2";
	sqlite3_stmt	*stmt;

	*used = NULL;
	*n = 0;
	*cycle = 0;
	if ((stmt = db_stmt(db, sql_max)) == NULL)
		return -1;
	db_bind_text(stmt, 1, conversation);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*cycle = sqlite3_column_int(stmt, 0);
	db_done(stmt);
	if ((stmt = db_stmt(db, sql_used)) == NULL)
		return -1;
	db_bind_text(stmt, 1, conversation);
	sqlite3_bind_int(stmt, 2, *cycle);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		*used = xrealloc(*used, (*n + 1) * sizeof **used);
		(*used)[(*n)++] = db_column_text(stmt, 0);
	}
	db_done(stmt);
	return 0;
}

/*
 * Records this week's prompt for a conversation.  OUT: *id.  Returns 1 if
 * recorded, 0 if the week already had one (a run repeated after a
 * restart), or -1.
 */
int
q_prompt_add(struct db *db, const char *conversation, const char *week,
    const char *prompt_id, int cycle, time_t now, int64_t *id)
{
	static const char *sql = "INSERT INTO prompt_post (conversation, week, "
	    "prompt_id, cycle, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "ON CONFLICT DO NOTHING";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, conversation);
	db_bind_text(stmt, 2, week);
	db_bind_text(stmt, 3, prompt_id);
	sqlite3_bind_int(stmt, 4, cycle);
	sqlite3_bind_int64(stmt, 5, now);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	if (sqlite3_changes(db_handle(db)) != 1)
		return 0;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return 1;
}

/* The outbox delivered post id at at.  Returns 0 or -1. */
int
q_prompt_sent(struct db *db, int64_t id, time_t at, const char *msg_ref)
{
	static const char *sql = "UPDATE prompt_post SET sent_at = ?2, "
	    "msg_ref = ?3 WHERE id = ?1 AND sent_at IS NULL";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, at);
	db_bind_text(stmt, 3, msg_ref);
	return db_run(db, stmt, __func__);
}

/*
 * Counts a reaction or a thread reply (kind "reaction" or "reply") as
 * engagement with the prompt it is about: the post whose reference is
 * about_ref; for a post its platform gave no reference, the one posted to
 * conversation within Q_PROMPT_SKEW seconds of about_at, when the message
 * reacted or replied to was posted (the platform's stamp, our sent_at a
 * moment later).  delivery_id (may be NULL) makes a redelivered event
 * count once.
 * Returns 1 if counted, 0 if it is about no prompt or was counted before,
 * or -1.
 */
int
q_prompt_engage(struct db *db, const char *conversation, const char *kind,
    const char *chat_user, time_t about_at, const char *about_ref, time_t at,
    const char *delivery_id)
{
	static const char *sql = "INSERT INTO prompt_engagement (post_id, "
	    "kind, chat_user, at, delivery_id) SELECT id, ?2, ?3, ?5, ?6 FROM "
	    "prompt_post WHERE conversation = ?1 AND sent_at IS NOT NULL AND "
	    "(msg_ref = ?8 OR (msg_ref IS NULL AND abs(sent_at - ?4) <= ?7)) "
	    "ORDER BY msg_ref IS NULL, abs(sent_at - ?4) LIMIT 1 "
	    "ON CONFLICT DO NOTHING";
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_text(stmt, 1, conversation);
	db_bind_text(stmt, 2, kind);
	db_bind_text(stmt, 3, chat_user);
	sqlite3_bind_int64(stmt, 4, about_at);
	sqlite3_bind_int64(stmt, 5, at);
	db_bind_text(stmt, 6, delivery_id);
	sqlite3_bind_int(stmt, 7, Q_PROMPT_SKEW);
	db_bind_text(stmt, 8, about_ref);
	if (db_run(db, stmt, __func__) != 0)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1;
}

static void
q_prompt_stat_row(sqlite3_stmt *stmt, void *p)
{
	struct prompt_stat	*s = p;

	s->prompt_id = db_column_text(stmt, 0);
	s->posts = sqlite3_column_int(stmt, 1);
	s->reactions = sqlite3_column_int(stmt, 2);
	s->replies = sqlite3_column_int(stmt, 3);
}

/*
 * Per prompt posted in [from, to): how many posts, reactions and replies,
 * most engaging first.  Returns an array (caller frees with
 * prompt_stats_free), NULL with *n = 0 if none.
 */
struct prompt_stat *
q_prompt_stats(struct db *db, time_t from, time_t to, size_t *n)
{
	static const char *sql = "SELECT p.prompt_id, count(DISTINCT p.id), "
	    "count(e.id) FILTER (WHERE e.kind = 'reaction'), "
	    "count(e.id) FILTER (WHERE e.kind = 'reply') FROM prompt_post p "
	    "LEFT JOIN prompt_engagement e ON e.post_id = p.id WHERE "
	    "p.created_at >= ?1 AND p.created_at < ?2 GROUP BY p.prompt_id "
	    "ORDER BY count(e.id) DESC, p.prompt_id";
	sqlite3_stmt	*stmt;

	*n = 0;
	if ((stmt = db_stmt(db, sql)) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	return db_collect(stmt, sizeof(struct prompt_stat), q_prompt_stat_row,
	    n);
}

void
prompt_stats_free(struct prompt_stat *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(s[i].prompt_id);
	free(s);
}

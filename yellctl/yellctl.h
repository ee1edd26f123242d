/*
 * yellctl.h: what the yellctl command files share.  Each file holds one
 * group of commands, listed in yellctl_cmds[] (yellctl.c).
 */
#ifndef YELLCTL_H
#define YELLCTL_H

#include "bot.h"
#include "state.h"

struct yellctl {
	const char	*conf_path;
	struct config	*cfg;
	struct db	*db;
};

/* table.c: a CSV of named columns, for the importers. */
#define TABLE_MAX_COLS	8
struct table {
	const char		*path;
	const char *const	*columns;
	size_t			 ncols;
	int			 col[TABLE_MAX_COLS];	/* field, -1: absent */
	size_t			 errors;
};
void	table_error(struct table *, int line, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	table_header(struct table *, char **fields, size_t n);
const char *table_field(const struct table *, char **fields, size_t n,
	    size_t c);
int	table_import(struct table *, const char *path,
	    const char *const *columns, size_t ncols,
	    void (*row)(void *, int line, char **, size_t), void *arg);
int	table_write(struct yellctl *, size_t n, int (*add)(void *, size_t),
	    void *arg, const char *action);

/* yellctl.c */
int	yellctl_open(struct yellctl *);
const char *yellctl_actor(void);

/* check.c, backup.c */
int	yellctl_check(struct yellctl *, int, char **);
int	yellctl_backup(struct yellctl *, int, char **);

/* person.c */
int	yellctl_export(struct yellctl *, int, char **);
int	yellctl_erase(struct yellctl *, int, char **);

/* outbox.c */
int	yellctl_outbox_list(struct yellctl *, int, char **);
int	yellctl_outbox_retry(struct yellctl *, int, char **);
int	yellctl_outbox_drop(struct yellctl *, int, char **);

/* identity.c */
int	yellctl_identity_list(struct yellctl *, int, char **);
int	yellctl_identity_unlink(struct yellctl *, int, char **);

/* catalog.c */
int	yellctl_catalog_validate(struct yellctl *, int, char **);
int	yellctl_catalog_import(struct yellctl *, int, char **);
int	yellctl_catalog_list(struct yellctl *, int, char **);

/* class.c */
int	yellctl_class_move(struct yellctl *, int, char **);
int	yellctl_class_cancel(struct yellctl *, int, char **);
int	yellctl_class_capacity(struct yellctl *, int, char **);

/* completions.c */
int	yellctl_completions_import(struct yellctl *, int, char **);

/* enroll.c */
int	yellctl_enroll(struct yellctl *, int, char **);

/* report_imessages.c */
int	yellctl_report_imessages(struct yellctl *, int, char **);

/* selection.c */
int	yellctl_selection_import(struct yellctl *, int, char **);

/* declare.c */
int	yellctl_declare_import(struct yellctl *, int, char **);

/* report_nudges.c */
int	yellctl_report_nudges(struct yellctl *, int, char **);
int	yellctl_report_prompts(struct yellctl *, int, char **);
/* announce.c */
int	yellctl_announce_create(struct yellctl *, int, char **);
int	yellctl_announce_send(struct yellctl *, int, char **);
int	yellctl_announce_list(struct yellctl *, int, char **);
int	yellctl_announce_show(struct yellctl *, int, char **);
int	yellctl_announce_cancel(struct yellctl *, int, char **);

/* report_announce.c */
int	yellctl_report_announcements(struct yellctl *, int, char **);

/* notify.c: telling people from yellctl, through yelld's outbox. */
struct yellctl_notify;
struct yellctl_notify *yellctl_notify_open(struct yellctl *, char **cause);
int	yellctl_notify(struct yellctl_notify *, const char *employee_id,
	    const char *dedupe_key, const char *msgkey, ...);
int	yellctl_replan(struct yellctl *, struct yellctl_notify *,
	    int64_t enrollment_id);
void	yellctl_notify_close(struct yellctl_notify *);

#endif

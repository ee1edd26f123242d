/*
 * handlers.h: the chat commands and scheduled jobs, one per file, listed in
 * handler_table[] (handlers.c).  Handlers see typed requests and the
 * database, never JSON or sockets, and they never block.
 */
#ifndef YELL_HANDLERS_H
#define YELL_HANDLERS_H

#include "bot.h"
#include "state.h"

enum role { ROLE_STAFF, ROLE_MANAGER, ROLE_HR, ROLE_ADMIN };

enum h_ret { H_ERROR = -1, H_OK, H_WAIT };

#define H_DM_ONLY	0x1	/* only in a direct message to the bot */

/* What a handler runs with; built by dispatch for each request. */
struct ctx {
	struct db		*db;
	const struct config	*cfg;
	const struct msgcat	*msg;
	const struct mvv	*mvv;
	const struct staff	*me;		/* who asked */
	const char		*lang;		/* their language */
	const struct request	*req;
	time_t			 now;
};

struct handler {
	const char		*name;
	const char *const	*aliases;	/* NULL-terminated */
	const char		*usage;		/* catalogue key */
	const char		*summary;	/* catalogue key */
	enum role		 role;
	int			 flags;
	/* Policy beyond the role (e.g. the roll-out phase); NULL = yes. */
	bool			(*may)(const struct ctx *);
	const char		*denied;	/* catalogue key when !may */
	enum h_ret		(*exec)(struct ctx *, const char *args,
				    struct reply *);
	void			(*on_tick)(struct ctx *);
};

/* handlers.c */
extern const struct handler *const handler_table[];
extern const size_t handler_count;
const struct handler *handler_find(const char *word);
bool		 handler_allowed(const struct handler *, const struct ctx *);

/* hutil.c: helpers shared by handlers. */
void		 h_say(struct ctx *, struct reply *, const char *key, ...);
char		*h_msg(struct ctx *, const char *key, ...);
char		*h_staff_label(struct ctx *, const struct staff *);
char		*h_lang_of(struct ctx *, const char *employee_id);
void		 h_ilist(struct ctx *, struct reply *, bool received);
int		 h_resolve(struct ctx *, const struct arg *, struct staff **,
		    struct reply *);
int		 h_notify(struct ctx *, const char *dedupe_key,
		    const char *employee_id, const struct reply *);

extern const struct handler handler_help;
extern const struct handler handler_imessage;
extern const struct handler handler_received;
extern const struct handler handler_sent;
extern const struct handler handler_mvv;
extern const struct handler handler_settings;

#endif

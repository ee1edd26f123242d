/*
 * testlib.h: a real yell on an in-memory database for unit tests: the
 * catalogues, the MVV, the working calendar and the reminder policy from
 * config/, staff added by the test, and requests run through dispatch.
 */
#ifndef YELL_TESTLIB_H
#define YELL_TESTLIB_H

#include "chat.h"
#include "handlers.h"
#include "state.h"

struct tfix {
	struct app		 app;
	struct chat		 chat;
	struct config		 cfg;
	struct remind_policy	 policy;
	struct reply		 reply;
	char			*text;		/* the last reply as text */
	bool			 reply_in_ack;
	int			 slices;	/* job slices tfix_tick ran */
};

struct tfix	*tfix_create(void);
void		 tfix_free(struct tfix *);
void		 tfix_staff(struct tfix *, const char *id, const char *name,
		    const char *kana, const char *level, const char *manager);
struct tfix_person {
	const char	*id, *name;	/* name NULL: the id */
	const char	*level, *manager, *hired;
	const char	*since;		/* NULL: hired */
	const char	*roles;		/* NULL: none */
	bool		 facts;		/* exams and duties known (none) */
};
void		 tfix_person(struct tfix *, const struct tfix_person *);
int		 tfix_catalog(struct tfix *);
int		 tfix_demo_roster(struct tfix *);
enum dispatch_result tfix_say(struct tfix *, const char *user,
		    const char *text, const char *delivery_id);
int		 tfix_count(struct tfix *, const char *sql);
int		 tfix_tick(struct tfix *);
void		 tfix_contains(const char *haystack, const char *needle);
time_t		 tfix_at(const char *local);

#endif

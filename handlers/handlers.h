/*
 * handlers.h: the chat commands and scheduled jobs, one per file, listed in
 * handler_table[] (handlers.c).  Handlers see typed requests and the
 * database, never JSON or sockets, and they never block.
 */
#ifndef YELL_HANDLERS_H
#define YELL_HANDLERS_H

#include "lib.h"
#include "state.h"

enum role { ROLE_STAFF, ROLE_MANAGER, ROLE_HR, ROLE_ADMIN };

enum h_ret { H_ERROR = -1, H_OK, H_WAIT };

#define H_DM_ONLY	0x1	/* only in a direct message to the bot */
#define H_JOB		0x2	/* a scheduled job, not a command */

/* What a handler runs with; built by dispatch for each request. */
struct ctx {
	struct db		*db;
	const struct config	*cfg;
	const struct msgcat	*msg;
	const struct mvv	*mvv;
	const struct workcal	*cal;
	const struct remind_policy *remind;
	const struct staff	*me;		/* who asked; NULL in jobs */
	const char		*lang;		/* their language */
	const struct request	*req;
	time_t			 now;
	/*
	 * Jobs: on_tick sets it when it stopped at its slice bound with more
	 * due now; the scheduler then runs it again after the loop has
	 * serviced the sockets.
	 */
	bool			 more;
	/* Jobs: where the last slice stopped, kept by the scheduler. */
	char			 resume[64];
	/*
	 * Jobs: next_due sets it when its answer read none of its inputs,
	 * so holds whatever they do until the job runs or the clock moves:
	 * the scheduler then does not ask again on each change of them.
	 */
	bool			 steady;
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
	/*
	 * Where the platform has forms, the command run with no words (or
	 * only a person) opens this one instead; NULL: never.
	 */
	const struct form	*form;
	/* Catalogue key of the line that replaces a pressed button of this
	   command once it has run; NULL: "chat.pressed". */
	const char		*pressed;
	/*
	 * An outbox row whose ref is "<name>:<id>" went out at at: record it
	 * (on the sender thread, inside the transaction that marks the row
	 * sent, on its connection db).  msg_ref is the platform's reference
	 * to the message posted, or NULL.  NULL: nothing to record.
	 */
	int			(*on_sent)(struct db *, const char *id,
				    time_t at, const char *msg_ref);
	/*
	 * A reaction or thread reply (ctx->req->kind is not REQUEST_COMMAND)
	 * from anyone, linked or not (ctx->me NULL): record it.  Returns 0 or
	 * -1.  NULL: not interested.
	 */
	int			(*on_event)(struct ctx *);
	/*
	 * Scheduled jobs: run one bounded slice of what is due (committed
	 * whole, setting ctx->more if more is due), and say when next.
	 */
	int			(*on_tick)(struct ctx *);
	int			(*next_due)(struct ctx *, time_t *when);
	/*
	 * Jobs: the tables whose rows next_due reads (NULL-terminated).  The
	 * scheduler asks next_due again only after a change to one of them,
	 * a run of the job, or a move of the clock; NULL means after every
	 * commit.
	 */
	const char *const	*inputs;
};

/* handlers.c */
extern const struct handler *const handler_table[];
extern const size_t handler_count;
const struct handler *handler_find(const char *word);
const struct handler *handler_named(const char *name);
bool		 handler_allowed(const struct handler *, const struct ctx *);

/* hutil.c: helpers shared by handlers. */
void		 h_say(struct ctx *, struct reply *, const char *key, ...);
char		*h_msg(struct ctx *, const char *key, ...);
char		*h_staff_label(struct ctx *, const struct staff *);
char		*h_lang_of(struct ctx *, const char *employee_id);
struct h_for {			/* h_for: writing in a colleague's language */
	const char	*saved;
	char		*lang;
};
void		 h_for(struct ctx *, const char *employee_id, struct h_for *);
void		 h_for_end(struct ctx *, struct h_for *);
void		 h_ilist(struct ctx *, struct reply *, bool received);
void		 h_ilist_values_line(struct ctx *, struct reply *);
void		 h_ilist_page(struct ctx *, struct reply *, bool received,
		    const char *args);

/* himessage.c: what the I-message commands share. */
#define H_IM_RECIPIENT	0x1	/* the asker received it */
#define H_IM_SENDER	0x2	/* the asker wrote it */
#define H_IMESSAGE_WITHDRAW	600	/* seconds a sender may take it back */
bool		 h_imessage_may_send(const struct ctx *, const struct staff *);
const struct coach *h_coach(const struct ctx *);
char		*h_imessage_tags(struct ctx *, const char *value_ids);
struct imessage	*h_imessage_arg(struct ctx *, const char *word, int who,
		    struct reply *);
void		 h_imessage_show(struct ctx *, struct reply *,
		    const struct imessage *);
const char	*h_imessage_share_channel(const struct ctx *);
int		 h_imessage_retract(struct ctx *, const struct imessage *,
		    const char *key, const char *why);
bool		 h_imessage_never_shared(struct ctx *, const char *employee_id);
int		 h_imessage_split(struct ctx *, const char *argv,
		    const char *usage_key, char **id_word, char **rest,
		    struct reply *);

/* hcourse.c: helpers shared by the course commands. */
char		*h_date(struct ctx *, time_t);
char		*h_when(struct ctx *, time_t);
char		*h_class_when(struct ctx *, int64_t class_id, time_t);
int		 h_fy(const struct ctx *);
struct course	*h_course_arg(struct ctx *, const char *code, struct reply *);
int		 h_member_course(struct ctx *, const char *argv,
		    const char *usage_key, struct staff **, struct course **,
		    struct reply *);
char		*h_course_line(struct ctx *, const struct course *);
char		*h_course_line_in(struct ctx *, const struct course *,
		    time_t from, time_t to);
bool		 h_course_bookable(struct ctx *, const struct course *);
char		*h_skill_labels(struct ctx *, const char *skills);
const char	*h_skill_code(struct ctx *, const char *typed);
const char	*h_category_code(struct ctx *, const char *typed);

/* hreco.c: recommendations for the members of a manager's team. */
struct reco_catalog {
	struct course	*courses;
	size_t		 n;
	struct rule	**rules;	/* parsed target rules */
	time_t		*next;		/* next class start, 0 if none */
	int		*seats;		/* seats left in it, -1 no limit */
	struct rule	**mandatory_rules; /* for whom 必修; NULL: all */
};
struct reco {
	size_t		 course;	/* index in the catalogue */
	bool		 open;		/* 希望する職員: open to all */
	bool		 endorsed;
	char		 status;	/* 'e'nrolled, 'w'aitlisted, or 0 */
	bool		 mandatory;	/* 必修 for this member */
};
int		 h_reco_load(struct ctx *, struct reco_catalog *);
void		 h_reco_free(struct reco_catalog *);
size_t		 h_reco_member(struct ctx *, const struct reco_catalog *,
		    const struct staff *, const char *skill, bool open_too,
		    struct reco *);
char		*h_reco_why(struct ctx *, const struct reco_catalog *,
		    size_t, const struct staff *);
#define H_FIT_ENROL	0x1	/* a selection not recorded is a no */
#define H_FIT_ENDORSED	0x2	/* count the member as endorsed */
enum rule_verdict h_reco_fits(struct ctx *, const struct course *,
		    const struct rule *, const struct staff *, int flags,
		    bool *targeted, char **why);
bool		 h_reco_mandatory(struct ctx *, const struct course *,
		    const struct rule *mandatory_rule, const struct staff *);
int		 h_resolve(struct ctx *, const struct arg *, struct staff **,
		    struct reply *);
int		 h_mention(struct ctx *, const struct args *, struct staff **,
		    size_t *used, struct reply *);
int		 h_notify(struct ctx *, const char *dedupe_key,
		    const char *employee_id, const struct reply *);
int		 h_notify_ref(struct ctx *, const char *dedupe_key,
		    const char *employee_id, const struct reply *,
		    const char *ref);

/* hnudge.c: what the nudge kinds share (runs, caps, opt-outs, queueing). */
struct h_nudge_kind {
	const char	*kind;		/* "imessage": the setting's word */
	const char	*job;		/* its handler's name, for on_sent */
	bool		(*enabled)(const struct config *);
	/*
	 * Whether to nudge p now, and in which words (in p's language
	 * already): OUT: *subject (what it is about, once per person;
	 * caller frees), msg with the reason in it.  Returns 1, 0 or -1.
	 */
	int		(*person)(struct ctx *, const struct staff *p,
			    char **subject, struct reply *msg);
};
void		 h_day_key(time_t, char *, size_t);
time_t		 h_week_start(time_t);
void		 h_week_key(time_t, char *, size_t);
bool		 h_nudge_wanted(struct ctx *, const char *employee_id,
		    const char *kind);
int		 h_nudge_tick(struct ctx *, const struct h_nudge_kind *);
int		 h_nudge_next(struct ctx *, const struct h_nudge_kind *,
		    time_t *when);
int		 h_nudge_sent(struct db *, const char *id, time_t at,
		    const char *msg_ref);
extern const char *const h_nudge_inputs[];
const char	*h_nudge_kind_name(const char *typed);

/* hprompt.c: this week's prompt and the units' declarations. */
char		**h_prompt_channels(const struct config *, size_t *n);
const struct mvv_prompt *h_prompt_pick(struct ctx *, const char *conversation,
		    int *cycle);
void		 h_prompt_week(struct ctx *, struct reply *);
void		 h_declarations(struct ctx *, struct reply *);

/* stats_*.c: the views of `stats` (stats.c). */
enum h_ret	 stats_nudges(struct ctx *, const char *rest, struct reply *);
/* hannounce.c: what the announcement commands, jobs and yellctl share. */
struct announce_reach {
	int	 targeted;	/* active people the audience names */
	int	 unlinked;	/* of them, with no chat account linked yet */
	char	**names;	/* the first unlinked, "name（id）" */
	size_t	 nnames;
};
void		 h_announce_render(const struct msgcat *, const char *lang,
		    const struct announcement *, struct reply *);
int		 h_announce_reach(struct db *, const char *audience,
		    struct announce_reach *, char **bad);
void		 h_announce_reach_clear(struct announce_reach *);
time_t		 h_announce_when(const struct workcal *,
		    const struct announcement *, time_t now);
int		 h_announce_enqueue(struct db *, const struct msgcat *,
		    const char *deflang, const struct announcement *,
		    time_t now, int *count, char **bad);

enum series_kind { SERIES_MONTH_NTH, SERIES_MONTH_LAST, SERIES_MONTH_DAY,
		   SERIES_WEEK, SERIES_WORKDAY };
struct series_rule {
	enum series_kind kind;
	int		 n;		/* nth working day, day, weekday */
	int		 minute;	/* time of day */
};
int		 h_series_parse(const char *every, struct series_rule *,
		    char **cause);
time_t		 h_series_next_at(const struct workcal *,
		    const struct series_rule *, time_t after);

/* stats_announce.c: the "stats announce" view (handlers/stats.c). */
enum h_ret	 stats_announce(struct ctx *, const char *rest,
		    struct reply *);

extern const struct handler handler_help;
extern const struct handler handler_imessage;
extern const struct handler handler_received;
extern const struct handler handler_sent;
extern const struct handler handler_mvv;
extern const struct handler handler_settings;
extern const struct handler handler_home;
extern const struct handler handler_courses;
extern const struct handler handler_course;
extern const struct handler handler_enroll;
extern const struct handler handler_cancel;
extern const struct handler handler_my;
extern const struct handler handler_ics;
extern const struct handler handler_reminders;
extern const struct handler handler_recommend;
extern const struct handler handler_endorse;
extern const struct handler handler_selection;
extern const struct handler handler_digest;
extern const struct handler handler_imshow;
extern const struct handler handler_thanks;
extern const struct handler handler_share;
extern const struct handler handler_withdraw;
extern const struct handler handler_report;
extern const struct handler handler_hide;
extern const struct handler handler_imweekly;
extern const struct handler handler_strengths;
extern const struct handler handler_declare;
extern const struct handler handler_prompts;
extern const struct handler handler_nudge_imessage;
extern const struct handler handler_nudge_team;
extern const struct handler handler_nudge_class;
extern const struct handler handler_nudge_thanks;
extern const struct handler handler_announce;
extern const struct handler handler_ack;
extern const struct handler handler_announcements;
extern const struct handler handler_announce_remind;
extern const struct handler handler_stats;

/* stats_*.c: the views of `stats`. */
enum h_ret	 stats_imessages(struct ctx *, const char *rest, struct reply *);

#endif

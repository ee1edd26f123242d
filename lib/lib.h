/*
 * lib.h: what every layer uses and that knows no layer, sectioned by file:
 * allocation, buffers, logging, the clock, text, the neutral request and
 * reply, and the pure engines (target rules, working calendar, iCalendar,
 * MVV, message catalogues, CSV).  Nothing here knows state, chat or lws.
 */
#ifndef YELL_LIB_H
#define YELL_LIB_H

#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define EX_OK_		0
#define EX_USAGE_	64	/* sysexits.h values, named so we need no header */
#define EX_DATAERR_	65
#define EX_SOFTWARE_	70
#define EX_CANTCREAT_	73
#define EX_CONFIG_	78

struct msgcat;

/* xmalloc.c */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 xvasprintf(char **, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

/* buf.c: a growable byte buffer with a hard cap. */
struct buf {
	char	*data;		/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
	size_t	 limit;		/* 0 = no limit */
};
void		 buf_init(struct buf *, size_t limit);
int		 buf_reserve(struct buf *, size_t);
int		 buf_add(struct buf *, const void *, size_t);
int		 buf_addstr(struct buf *, const char *);
int		 buf_add_json_string(struct buf *, const char *);
int		 buf_add_json_stringn(struct buf *, const char *, size_t);
size_t		 utf8_len(const char *, size_t avail);
size_t		 json_plain_len(const char *, size_t avail);
int		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*buf_steal(struct buf *);
void		 buf_reset(struct buf *);
void		 buf_free(struct buf *);

/* hash.c */
uint32_t	 str_hash(const char *);

/* json_write.c: JSON text straight into a buffer. */
#define JW_DEPTH	16
struct jw {
	struct buf	 b;
	unsigned	 depth;
	char		 close[JW_DEPTH];	/* '}' or ']' */
	bool		 more[JW_DEPTH];	/* an item is written there */
	bool		 bad;
};
void		 jw_init(struct jw *, size_t limit);
void		 jw_obj(struct jw *, const char *key);
void		 jw_arr(struct jw *, const char *key);
void		 jw_end(struct jw *);
void		 jw_str(struct jw *, const char *key, const char *);
void		 jw_strn(struct jw *, const char *key, const char *, size_t);
void		 jw_bool(struct jw *, const char *key, bool);
void		 jw_int(struct jw *, const char *key, long long);
void		 jw_raw(struct jw *, const char *key, const char *json);
char		*jw_steal(struct jw *);
void		 jw_free(struct jw *);

/* json_read.c: a pull reader over JSON text. */
#define JR_DEPTH	64
struct jr {
	const char	*p, *end;
	unsigned	 depth;
	bool		 first[JR_DEPTH];	/* no item read there yet */
	bool		 bad;
};
void		 jr_init(struct jr *, const char *, size_t);
char		 jr_peek(struct jr *);
bool		 jr_obj(struct jr *);
bool		 jr_arr(struct jr *);
bool		 jr_member(struct jr *, char *key, size_t keysize);
bool		 jr_element(struct jr *);
int		 jr_string(struct jr *, struct buf *);
char		*jr_strdup(struct jr *);
int		 jr_bool(struct jr *, bool *);
int		 jr_int(struct jr *, long long *);
int		 jr_skip(struct jr *);
int		 jr_span(struct jr *, const char **, size_t *);
int		 jr_done(struct jr *);

/* log.c */
enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };
void		 log_init(enum log_level, const char *progname);
void		 log_set_level(enum log_level);
void		 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void		 fatal(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
void		 fatalx(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

/* clock.c: wall time that the demo and the tests can set. */
time_t		 clock_now(void);
long long	 clock_now_ms(void);
void		 clock_set(time_t);
void		 clock_reset(void);
int		 clock_parse(const char *, time_t *);
int		 clock_check_zone(const char *);
int		 clock_set_zone(const char *);
void		 clock_local(time_t, struct tm *);
time_t		 clock_from_local(int year, int mon, int mday, int hour,
		    int min);
int		 clock_fiscal_year(time_t);
void		 clock_fiscal_bounds(int fy, time_t *start, time_t *end);
char		*clock_format_date(time_t);
char		*clock_format_datetime(time_t);
int		 clock_parse_date(const char *, int *y, int *m, int *d);
int		 clock_parse_hhmm(const char *, int *min);

/* text.c: UTF-8 handling for what users type. */
char		*text_sanitize(const char *, size_t);
size_t		 text_chars(const char *);
char		*text_fold(const char *);
bool		 text_nfkc_inert(int32_t);
char		*text_norm_token(const char *);
char		*text_printable(const char *);
size_t		 text_prefix_chars(const char *, size_t);
const char	*text_skip_space(const char *);
size_t		 text_space_len(const char *);
char		*text_trim(const char *);

/* The configuration, as bot/config.c loads it (a plain struct). */
enum cfg_senders { CFG_SENDERS_MANAGERS, CFG_SENDERS_ALL,
	CFG_SENDERS_SEGMENTS };
enum cfg_guests { CFG_GUESTS_REFUSE, CFG_GUESTS_ALLOW };
enum cfg_adapter { CFG_ADAPTER_CONSOLE, CFG_ADAPTER_SLACK,
		   CFG_ADAPTER_MATTERMOST };
struct config {
	char			*path;
	enum cfg_adapter	 adapter;
	char			*language;	/* default locale */
	char			*database;
	char			*zone;
	char			*data_dir;	/* locales and mvv */
	enum cfg_senders	 imessage_senders;
	char			*imessage_segments;	/* SEGMENTS: the list */
	long			 imessage_max_length;
	int			 imessage_hints;	/* 1: coach drafts */
	char			*imessage_share_channel; /* "": no sharing */
	char			*work_hours;	/* "08:30-17:15" */
	char			*holidays_dir;	/* NULL: data_dir/holidays */
	char			*remind_before;	/* "7d, 1wd, 0d" */
	char			*remind_time;	/* "09:00" */
	enum log_level		 log_level;
	/* [prompts]: the weekly MVV prompt in shared conversations */
	char			*prompt_channels;	/* "C1, C2"; "": none */
	int			 prompt_day;	/* 0 Monday .. 4 Friday */
	char			*prompt_time;	/* "09:30" */
	/* [nudges]: personal nudges; a kind's 0 days turns it off */
	long			 nudge_per_week;	/* cap, all kinds */
	char			*nudge_time;	/* "10:00" */
	long			 nudge_imessage_days;
	long			 nudge_team_days;
	int			 nudge_after_class;	/* 0 off, 1 on */
	long			 nudge_thanks_days;
	/* [slack]: tokens come from files or the environment, never here */
	char			*slack_app_token_file;	/* NULL: unset */
	char			*slack_bot_token_file;
	char			*slack_api_url;
	char			*slack_ca_file;		/* NULL: system CAs */
	long			 slack_connections;
	long			 slack_post_interval_ms; /* per channel */
	long			 slack_http_timeout_ms;
	long			 slack_hello_timeout_ms;
	long			 slack_ping_interval;	/* seconds */
	long			 slack_ping_timeout;	/* seconds */
	char			*http_listen;	/* NULL: no health listener */
	long			 outbox_keep_days;	/* sent rows purged after */
	int			 test_hooks;	/* YELL_NOW etc. honoured */
	enum cfg_guests		 slack_guests;
	/* [limits]: what one person may cost the bot */
	long			 limit_commands;	/* per limit_window */
	long			 limit_window;		/* seconds */
	long			 limit_words;		/* per message */
	long			 limit_mentions;	/* per message */
	long			 limit_lookups;		/* unknown ones */
	long			 limit_miss_cache;	/* seconds */
	long			 limit_stranger_hours;
	long			 limit_email_check_hours;
};
/* msgcat.c: the message catalogues (config/locales/<lang>.json). */
struct msgcat	*msgcat_load(const char *dir, char **cause);
struct msgcat	*msgcat_load_mem(const char *ja, size_t jalen, const char *en,
		    size_t enlen, char **cause);
void		 msgcat_free(struct msgcat *);
int		 msgcat_has_locale(const struct msgcat *, const char *);
const char	*msgcat_raw(const struct msgcat *, const char *lang,
		    const char *key);
char		*msgcat_fmt(const struct msgcat *, const char *lang,
		    const char *key, ...);
char		*msgcat_vfmt(const struct msgcat *, const char *lang,
		    const char *key, va_list);

/* rules.c: who a course is for, the RULE language of docs/catalog.md. */
struct rule;
struct staff;
enum rule_verdict { RULE_NO, RULE_YES, RULE_UNKNOWN };
struct rule_env {
	int		 fiscal_year;	/* 2024 for 令和6年度; 0: of as_of */
	time_t		 as_of;		/* the moment evaluated */
	/* 1 yes, 0 no, -1 unknown; NULL: always unknown */
	int		(*completed)(void *arg, const char *employee_id,
			    const char *course_code);
	void		*arg;
	/*
	 * Whether HR selected or nominated the person for course_code (or,
	 * when endorsed counts, a manager endorsed them): 1 yes, 0 no (a
	 * selection is recorded and they are not in it), -1 not recorded
	 * yet.  NULL, or course_code NULL: always unknown.
	 */
	int		(*selected)(void *arg, const char *employee_id,
			    const char *course_code, bool endorsed);
	const char	*course_code;	/* the course being evaluated */
};
struct rule	*rule_parse(const char *json, char **cause);
void		 rule_free(struct rule *);
bool		 rule_is_open(const struct rule *);
bool		 rule_needs_selection(const struct rule *);
enum rule_verdict rule_match(const struct rule *, const struct staff *,
		    const struct rule_env *, bool *targeted);
enum rule_verdict rule_eval(const struct rule *, const struct staff *,
		    const struct rule_env *, const struct msgcat *,
		    const char *lang, char **why);

/* coach.c: the I-message coach (config/coach.ja.json, coach.en.json). */
enum coach_list { COACH_LIST_ACT, COACH_LIST_EFFECT, COACH_LIST_FEELING,
	COACH_LIST_JUDGING, COACH_LIST_YOU, COACH_NLISTS };
#define COACH_ACT	(1 << COACH_LIST_ACT)		/* what the person did */
#define COACH_EFFECT	(1 << COACH_LIST_EFFECT)	/* how it affected me */
#define COACH_FEELING	(1 << COACH_LIST_FEELING)	/* what I feel */
#define COACH_JUDGING	(1 << COACH_LIST_JUDGING)	/* えらい, さすが, べき */
#define COACH_YOU	(1 << COACH_LIST_YOU)		/* a you-message */
enum coach_verdict { COACH_COMPLETE, COACH_LACKS_ACT, COACH_LACKS_EFFECT,
	COACH_LACKS_FEELING, COACH_IS_JUDGING, COACH_IS_YOU };
struct coach;
struct coach	*coach_load(const char *dir, char **cause);
void		 coach_free(struct coach *);
int		 coach_read(const struct coach *, const char *text,
		    const char **word);
enum coach_verdict coach_verdict(int parts);
const char	*coach_verdict_name(enum coach_verdict);
bool		 coach_complete(int parts);
size_t		 coach_skills(const struct coach *, const char *text,
		    const char *values, const char **codes, size_t max);

/* mvv.c: the Mission, Vision and Values (config/mvv.ja.json, mvv.en.json). */
struct mvv_value {
	char	*id;		/* "help" */
	char	*tag;		/* "たすけあエール" */
	char	*tag_en;
	char	*text;		/* what the value means */
	char	*text_en;
};
struct mvv_topic {		/* an explanation behind the MVV */
	char	*id;		/* "koshu" */
	char	*title, *title_en;
	char	*text, *text_en;
	char	**words;	/* folded words that ask for it */
	size_t	  nwords;
};
struct mvv_prompt {		/* a weekly reflection question */
	char	*id;		/* "h1" */
	char	*value;		/* "mission" or a value's id */
	char	*text, *text_en;
};
struct mvv {
	char			*mission, *mission_en;
	char			*vision, *vision_en;
	char			*staff_ideal, *staff_ideal_en;
	char			*workplace_ideal, *workplace_ideal_en;
	struct mvv_value	*values;
	size_t			 nvalues;
	struct mvv_topic	*topics;
	size_t			 ntopics;
	struct mvv_prompt	*prompts;
	size_t			 nprompts;
};
struct mvv	*mvv_load(const char *dir, char **cause);
void		 mvv_free(struct mvv *);
const struct mvv_value *mvv_find_value(const struct mvv *, const char *);
const struct mvv_topic *mvv_find_topic(const struct mvv *, const char *);
const struct mvv_prompt *mvv_find_prompt(const struct mvv *, const char *);

/* reply.c: the platform-neutral answer a handler builds. */
enum reply_kind { REPLY_TEXT, REPLY_CONTEXT, REPLY_BUTTON, REPLY_CODE };
struct reply_block {
	enum reply_kind	 kind;
	char		*text;
	char		*action_id;	/* buttons only */
	char		*value;
};
struct reply {
	struct reply_block	*blocks;
	size_t			 nblocks;
};
void		 reply_init(struct reply *);
void		 reply_add(struct reply *, enum reply_kind, char *text);
void		 reply_add_button(struct reply *, char *text,
		    const char *action_id, const char *value);
void		 reply_clear(struct reply *);
char		*reply_to_json(const struct reply *);
int		 reply_from_json(struct reply *, const char *);
char		*reply_to_text(const struct reply *);

/* form.c: a form a command can open where the platform has them. */
enum form_kind {
	FORM_USER,		/* one person; submitted as their mention */
	FORM_TEXT,		/* free text, several lines */
	FORM_VALUES,		/* any of the MVV values; submitted as #tags */
};
struct form_field {		/* the static shape, in the handler table */
	const char	*name;
	enum form_kind	 kind;
	const char	*label;		/* catalogue keys */
	const char	*hint;		/* NULL: none */
	bool		 optional;
};
struct form {
	const char		*title;		/* catalogue keys */
	const char		*submit;
	const char		*close;
	const struct form_field	*fields;	/* in the command's word order */
	size_t			 nfields;
	/* The longest FORM_TEXT the command takes; NULL: no limit. */
	long			(*max_length)(const struct config *);
};
struct form_choice {
	char	*id;
	char	*label;
};
struct form_view_field {	/* a field as the asker will see it */
	const char		*name;
	enum form_kind		 kind;
	char			*label;
	char			*hint;		/* NULL: none */
	bool			 optional;
	char			*initial;	/* FORM_USER: a chat user id */
	long			 max_length;	/* FORM_TEXT; 0: no limit */
	struct form_choice	*choices;	/* FORM_VALUES */
	size_t			 nchoices;
};
struct form_view {
	char			*command;	/* what the submission runs */
	char			*title, *submit, *close;
	struct form_view_field	*fields;
	size_t			 nfields;
};
struct form_value {
	char	*name;
	char	*value;
};
void		 form_view_clear(struct form_view *);
void		 form_values_free(struct form_value *, size_t);
void		 form_value_add(struct form_value **, size_t *, const char *name,
		    const char *value);
char		*form_text(const struct form *, const char *command,
		    const struct form_value *, size_t n);

/* request.c: the platform-neutral question a chat adapter hands in. */
enum request_kind {
	REQUEST_COMMAND = 0,	/* words to run */
	REQUEST_REACTION,	/* a reaction added to a message */
	REQUEST_REPLY,		/* a reply in the thread of a message */
};
struct request {
	char	*platform;	/* "console", "slack", "mattermost" */
	char	*delivery_id;	/* platform's id for dedupe; NULL if none */
	char	*chat_user;	/* platform user id */
	char	*channel;
	char	*text;		/* the command text, sanitised UTF-8 */
	char	*trigger_id;	/* lets a form be opened in answer (forms) */
	bool	 direct;	/* a DM to the bot */
	bool	 reply_in_ack;	/* the platform carries the reply with the
				   ack (console, Slack slash commands);
				   otherwise it goes through the outbox */
	bool	 reply_ephemeral; /* asked in a shared channel: the outbox
				   answers there, seen by the asker only */
	bool	 reply_home;	/* the reply is the asker's home view */
	/*
	 * A pressed button in a message the bot sent: msg_ref is the
	 * adapter's own reference to that message (opaque here), label the
	 * button's text.  Once the command has run, the message is edited to
	 * say so (handler.pressed).
	 */
	char	*msg_ref;
	char	*pressed_label;
	/* A submitted form: the command it belongs to and its values. */
	char			*form_command;
	struct form_value	*form_values;
	size_t			 nform_values;
	/*
	 * Not a command but a reaction or a thread reply in the shared
	 * conversation channel: about_at is when the message it is about
	 * was posted, as the platform stamped it, and about_ref the
	 * adapter's reference to it, in the form the outbox keeps for a
	 * message the bot posted (NULL if it has none).  Nobody is answered.
	 */
	enum request_kind	 kind;
	time_t			 about_at;
	char			*about_ref;
};
void		 request_clear(struct request *);
int		 request_split(const char *text, char **word, const char **rest);

/* args.c: the words after a command, with mentions and tags. */
enum arg_kind { ARG_WORD, ARG_MENTION, ARG_TAG };
struct arg {
	enum arg_kind	 kind;
	char		*value;		/* without the sigil */
	bool		 chat_id;	/* a platform mention: <@U123> */
	const char	*start;		/* span in the source text */
	const char	*end;
};
struct args {
	struct arg	*v;
	size_t		 n;
	size_t		 cap;		/* room in v */
};
void		 args_parse(struct args *, const char *);
void		 args_clear(struct args *);
char		*args_text(const struct args *, size_t from, size_t to);

/* csv.c: an RFC 4180 CSV reader (UTF-8, optional BOM). */
struct csv;
struct csv	*csv_open(const char *path, char **cause);
struct csv	*csv_open_enc(const char *path, const char *encoding,
		    char **cause);
struct csv	*csv_open_mem(const char *data, size_t len, const char *path,
		    char **cause);
int		 csv_next(struct csv *, char ***fields, size_t *n,
		    int *lineno, char **cause);
void		 csv_fields_free(char **, size_t);
void		 csv_free(struct csv *);

/* workcal.c: working days and hours, and the holidays between them. */
#define WORKCAL_START_DEFAULT	(8 * 60 + 30)	/* 08:30 */
#define WORKCAL_END_DEFAULT	(17 * 60 + 15)	/* 17:15 */
struct workcal;
struct workcal	*workcal_load(const char *dir, int start_min, int end_min,
		    char **cause);
void		 workcal_free(struct workcal *);
bool		 workcal_is_working_day(const struct workcal *, int y, int m,
		    int d);
const char	*workcal_holiday(const struct workcal *, int y, int m, int d);
bool		 workcal_in_hours(const struct workcal *, time_t);
time_t		 workcal_prev_slot(const struct workcal *, time_t);
time_t		 workcal_next_slot(const struct workcal *, time_t);
time_t		 workcal_day_at(const struct workcal *, time_t, int minutes);
time_t		 workcal_add_working_days(const struct workcal *, time_t,
		    int n);
int		 workcal_parse_hours(const char *, int *start_min,
		    int *end_min);

/* ics.c: iCalendar (RFC 5545) output. */
struct ics_event {
	const char	*uid;
	const char	*summary;
	const char	*description;	/* NULL: left out */
	const char	*location;	/* NULL: left out */
	time_t		 start, end;
	bool		 all_day;	/* dates only, in Asia/Tokyo */
	int		 sequence;	/* SEQUENCE: revisions of the event */
	bool		 cancelled;	/* STATUS:CANCELLED */
};
char		*ics_calendar(const struct ics_event *, size_t n,
		    time_t stamp);

/* staff.c: one staff member's record, as the roster says. */
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
	/*
	 * The facts target rules need, each a ';'-list of code names: NULL
	 * when the roster has never said, "" when it says none.
	 */
	char	*passed_exam;	/* "senior;foreman" */
	char	*eligible_exam;	/* same codes as passed_exam */
	char	*duties;	/* "first_evaluator;ojt_trainer" */
};
struct staff_word {		/* a word of the plan and its code name */
	const char	*written;
	const char	*code;
};
extern const struct staff_word staff_level_words[];
extern const struct staff_word staff_family_words[];
const char	*staff_level_label(const char *code);
void		 staff_clear(struct staff *);
void		 staff_free(struct staff *);
int		 staff_has_role(const struct staff *, const char *role);
bool		 staff_is_manager(const struct staff *);
enum job_level	 staff_level(const struct staff *);
void		 staff_array_free(struct staff *, size_t);

/* senders.c: who the I-message roll-out lets send. */
int		 senders_parse(const char *value, enum cfg_senders *,
		    char **segments, char **bad);
bool		 senders_match(enum cfg_senders, const char *segments,
		    const struct staff *);

/* segment.c: a group of staff, "department=総務部 job_level=係長級" */
struct segment;
struct segment	*segment_parse(const char *expr, char **bad);
bool		 segment_match(const struct segment *, const struct staff *);
bool		 segment_is_all(const struct segment *);
void		 segment_free(struct segment *);

/* report.c: tables for yellctl report --format csv|json */
enum report_format { REPORT_CSV, REPORT_JSON };
struct report_col {
	const char	*name;
	bool		 number;	/* JSON: a number, not a string */
};
struct report;
int		 report_format_parse(const char *, enum report_format *);
struct report	*report_open(FILE *, enum report_format,
		    const struct report_col *, size_t ncols);
void		 report_row(struct report *, const char *const *cells);
int		 report_close(struct report *);

#endif

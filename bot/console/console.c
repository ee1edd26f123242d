/*
 * console.c: the console adapter, the embedded default.  Each line on
 * stdin is a message from the current staff member; `/as <name or id>`
 * changes who that is.  Deliveries are printed with who receives them, so
 * anyone can try every feature with no chat server (Hubot's shell adapter).
 *
 * stdin is adopted into the lws loop as a raw file; the sender thread
 * prints deliveries, so all output goes through one lock.  Requests go
 * through ingress like every adapter's; the lines after one wait until it
 * has been answered, so that a script reads like a conversation and a
 * /time or /as after a command does not overtake it.
 *
 * On a terminal, lines are read with libedit (line editing, history with
 * the arrow keys) through its callback interface, one key per readable
 * stdin; scripts and pipes are read plainly, a line at a time.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>
#include <fcntl.h>
#include <libwebsockets.h>

#include "chat.h"
#include "state.h"

#define CONSOLE_PLATFORM	"console"
#define CONSOLE_LINE_MAX	(2 * 1024 * 1024)	/* bytes */
#define CONSOLE_FLUSH_MS	2000	/* wait for deliveries to print */

struct console {
	struct db		*db;		/* the loop thread's */
	const struct msgcat	*msg;
	const char		*lang;
	char			*user;		/* current employee id */
	char			*user_name;
	char			*initial;	/* --as, applied at start */
	struct buf		 line;
	struct buf		 pending;	/* input read while busy */
	bool			 busy;		/* a request awaits its answer */
	bool			 eof;		/* input ended meanwhile */
	struct loop		*loop;
	struct lws		*wsi;		/* standard input */
	bool			 overflow;	/* discarding a too-long line */
	bool			 echo;		/* stdin is not a terminal */
	bool			 edit;		/* a terminal: libedit reads */
	char			*prompt;
	pthread_mutex_t		 out;
};

static void
console_print(struct console *c, const char *text)
{
	char	*safe = text_printable(text);

	pthread_mutex_lock(&c->out);
	fputs(safe, stdout);
	fputc('\n', stdout);
	fflush(stdout);
	pthread_mutex_unlock(&c->out);
	free(safe);
}

/* The language of the person typing, once known (caller frees). */
static char *
console_lang(struct console *c)
{
	struct app	*app = c->loop != NULL ? loop_app(c->loop) : NULL;

	if (app == NULL || app->ingress == NULL || c->user == NULL)
		return xstrdup(c->lang);
	return ingress_lang_of(app->ingress, c->user);
}

/* Says key to the person typing, in their language. */
static void
console_say(struct console *c, const char *key, ...)
{
	va_list	 ap;
	char	*s, *lang = console_lang(c);

	va_start(ap, key);
	s = msgcat_vfmt(c->msg, lang, key, ap);
	va_end(ap);
	console_print(c, s);
	free(s);
	free(lang);
}

static void	console_edit_line(char *);

/* libedit's line callback has no argument: the one console there is. */
static struct console	*console_editing;

static void
console_prompt(struct console *c)
{
	if (c->edit) {		/* (re)installing shows the prompt */
		free(c->prompt);
		xasprintf(&c->prompt, "%s> ", c->user_name != NULL ?
		    c->user_name : "");
		rl_callback_handler_install(c->prompt, console_edit_line);
		return;
	}
	if (c->echo || c->user_name == NULL)
		return;
	pthread_mutex_lock(&c->out);
	printf("%s> ", c->user_name);
	fflush(stdout);
	pthread_mutex_unlock(&c->out);
}

/* Makes who the current user.  Returns 0, or -1 (the reason printed). */
static int
console_become(struct console *c, const char *who)
{
	struct staff	*found;
	struct buf	 b;
	size_t		 n, i;

	found = q_staff_find(c->db, who, &n);
	if (n != 1) {
		buf_init(&b, 0);
		buf_add(&b, "", 0);
		for (i = 0; i < n; i++)
			buf_printf(&b, "\n- %s（%s）", found[i].name,
			    found[i].employee_id);
		console_say(c, n == 0 ? "console.as_unknown" :
		    "console.as_ambiguous", "who", who, "candidates", b.data,
		    NULL);
		buf_free(&b);
		staff_array_free(found, n);
		return -1;
	}
	if (ingress_link(loop_app(c->loop)->ingress, found->employee_id,
	    found->employee_id) != 0) {
		staff_array_free(found, n);
		return -1;
	}
	free(c->user);
	free(c->user_name);
	c->user = xstrdup(found->employee_id);
	c->user_name = xstrdup(found->name);
	console_say(c, "console.as_ok", "name", found->name, "id",
	    found->employee_id, "section", found->section != NULL ?
	    found->section : "-", NULL);
	staff_array_free(found, n);
	return 0;
}

/*
 * `/time +1d`, `/time +2h`, `/time +30m` or `/time 2024-07-05 08:30` moves
 * the clock, so that a demo can watch reminders arrive.  The jobs run at
 * once, so that what became due is sent before the next line.
 */
static void
console_time(struct console *c, struct loop *loop, const char *arg)
{
	struct app	*app = loop_app(loop);
	char		*end, *when, *lang;
	long		 n;
	time_t		 t;

	if (*arg == '+') {
		n = strtol(arg + 1, &end, 10);
		if (end == arg + 1 || n < 0 || end[0] == '\0' || end[1] != '\0' ||
		    strchr("dhm", *end) == NULL)
			goto bad;
		t = clock_now() + n * (*end == 'd' ? 86400 : *end == 'h' ?
		    3600 : 60);
	} else if (clock_parse(arg, &t) != 0)
		goto bad;
	clock_set(t);
	lang = console_lang(c);
	when = ingress_when(app->ingress, lang, t);
	console_say(c, "console.time_now", "when", when, NULL);
	free(when);
	free(lang);
	if (app->sched != NULL)
		sched_run(app->sched);
	outbox_flush(app->outbox, CONSOLE_FLUSH_MS);
	return;
bad:
	console_say(c, "console.time_bad", NULL);
}

/* Lines starting with '/' talk to the console itself, not to the bot. */
static void
console_meta(struct console *c, struct loop *loop, const char *line)
{
	char		*word;
	const char	*rest;

	if (request_split(line + 1, &word, &rest) != 0) {
		console_say(c, "console.meta_help", NULL);
		return;
	}
	if (strcmp(word, "as") == 0 && *rest != '\0')
		console_become(c, rest);
	else if (strcmp(word, "quit") == 0 || strcmp(word, "exit") == 0)
		loop_stop(loop, LOOP_END_INPUT);
	else if (strcmp(word, "time") == 0)
		console_time(c, loop, rest);
	else if (strcmp(word, "who") == 0 && c->user != NULL)
		console_say(c, "console.who", "name", c->user_name, "id",
		    c->user, NULL);
	else
		console_say(c, "console.meta_help", NULL);
	free(word);
}

static void
console_request(struct console *c, struct loop *loop, const char *line)
{
	struct request	req;

	memset(&req, 0, sizeof req);
	req.platform = xstrdup(CONSOLE_PLATFORM);
	req.chat_user = xstrdup(c->user);
	req.channel = xstrdup("console");
	req.text = xstrdup(line);
	req.direct = true;
	req.reply_in_ack = true;	/* printed right after the commit */
	c->busy = true;
	ingress_submit(loop_app(loop)->ingress, &req, NULL);
}

static void
console_line(struct console *c, struct loop *loop, const char *raw,
    size_t len)
{
	char	*line, *trimmed;

	line = text_sanitize(raw, len);
	trimmed = text_trim(line);
	if (c->echo && *trimmed != '\0')
		console_say(c, "console.echo", "name", c->user_name != NULL ?
		    c->user_name : "", "line", trimmed, NULL);
	if (*trimmed == '\0')
		;
	else if (*trimmed == '/')
		console_meta(c, loop, trimmed);
	else if (c->user == NULL)
		console_say(c, "console.no_user", NULL);
	else
		console_request(c, loop, trimmed);
	free(trimmed);
	free(line);
}

/* Splits what was read into lines; an over-long line is refused whole. */
static void
console_input(struct console *c, struct loop *loop, const char *data,
    size_t len)
{
	const char	*nl;
	size_t		 n;

	while (len > 0) {
		if (c->busy) {		/* the rest waits for the answer */
			buf_add(&c->pending, data, len);
			return;
		}
		nl = memchr(data, '\n', len);
		n = nl != NULL ? (size_t)(nl - data) : len;
		if (!c->overflow && buf_add(&c->line, data, n) != 0) {
			c->overflow = true;
			buf_reset(&c->line);
		}
		if (nl == NULL)
			return;
		if (c->overflow)
			console_say(c, "console.line_too_long", NULL);
		else
			console_line(c, loop, c->line.data != NULL ?
			    c->line.data : "", c->line.len);
		c->overflow = false;
		buf_reset(&c->line);
		if (!c->busy)
			console_prompt(c);
		data += n + 1;
		len -= n + 1;
	}
}

/* Input ended: the last line without a newline, then stop. */
static void
console_end(struct console *c, struct loop *loop)
{
	if (c->line.len > 0)
		console_input(c, loop, "\n", 1);
	if (c->busy)
		c->eof = true;	/* once the answer is in */
	else
		loop_stop(loop, LOOP_END_INPUT);
}

/*
 * libedit: a whole line was typed (NULL: Ctrl-D).  The prompt goes away
 * while the line is answered and comes back after the answer.
 */
static void
console_edit_line(char *line)
{
	struct console	*c = console_editing;

	rl_callback_handler_remove();
	if (line == NULL) {
		console_print(c, "");	/* the shell's prompt on a line of its own */
		console_end(c, c->loop);
		return;
	}
	if (*line != '\0')
		add_history(line);
	console_line(c, c->loop, line, strlen(line));
	free(line);
	if (!c->busy)
		console_prompt(c);
}

/* Prints what ingress answered, then reads on. */
static void
console_ack(struct chat *chat, void *token, enum dispatch_result res,
    const struct answer *ans)
{
	struct console	*c = chat->data;
	struct app	*app = loop_app(c->loop);
	char		*text, *rest;
	size_t		 len;

	(void)token;
	text = reply_to_text(&ans->reply);
	if (*text != '\0')
		console_print(c, text);
	free(text);
	if (res == DISPATCH_DONE)
		outbox_flush(app->outbox, CONSOLE_FLUSH_MS);
	c->busy = false;
	console_prompt(c);
	len = c->pending.len;
	rest = buf_steal(&c->pending);
	buf_init(&c->pending, 0);
	if (rest != NULL)
		console_input(c, c->loop, rest, len);
	free(rest);
	if (!c->busy && c->eof)
		loop_stop(c->loop, LOOP_END_INPUT);
	else if (!c->busy && c->wsi != NULL)
		lws_rx_flow_control(c->wsi, 1);
}

static int
console_callback(struct lws *wsi, enum lws_callback_reasons reason,
    void *user, void *in, size_t len)
{
	struct loop	*loop = lws_context_user(lws_get_context(wsi));
	struct console	*c;
	char		 buf[65536];
	ssize_t		 n;

	(void)user;
	(void)in;
	(void)len;
	if (loop == NULL)
		return 0;
	c = loop_app(loop)->chat->data;
	switch (reason) {
	case LWS_CALLBACK_RAW_RX_FILE:
		if (c->edit) {
			rl_callback_read_char();
			if (c->busy)
				lws_rx_flow_control(wsi, 0);
			return 0;
		}
		n = read(lws_get_socket_fd(wsi), buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
		if (n <= 0)
			return -1;	/* end of input */
		console_input(c, loop, buf, (size_t)n);
		if (c->busy)	/* read on once it is answered */
			lws_rx_flow_control(wsi, 0);
		return 0;
	case LWS_CALLBACK_RAW_CLOSE_FILE:
		c->wsi = NULL;
		console_end(c, loop);
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols console_protocol = {
	"yell-console", console_callback, 0, 0, 0, NULL, 0
};

static int
console_start(struct chat *chat, struct loop *loop, char **cause)
{
	struct console		*c = chat->data;
	lws_sock_file_fd_type	 fd;

	c->loop = loop;
	fd.filefd = STDIN_FILENO;
	c->wsi = lws_adopt_descriptor_vhost(loop_vhost(loop),
	    LWS_ADOPT_RAW_FILE_DESC, fd, console_protocol.name, NULL);
	if (c->wsi == NULL) {
		xasprintf(cause, "cannot watch standard input");
		return -1;
	}
	if (c->edit) {		/* libedit reads a key at a time, blocking */
		fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) &
		    ~O_NONBLOCK);
		console_editing = c;
		rl_readline_name = "yell";
		/* libedit decodes keys and the prompt by LC_CTYPE: UTF-8 */
		if (setlocale(LC_CTYPE, "") == NULL ||
		    strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
			setlocale(LC_CTYPE, "C.UTF-8");
	}
	console_say(c, "console.banner", NULL);
	if (c->initial != NULL && console_become(c, c->initial) != 0) {
		xasprintf(cause, "--as %s: no single staff member matches",
		    c->initial);
		return -1;
	}
	console_prompt(c);
	return 0;
}

/* Sender thread: "delivers" a row by printing it with its recipient. */
static enum chat_delivery
console_deliver(struct chat *chat, const struct outbox_row *row,
    const struct chat_recipient *to, char **error, int *retry_after,
    char **sent_ref)
{
	struct console	*c = chat->data;
	struct reply	 r;
	char		*text, *header;

	(void)retry_after;
	(void)sent_ref;		/* printed lines cannot be edited */
	if (reply_from_json(&r, row->body) != 0) {
		*error = xstrdup("unreadable message body");
		return CHAT_FAILED;
	}
	/* A post in a shared conversation shows as one, not as a DM. */
	if (strcmp(row->method, OUTBOX_POST) == 0 && row->conversation != NULL)
		header = msgcat_fmt(c->msg, c->lang, "console.post",
		    "channel", row->conversation, NULL);
	else
		header = msgcat_fmt(c->msg, c->lang, "console.delivery",
		    "name", to->name, "id", row->recipient, NULL);
	text = reply_to_text(&r);
	console_print(c, header);
	console_print(c, text);
	free(text);
	free(header);
	reply_clear(&r);
	return CHAT_SENT;
}

static void
console_stop(struct chat *chat)
{
	(void)chat;
}

static void
console_free(struct chat *chat)
{
	struct console	*c;

	if (chat == NULL)
		return;
	c = chat->data;
	if (c->edit)		/* the terminal as it was */
		rl_callback_handler_remove();
	free(c->prompt);
	free(c->user);
	free(c->user_name);
	free(c->initial);
	buf_free(&c->line);
	buf_free(&c->pending);
	pthread_mutex_destroy(&c->out);
	free(c);
	free(chat);
}

/*
 * Creates the console adapter over db (the loop thread's connection).  as,
 * if not NULL, is who the first lines come from.  Returns the adapter,
 * freed through chat->free.
 */
struct chat *
chat_console_create(struct db *db, const struct msgcat *msg,
    const char *lang, const char *as)
{
	struct chat	*chat;
	struct console	*c;

	c = xcalloc(1, sizeof *c);
	c->db = db;
	c->msg = msg;
	c->lang = lang;
	c->echo = !isatty(STDIN_FILENO);
	c->edit = !c->echo && isatty(STDOUT_FILENO);
	buf_init(&c->line, CONSOLE_LINE_MAX);
	buf_init(&c->pending, 0);
	pthread_mutex_init(&c->out, NULL);
	chat = xcalloc(1, sizeof *chat);
	chat->platform = CONSOLE_PLATFORM;
	chat->protocol = &console_protocol;
	chat->start = console_start;
	chat->caps = CHAT_CAN_ACK_REPLY | CHAT_CAN_BUTTONS;
	chat->stop = console_stop;
	chat->ack = console_ack;
	chat->deliver = console_deliver;
	chat->free = console_free;
	chat->data = c;
	c->initial = as != NULL ? xstrdup(as) : NULL;
	return chat;
}

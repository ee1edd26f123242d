/*
 * yellctl.c: the operator's command line, working on yelld's database.
 *
 * Commands are rows of yellctl_cmds[]; each checks its own arguments before
 * the configuration and database are opened, so that a typo costs a usage
 * message and never a half-done change.  Messages are English, for
 * operators; nothing here uses the chat message catalogues.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "yellctl.h"

#ifndef YELL_VERSION
#define YELL_VERSION "unknown"
#endif

#define YELLCTL_CONF	YELL_SYSCONFDIR "/yell/yell.conf"
#define YELLCTL_NCOLS	7	/* columns of "staff list" */

struct yellctl_cmd {
	const char	*group;
	const char	*name;
	const char	*args;
	const char	*summary;
	int		(*exec)(struct yellctl *, int, char **);
};

static int	yellctl_staff_import(struct yellctl *, int, char **);
static int	yellctl_staff_list(struct yellctl *, int, char **);

static const struct yellctl_cmd yellctl_cmds[] = {
	{ "staff", "import", "ROSTER.csv [--map MAP] [--encoding cp932] "
	    "[--dry-run]",
	    "check a roster CSV, then add and update its staff",
	    yellctl_staff_import },
	{ "staff", "list", "",
	    "list everyone on the roster",
	    yellctl_staff_list },
	{ "catalog", "validate", "FILE",
	    "check a training catalogue (docs/catalog.md)",
	    yellctl_catalog_validate },
	{ "catalog", "import", "FILE",
	    "check a catalogue, then load its fiscal year",
	    yellctl_catalog_import },
	{ "catalog", "list", "[--notes] [YEAR]",
	    "list a fiscal year's courses (default: this one)",
	    yellctl_catalog_list },
	{ "class", "move", "CODE CLASS 'YYYY-MM-DD[ HH:MM]' [--year YEAR] "
	    "[--force] [--reopen]",
	    "move a class; the people enrolled are told",
	    yellctl_class_move },
	{ "class", "cancel", "CODE CLASS [--year YEAR]",
	    "cancel a class; the people enrolled are told",
	    yellctl_class_cancel },
	{ "class", "capacity", "CODE CLASS SEATS|none [--year YEAR]",
	    "set the seats of a class (kept across catalogue imports)",
	    yellctl_class_capacity },
	{ "completions", "import", "FILE.csv",
	    "record who finished which course (stops reminders)",
	    yellctl_completions_import },
	{ "enroll", "", "EMPLOYEE CODE [CLASS]",
	    "enrol someone whatever the target (HR); they are told",
	    yellctl_enroll },
	{ "selection", "import", "FILE.csv",
	    "record who was selected or nominated (選抜・推薦) for a course",
	    yellctl_selection_import },
	{ "check", "", "",
	    "check the database: integrity, schema version, stuck outbox rows",
	    yellctl_check },
	{ "backup", "", "FILE",
	    "copy the database to a new FILE, safely while yelld runs",
	    yellctl_backup },
	{ "export", "", "--person EMPLOYEE",
	    "everything stored about one person, as JSON",
	    yellctl_export },
	{ "erase", "", "--person EMPLOYEE",
	    "remove one person's data, keeping the figures' counts (audited)",
	    yellctl_erase },
	{ "outbox", "list", "[--all]",
	    "messages not delivered yet (or every one)",
	    yellctl_outbox_list },
	{ "outbox", "retry", "ID",
	    "send an undelivered message again (audited)",
	    yellctl_outbox_retry },
	{ "outbox", "drop", "ID",
	    "give up an undelivered message (audited)",
	    yellctl_outbox_drop },
	{ "identity", "list", "",
	    "which chat account is whose",
	    yellctl_identity_list },
	{ "identity", "unlink", "PLATFORM CHAT_USER",
	    "unlink a chat account from its employee (audited)",
	    yellctl_identity_unlink },
	{ "declare", "import", "FILE.csv",
	    "record departments' and sections' declared focus (重点実施内容)",
	    yellctl_declare_import },
	{ "report", "nudges", "[--format csv|json] [--from DATE] [--to DATE]",
	    "nudges queued, sent, acted on and opt-outs by kind, department",
	    yellctl_report_nudges },
	{ "report", "prompts", "[--format csv|json] [--from DATE] [--to DATE]",
	    "each MVV prompt's posts, reactions and thread replies",
	    yellctl_report_prompts },
	{ "announce", "create", "--title TEXT --body-file FILE "
	    "[--audience EXPR] [--channel ID] [--dm] "
	    "[--at 'YYYY-MM-DD HH:MM'] [--ack] [--remind-after N] [--urgent] "
	    "[--every RULE] [--yes]",
	    "write an announcement (or a series) and print its preview",
	    yellctl_announce_create },
	{ "announce", "send", "ID",
	    "confirm a draft announcement; it goes out at its time",
	    yellctl_announce_send },
	{ "announce", "list", "",
	    "list the announcements",
	    yellctl_announce_list },
	{ "announce", "show", "ID",
	    "show an announcement: its preview, or its figures once sent",
	    yellctl_announce_show },
	{ "announce", "cancel", "ID | --series ID",
	    "cancel an announcement before it goes out, or stop a series",
	    yellctl_announce_cancel },
	{ "report", "announcements", "[ID] [--format csv|json]",
	    "how far announcements reached, by department and job level",
	    yellctl_report_announcements },
	{ "report", "imessages", "[--format csv|json] [--fy YEAR]",
	    "HR's I-message figures by month (groups under 5 suppressed)",
	    yellctl_report_imessages },
};
#define YELLCTL_NCMDS	(sizeof yellctl_cmds / sizeof yellctl_cmds[0])

/* YELL_NOW sets the clock, as for yelld ([test] hooks = on). */
static int
yellctl_clock(const struct config *cfg)
{
	const char	*now = config_test_hook(cfg, "YELL_NOW");
	time_t		 t;

	if (now == NULL)
		return 0;
	if (clock_parse(now, &t) != 0) {
		fprintf(stderr, "yellctl: YELL_NOW \"%s\": expected "
		    "YYYY-MM-DD HH:MM\n", now);
		return -1;
	}
	clock_set(t);
	return 0;
}

/*
 * Who an audit entry of yellctl names: the operator's login, as
 * "yellctl:NAME".  Returns a static string.
 */
const char *
yellctl_actor(void)
{
	static char	 actor[128];
	struct passwd	*pw;

	if (actor[0] == '\0') {
		pw = getpwuid(getuid());
		snprintf(actor, sizeof actor, "yellctl:%s", pw != NULL ?
		    pw->pw_name : "?");
	}
	return actor;
}

/* Prints the usage, of every command or only those of group. */
static void
yellctl_usage_of(FILE *f, const char *group)
{
	const struct yellctl_cmd	*cmd;
	char				*words;
	size_t				 i;

	fprintf(f, "usage: yellctl [-hV] [-c FILE] COMMAND [ARGS]\n"
	    "  -c, --config FILE   configuration file (default %s)\n"
	    "  -h, --help          show this help (after a command: its help)\n"
	    "  -V, --version       show the version\n"
	    "commands:\n", YELLCTL_CONF);
	for (i = 0; i < YELLCTL_NCMDS; i++) {
		cmd = &yellctl_cmds[i];
		if (group != NULL && strcmp(cmd->group, group) != 0)
			continue;
		xasprintf(&words, "%s%s%s%s%s", cmd->group,
		    *cmd->name != '\0' ? " " : "", cmd->name,
		    *cmd->args != '\0' ? " " : "", cmd->args);
		if (strlen(words) > 36)	/* the summary on a line of its own */
			fprintf(f, "  %s\n  %-36s %s\n", words, "",
			    cmd->summary);
		else
			fprintf(f, "  %-36s %s\n", words, cmd->summary);
		free(words);
	}
}

static void
yellctl_usage(FILE *f)
{
	yellctl_usage_of(f, NULL);
}

static bool
yellctl_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* Loads the configuration and opens the database: 0 or an exit code. */
int
yellctl_open(struct yellctl *y)
{
	char	*cause = NULL;

	y->cfg = config_load(y->conf_path, &cause);
	if (y->cfg == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return EX_CONFIG_;
	}
	/* config_load has applied [time] zone, so YELL_NOW reads right. */
	if (yellctl_clock(y->cfg) != 0)
		return EX_USAGE_;
	y->db = db_open(y->cfg->database, &cause);
	if (y->db == NULL) {
		fprintf(stderr, "yellctl: cannot open the database: %s\n",
		    cause);
		free(cause);
		return EX_CANTCREAT_;
	}
	return 0;
}

/* Counts what an import would do, without doing it. */
static int
yellctl_count(struct db *db, const struct roster *roster, int *added,
    int *updated)
{
	size_t	i;
	int	e;

	*added = *updated = 0;
	for (i = 0; i < roster->n; i++) {
		e = q_staff_exists(db, roster->staff[i].employee_id);
		if (e < 0)
			return -1;
		if (e == 1)
			(*updated)++;
		else
			(*added)++;
	}
	return 0;
}

/*
 * Loads the column map of --map (README "The roster CSV").  Returns 0 with
 * *map set (caller frees with roster_map_free), or an exit code after
 * printing every problem.
 */
static int
yellctl_load_map(const char *path, struct roster_map **map)
{
	char	*errors;
	size_t	 n;

	*map = roster_map_load(path, &errors, &n);
	if (*map != NULL)
		return 0;
	fprintf(stderr, "%s\n%zu error%s in the map; nothing was changed\n",
	    errors, n, n == 1 ? "" : "s");
	free(errors);
	return EX_DATAERR_;
}

static int
yellctl_staff_import(struct yellctl *y, int argc, char **argv)
{
	struct roster		 roster;
	struct roster_map	*map = NULL;
	const char		*path = NULL, *map_path = NULL;
	const char		*encoding = NULL;
	bool			 dry_run = false;
	int			 i, rc, added, updated;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry_run = true;
		else if (strcmp(argv[i], "--map") == 0) {
			if (i + 1 == argc) {
				fprintf(stderr, "yellctl: --map needs a map "
				    "file\n");
				return EX_USAGE_;
			}
			map_path = argv[++i];
		} else if (strcmp(argv[i], "--encoding") == 0) {
			if (i + 1 == argc) {
				fprintf(stderr, "yellctl: --encoding needs an "
				    "encoding such as cp932\n");
				return EX_USAGE_;
			}
			encoding = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "yellctl: unknown option %s\n",
			    argv[i]);
			return EX_USAGE_;
		} else if (path == NULL)
			path = argv[i];
		else {
			fprintf(stderr, "yellctl: one roster file only\n");
			return EX_USAGE_;
		}
	}
	if (path == NULL) {
		fprintf(stderr, "yellctl: staff import needs a roster file\n");
		return EX_USAGE_;
	}
	if (map_path != NULL) {
		rc = yellctl_load_map(map_path, &map);
		if (rc != 0)
			return rc;
	}
	rc = yellctl_open(y);
	if (rc != 0) {
		roster_map_free(map);
		return rc;
	}

	if (roster_read_enc(y->db, path, map, encoding, &roster) != 0) {
		fprintf(stderr, "%s\n%zu error%s; nothing was changed\n",
		    roster.errors, roster.nerrors,
		    roster.nerrors == 1 ? "" : "s");
		rc = EX_DATAERR_;
		goto out;
	}
	if (dry_run) {
		if (yellctl_count(y->db, &roster, &added, &updated) != 0) {
			fprintf(stderr, "yellctl: cannot read the database: "
			    "%s\n", db_errmsg(y->db));
			rc = EX_SOFTWARE_;
			goto out;
		}
		printf("would add %d, update %d\n", added, updated);
		goto out;
	}
	if (roster_apply(y->db, &roster, &added, &updated) != 0) {
		/* roster_apply logged the database's reason. */
		fprintf(stderr, "yellctl: the import failed; nothing was "
		    "changed\n");
		rc = EX_SOFTWARE_;
		goto out;
	}
	printf("added %d, updated %d\n", added, updated);
out:
	roster_clear(&roster);
	roster_map_free(map);
	return rc;
}

/* Terminal columns of valid UTF-8: East Asian wide characters take two. */
static size_t
yellctl_width(const char *s)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 len;
	size_t			 w = 0;
	int			 cw;

	for (; *p != '\0'; p += len) {
		len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0) {
			len = 1;
			w++;
			continue;
		}
		cw = utf8proc_charwidth(cp);
		if (cw > 0)
			w += (size_t)cw;
	}
	return w;
}

/*
 * Prints one table row, padding each cell to its column's width; the last
 * cell is not padded, so lines carry no trailing blanks.
 */
static void
yellctl_print_row(char *const *cells, const size_t *widths)
{
	size_t	c, pad;

	for (c = 0; c < YELLCTL_NCOLS; c++) {
		fputs(cells[c], stdout);
		if (c == YELLCTL_NCOLS - 1)
			break;
		for (pad = widths[c] - yellctl_width(cells[c]) + 2; pad > 0;
		    pad--)
			putchar(' ');
	}
	putchar('\n');
}

/* The cells of one person, safe to print (caller frees each). */
static void
yellctl_staff_cells(const struct staff *s, char **cells)
{
	const char	*v[YELLCTL_NCOLS];
	size_t		 c;

	v[0] = s->employee_id;
	v[1] = s->name;
	v[2] = s->department;
	v[3] = s->section;
	/* The plan's word, or the code as the roster has it. */
	v[4] = staff_level_label(s->job_level) != NULL ?
	    staff_level_label(s->job_level) : s->job_level;
	v[5] = s->manager_id;
	v[6] = s->roles;
	for (c = 0; c < YELLCTL_NCOLS; c++) {
		cells[c] = text_printable(v[c] != NULL && *v[c] != '\0' ?
		    v[c] : "-");
	}
}

static int
yellctl_staff_list(struct yellctl *y, int argc, char **argv)
{
	static const char *const head[YELLCTL_NCOLS] = { "employee_id",
	    "name", "department", "section", "level", "manager", "roles" };
	struct staff	*staff;
	char		**cells;
	size_t		 widths[YELLCTL_NCOLS], n, i, c, w;
	int		 rc;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "yellctl: staff list takes no arguments\n");
		return EX_USAGE_;
	}
	rc = yellctl_open(y);
	if (rc != 0)
		return rc;
	staff = q_staff_list(y->db, &n);
	cells = xcalloc(n + 1, YELLCTL_NCOLS * sizeof *cells);
	for (c = 0; c < YELLCTL_NCOLS; c++)
		cells[c] = xstrdup(head[c]);
	for (i = 0; i < n; i++)
		yellctl_staff_cells(&staff[i], &cells[(i + 1) * YELLCTL_NCOLS]);
	memset(widths, 0, sizeof widths);
	for (i = 0; i < (n + 1) * YELLCTL_NCOLS; i++) {
		w = yellctl_width(cells[i]);
		if (w > widths[i % YELLCTL_NCOLS])
			widths[i % YELLCTL_NCOLS] = w;
	}
	for (i = 0; i < n + 1; i++)
		yellctl_print_row(&cells[i * YELLCTL_NCOLS], widths);
	printf("%zu staff\n", n);
	for (i = 0; i < (n + 1) * YELLCTL_NCOLS; i++)
		free(cells[i]);
	free(cells);
	staff_array_free(staff, n);
	return 0;
}

static const struct option yellctl_longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct yellctl			 y;
	const struct yellctl_cmd	*cmd = NULL;
	size_t				 i;
	int				 ch, rc, skip = 0;

	memset(&y, 0, sizeof y);
	y.conf_path = YELLCTL_CONF;
	umask(077);	/* a database it creates is yelld's alone, as yelld's */
	log_init(LOG_LVL_WARN, "yellctl");
	/* "+": options end at the command, whose own flags follow it. */
	while ((ch = getopt_long(argc, argv, "+c:hV", yellctl_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			y.conf_path = optarg;
			break;
		case 'h':
			yellctl_usage(stdout);
			return EX_OK_;
		case 'V':
			printf("yellctl %s\n", YELL_VERSION);
			return EX_OK_;
		default:
			yellctl_usage(stderr);
			return EX_USAGE_;
		}
	}
	argc -= optind;
	argv += optind;
	/* "yellctl staff --help", "yellctl staff import --help". */
	for (i = 1; i < (size_t)argc; i++) {
		if (yellctl_is_help(argv[i])) {
			yellctl_usage_of(stdout, argv[0]);
			return EX_OK_;
		}
	}
	/* "group name ARGS", or "group ARGS" for a command without name. */
	for (i = 0; argc >= 1 && i < YELLCTL_NCMDS && cmd == NULL; i++) {
		if (strcmp(yellctl_cmds[i].group, argv[0]) != 0)
			continue;
		if (*yellctl_cmds[i].name == '\0') {
			cmd = &yellctl_cmds[i];
			skip = 1;
		} else if (argc >= 2 && strcmp(yellctl_cmds[i].name,
		    argv[1]) == 0) {
			cmd = &yellctl_cmds[i];
			skip = 2;
		}
	}
	if (cmd == NULL) {
		if (argc == 1)
			fprintf(stderr, "yellctl: incomplete or unknown "
			    "command: %s\n", argv[0]);
		else if (argc > 1)
			fprintf(stderr, "yellctl: unknown command: %s %s\n",
			    argv[0], argv[1]);
		yellctl_usage(stderr);
		return EX_USAGE_;
	}
	rc = cmd->exec(&y, argc - skip, argv + skip);
	if (rc == EX_USAGE_)
		yellctl_usage(stderr);
	db_close(y.db);
	config_free(y.cfg);
	return rc;
}

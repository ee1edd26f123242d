/*
 * roster_map.c: the column map that lets an HR system's export be imported
 * as it is, "社員番号 = employee_id" one per line.
 *
 * It owns reading and checking the map file; applying it to a header is
 * roster.c's job (roster_read_map).  Nothing here touches the database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

#define ROSTER_MAP_LINE_MAX	4096	/* a map line is a few dozen bytes */
#define ROSTER_MAP_SECTION	"[columns]"

struct roster_map_entry {
	char	*header;	/* the export's header, NFKC and lower case */
	char	*target;	/* a roster column, or "-" to ignore it */
	int	 line;
};

struct roster_map {
	struct roster_map_entry	*v;
	size_t			 n, cap;
};

/* What loading collects: every problem, "path:line: reason". */
struct roster_map_load {
	const char	*path;
	struct buf	 errors;
	size_t		 nerrors;
};

static void
roster_map_error(struct roster_map_load *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
roster_map_error(struct roster_map_load *ld, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *safe;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	/* The message quotes the file, which may hold terminal escapes. */
	safe = text_printable(msg);
	buf_printf(&ld->errors, "%s%s:%d: %s", ld->nerrors > 0 ? "\n" : "",
	    ld->path, line, safe);
	ld->nerrors++;
	free(safe);
	free(msg);
}

static const struct roster_map_entry *
roster_map_find(const struct roster_map *map, const char *key,
    bool by_target)
{
	size_t	i;

	for (i = 0; i < map->n; i++) {
		if (strcmp(by_target ? map->v[i].target : map->v[i].header,
		    key) == 0)
			return &map->v[i];
	}
	return NULL;
}

/* Checks that target is a column (or "-") and not mapped twice. */
static int
roster_map_check_target(struct roster_map_load *ld, struct roster_map *map,
    int line, const char *target)
{
	const struct roster_map_entry	*e;
	char				*list;

	if (strcmp(target, "-") == 0)
		return 0;
	if (!roster_is_column(target)) {
		list = roster_column_list();
		roster_map_error(ld, line, "unknown column \"%s\" (expected "
		    "%s, or - to ignore the header)", target, list);
		free(list);
		return -1;
	}
	e = roster_map_find(map, target, true);
	if (e != NULL) {
		roster_map_error(ld, line, "column %s is already mapped on "
		    "line %d", target, e->line);
		return -1;
	}
	return 0;
}

/* Takes one "HEADER = COLUMN" line, already trimmed and not a comment. */
static void
roster_map_entry(struct roster_map_load *ld, struct roster_map *map,
    int line, const char *text)
{
	const struct roster_map_entry	*e;
	const char			*eq;
	char				*raw, *header, *target;

	/* Split at the last '=': a column name never contains one. */
	eq = strrchr(text, '=');
	if (eq == NULL) {
		roster_map_error(ld, line, "expected HEADER = COLUMN");
		return;
	}
	raw = xstrndup(text, (size_t)(eq - text));
	header = text_trim(raw);
	free(raw);
	raw = text_trim(eq + 1);
	target = text_norm_token(raw);
	free(raw);
	if (*header == '\0' || *target == '\0') {
		roster_map_error(ld, line, "expected HEADER = COLUMN, with "
		    "both sides filled in");
		goto out;
	}
	raw = text_norm_token(header);
	free(header);
	header = raw;
	e = roster_map_find(map, header, false);
	if (e != NULL) {
		roster_map_error(ld, line, "header \"%s\" is already mapped "
		    "on line %d", header, e->line);
		goto out;
	}
	if (roster_map_check_target(ld, map, line, target) != 0)
		goto out;
	if (map->n == map->cap) {
		map->cap = map->cap == 0 ? 16 : map->cap * 2;
		map->v = xrealloc(map->v, map->cap * sizeof *map->v);
	}
	map->v[map->n].header = header;
	map->v[map->n].target = target;
	map->v[map->n].line = line;
	map->n++;
	return;
out:
	free(header);
	free(target);
}

/* Takes one raw line: a comment, the section line, or an entry. */
static void
roster_map_line(struct roster_map_load *ld, struct roster_map *map, int line,
    const char *raw, size_t len)
{
	char	*text, *trimmed;

	text = text_sanitize(raw, len);
	trimmed = text_trim(text);
	if (*trimmed == '\0' || *trimmed == '#' || *trimmed == ';')
		goto out;
	if (*trimmed == '[') {
		if (strcmp(trimmed, ROSTER_MAP_SECTION) != 0)
			roster_map_error(ld, line, "unknown section %s (the "
			    "only one is %s)", trimmed, ROSTER_MAP_SECTION);
		goto out;
	}
	roster_map_entry(ld, map, line, trimmed);
out:
	free(trimmed);
	free(text);
}

/*
 * Reads the map at path: lines "HEADER = COLUMN", where HEADER is a header
 * of the export and COLUMN a roster column or "-" (ignore that header);
 * '#' and ';' start comments, and an optional "[columns]" line is allowed.
 * Headers match ignoring full-width/half-width and ASCII case.  Returns the
 * map (caller frees with roster_map_free), or NULL with *errors set to
 * every problem as "path:line: reason" lines (caller frees) and *nerrors
 * their count.
 *
 * OUT: errors, nerrors.
 */
struct roster_map *
roster_map_load(const char *path, char **errors, size_t *nerrors)
{
	struct roster_map	*map;
	FILE			*f;

	f = fopen(path, "r");
	if (f == NULL) {
		xasprintf(errors, "%s: %s", path, strerror(errno));
		*nerrors = 1;
		return NULL;
	}
	map = roster_map_read(f, path, errors, nerrors);
	fclose(f);
	return map;
}

/*
 * roster_map_load over an open stream f (left open), named path in the
 * errors: the fuzz target's way in, without a file.
 *
 * OUT: errors, nerrors.
 */
struct roster_map *
roster_map_read(FILE *f, const char *path, char **errors, size_t *nerrors)
{
	struct roster_map_load	 ld;
	struct roster_map	*map;
	char			*raw = NULL;
	size_t			 cap = 0;
	ssize_t			 len;
	int			 line = 0;

	*errors = NULL;
	*nerrors = 0;
	memset(&ld, 0, sizeof ld);
	ld.path = path;
	buf_init(&ld.errors, 0);
	map = xcalloc(1, sizeof *map);
	while ((len = getline(&raw, &cap, f)) != -1) {
		line++;
		/* A BOM, as Windows editors write, is no part of a header. */
		if (line == 1 && strncmp(raw, "\xef\xbb\xbf", 3) == 0) {
			memmove(raw, raw + 3, (size_t)len - 2);
			len -= 3;
		}
		if (len > ROSTER_MAP_LINE_MAX)
			roster_map_error(&ld, line, "line longer than %d "
			    "bytes", ROSTER_MAP_LINE_MAX);
		else
			roster_map_line(&ld, map, line, raw, (size_t)len);
	}
	if (ferror(f))
		roster_map_error(&ld, line, "read error: %s", strerror(errno));
	else if (map->n == 0 && ld.nerrors == 0)
		roster_map_error(&ld, line > 0 ? line : 1, "the map names no "
		    "columns");
	free(raw);
	if (ld.nerrors > 0) {
		roster_map_free(map);
		*errors = buf_steal(&ld.errors);
		*nerrors = ld.nerrors;
		map = NULL;
	}
	buf_free(&ld.errors);
	return map;
}

/* Frees a map; roster_map_free(NULL) does nothing. */
void
roster_map_free(struct roster_map *map)
{
	size_t	i;

	if (map == NULL)
		return;
	for (i = 0; i < map->n; i++) {
		free(map->v[i].header);
		free(map->v[i].target);
	}
	free(map->v);
	free(map);
}

/*
 * Returns the roster column that the export's header maps to, "-" if the
 * map says to ignore it, or NULL if the map does not name it.  The result
 * belongs to the map.
 */
const char *
roster_map_target(const struct roster_map *map, const char *header)
{
	const struct roster_map_entry	*e;
	char				*key;

	key = text_norm_token(header);
	e = roster_map_find(map, key, false);
	free(key);
	return e != NULL ? e->target : NULL;
}

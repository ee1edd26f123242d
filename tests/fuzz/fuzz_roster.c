/*
 * fuzz_roster.c: libFuzzer target for the roster CSV an operator imports,
 * with and without a column map: the CSV reader (csv.c), the map
 * (roster_map.c) and every check of roster.c, all from memory.  An input
 * holding a NUL byte is a map (before it) and a CSV (after it); any other
 * input is a CSV read as it is.  The database is one in memory, opened
 * once with the demo roster, so that rows meet stored people too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"
#include "state.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db	*fuzz_the_db;

/* At exit, so that valgrind and LeakSanitizer see everything freed. */
static void
fuzz_db_close(void)
{
	db_close(fuzz_the_db);
	fuzz_the_db = NULL;
}

static struct db *
fuzz_db(void)
{
	struct db		*db = fuzz_the_db;
	struct roster		 r;
	char			*cause = NULL, *path;
	const char		*src;
	int			 added, updated;

	if (db != NULL)
		return db;
	log_init(LOG_LVL_ERROR, "fuzz_roster");
	if ((db = db_open(":memory:", &cause)) == NULL)
		abort();
	fuzz_the_db = db;
	atexit(fuzz_db_close);
	/* The demo roster, where the source tree is known (replay, make). */
	if ((src = getenv("YELL_SOURCE_DIR")) != NULL) {
		xasprintf(&path, "%s/config/demo/roster.csv", src);
		if (roster_read(db, path, &r) == 0)
			roster_apply(db, &r, &added, &updated);
		roster_clear(&r);
		free(path);
	}
	return db;
}

static void
fuzz_check(const struct roster *r)
{
	size_t	i;

	if ((r->nerrors == 0) != (r->errors == NULL))
		abort();
	for (i = 0; i < r->n; i++) {
		if (r->staff[i].employee_id == NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char		*text = (const char *)data, *nul;
	struct roster_map	*map = NULL;
	struct roster		 r;
	FILE			*f;
	char			*errors = NULL;
	size_t			 nerrors, maplen;

	nul = memchr(text, '\0', len);
	if (nul != NULL) {
		maplen = (size_t)(nul - text);
		if ((f = fmemopen((void *)text, maplen, "r")) == NULL)
			abort();
		map = roster_map_read(f, "map.txt", &errors, &nerrors);
		fclose(f);
		if ((map == NULL) != (nerrors > 0))
			abort();
		free(errors);
		text = nul + 1;
		len -= maplen + 1;
	}
	roster_read_mem(fuzz_db(), "roster.csv", text, len, map, &r);
	fuzz_check(&r);
	roster_clear(&r);
	roster_map_free(map);
	return 0;
}

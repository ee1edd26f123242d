/*
 * fuzz_config.c: libFuzzer target for yell.conf (bot/config.c), read from
 * memory through config_read, which leaves the process's time zone alone:
 * the INI syntax, every option's type and range, and the file:line report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct config	*cfg;
	FILE		*f;
	char		*cause = NULL;

	if ((f = fmemopen((void *)data, len, "r")) == NULL)
		abort();
	cfg = config_read(f, "/nonexistent/yell.conf", &cause);
	fclose(f);
	/* Either a whole config or every error as "file:line: message". */
	if ((cfg == NULL) == (cause == NULL))
		abort();
	if (cause != NULL && strncmp(cause, "/nonexistent/yell.conf:", 23) != 0)
		abort();
	free(cause);
	config_free(cfg);
	return 0;
}

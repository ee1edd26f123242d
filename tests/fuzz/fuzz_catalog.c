/*
 * fuzz_catalog.c: libFuzzer target for a fiscal year's training catalogue
 * (state/catalog.c, docs/catalog.md), read from memory: the JSON and every
 * check of its courses, classes, windows and target rules.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib.h"
#include "state.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct catalog	cat;
	int		rc;

	rc = catalog_read_mem("catalog.json", (const char *)data, len, &cat);
	if ((rc == 0) != (cat.errors == NULL))
		abort();
	catalog_clear(&cat);
	return 0;
}

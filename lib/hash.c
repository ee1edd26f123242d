/*
 * hash.c: the string hash of the small open-addressing tables (ingress's
 * per-user buckets, the outbox's paces, the message catalogues): FNV-1a,
 * quick on short keys and spread well enough for a power-of-two table.
 */
#include "lib.h"

uint32_t
str_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

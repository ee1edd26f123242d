/*
 * request.c: the platform-neutral request an adapter hands to dispatch.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

void
request_clear(struct request *r)
{
	free(r->platform);
	free(r->delivery_id);
	free(r->chat_user);
	free(r->channel);
	free(r->text);
	free(r->trigger_id);
	free(r->msg_ref);
	free(r->about_ref);
	free(r->pressed_label);
	free(r->form_command);
	form_values_free(r->form_values, r->nform_values);
	memset(r, 0, sizeof *r);
}

/*
 * Splits text into its first word (normalised: full-width letters and upper
 * case fold to ASCII lower case) and the rest, which starts at the next
 * non-space.  OUT: *word (caller frees), *rest (points into text).
 * Returns 0, or -1 when the text holds no word.
 */
int
request_split(const char *text, char **word, const char **rest)
{
	const char	*p, *start;
	char		*raw;

	start = text_skip_space(text);
	if (*start == '\0')
		return -1;
	for (p = start; *p != '\0' && text_space_len(p) == 0; p++)
		;
	raw = xstrndup(start, (size_t)(p - start));
	*word = text_norm_token(raw);
	free(raw);
	*rest = text_skip_space(p);
	return 0;
}

/*
 * fuzz_slack_envelope.c: libFuzzer target for what Slack can send over
 * Socket Mode: any bytes as one text frame, through the pure envelope
 * parser (slack_frame_parse), then what ingress would do with the request
 * before a handler sees it (the words a form stands for, the mentions).
 * Replayed over the checked-in corpus by every `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "slack.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const struct slack_self	 self = { "U0BOT", "T0FAKE" };
	struct slack_env		*env;
	struct args			 a;

	if (slack_frame_parse((const char *)data, len, &self, &env) != 0 ||
	    env == NULL)
		return 0;
	if (env->req.text != NULL) {
		args_parse(&a, env->req.text);
		args_clear(&a);
	}
	slack_env_free(env);
	return 0;
}

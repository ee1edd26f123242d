/*
 * test_prompt_slack.c: Slack's reaction_added and thread replies become
 * neutral requests of their own kind (the conversation and when the
 * message they are about was posted); top-level channel messages, file
 * reactions and the bot's own stay ignored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slack.h"

static const struct slack_self self = { "U0BOT", "T0FAKE" };

/* Parses one events_api envelope around ev.  Returns it (caller frees). */
static struct slack_env *
parse(const char *ev)
{
	struct slack_env	*env = NULL;
	char			*frame;

	xasprintf(&frame, "{\"type\":\"events_api\",\"envelope_id\":\"e1\","
	    "\"payload\":{\"team_id\":\"T0FAKE\",\"event_id\":\"Ev1\","
	    "\"event\":%s}}", ev);
	assert_int_equal(slack_frame_parse(frame, strlen(frame), &self, &env),
	    0);
	free(frame);
	assert_non_null(env);
	return env;
}

static void
test_reaction(void **state)
{
	struct slack_env	*env;

	(void)state;
	env = parse("{\"type\":\"reaction_added\",\"user\":\"U0016\","
	    "\"reaction\":\"tada\",\"item\":{\"type\":\"message\",\"channel\":"
	    "\"C0PROMPT\",\"ts\":\"1717374600.000100\"},\"event_ts\":"
	    "\"1717375000.000200\"}");
	assert_int_equal(env->kind, ENV_COMMAND);
	assert_int_equal(env->req.kind, REQUEST_REACTION);
	assert_string_equal(env->req.channel, "C0PROMPT");
	assert_int_equal(env->req.about_at, 1717374600);
	assert_string_equal(env->req.chat_user, "U0016");
	assert_string_equal(env->req.delivery_id, "Ev1");
	slack_env_free(env);
	/* A file, or the bot's own reaction: nothing. */
	env = parse("{\"type\":\"reaction_added\",\"user\":\"U0016\","
	    "\"item\":{\"type\":\"file\",\"file\":\"F1\"}}");
	assert_int_equal(env->kind, ENV_IGNORE);
	slack_env_free(env);
	env = parse("{\"type\":\"reaction_added\",\"user\":\"U0BOT\","
	    "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1.2\"}}");
	assert_int_equal(env->kind, ENV_IGNORE);
	slack_env_free(env);
	env = parse("{\"type\":\"reaction_added\",\"user\":\"U0016\","
	    "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"x\"}}");
	assert_int_equal(env->kind, ENV_IGNORE);
	slack_env_free(env);
}

/*
 * A posted message's reference is the text the outbox kept for it in
 * every version (msg_ref), byte for byte, so that a reaction to an old
 * post still names it; text to escape is escaped.
 */
static void
test_msg_ref(void **state)
{
	char	*ref;

	(void)state;
	ref = slack_msg_ref("C1", "1717374602.000100");
	assert_string_equal(ref,
	    "{\"channel\":\"C1\",\"ts\":\"1717374602.000100\"}");
	free(ref);
	ref = slack_msg_ref("C\"1", "1.2");
	assert_string_equal(ref, "{\"channel\":\"C\\\"1\",\"ts\":\"1.2\"}");
	free(ref);
	assert_null(slack_msg_ref(NULL, "1.2"));
	assert_null(slack_msg_ref("C1", NULL));
}

static void
test_thread_reply(void **state)
{
	struct slack_env	*env;

	(void)state;
	env = parse("{\"type\":\"message\",\"channel_type\":\"channel\","
	    "\"user\":\"U0017\",\"text\":\"なるほど\",\"channel\":\"C0PROMPT\","
	    "\"ts\":\"1717375100.000300\",\"thread_ts\":\"1717374600.000100\"}");
	assert_int_equal(env->kind, ENV_COMMAND);
	assert_int_equal(env->req.kind, REQUEST_REPLY);
	assert_int_equal(env->req.about_at, 1717374600);
	assert_string_equal(env->req.text, "");	/* never run as words */
	slack_env_free(env);
	/* A top-level channel message is not ours to read. */
	env = parse("{\"type\":\"message\",\"channel_type\":\"channel\","
	    "\"user\":\"U0017\",\"text\":\"help\",\"channel\":\"C0PROMPT\","
	    "\"ts\":\"1717375100.000300\"}");
	assert_int_equal(env->kind, ENV_IGNORE);
	slack_env_free(env);
	/* A DM in a thread is still a command. */
	env = parse("{\"type\":\"message\",\"channel_type\":\"im\","
	    "\"user\":\"U0017\",\"text\":\"mvv\",\"channel\":\"D1\","
	    "\"ts\":\"1717375100.000300\",\"thread_ts\":\"1717374600.000100\"}");
	assert_int_equal(env->kind, ENV_COMMAND);
	assert_int_equal(env->req.kind, REQUEST_COMMAND);
	assert_string_equal(env->req.text, "mvv");
	slack_env_free(env);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reaction),
		cmocka_unit_test(test_thread_reply),
		cmocka_unit_test(test_msg_ref),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

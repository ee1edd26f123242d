/*
 * test_slack_envelope.c: who counts as one of ours.  A Slack user object is
 * a person of this workplace only when it is no bot, not deactivated, of
 * the bot's own team, and no guest unless guests are allowed; an envelope
 * from another team, or from a user of another team in a shared channel,
 * is not run; a user_change event asks for the account's check.
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

static const struct slack_self	self = { "U0BOT", "T0OURS" };

static bool
ours(const char *json, bool guests, const char **why)
{
	json_t	*u = json_loads(json, 0, NULL);
	bool	 ok;

	assert_non_null(u);
	ok = slack_user_ours(u, "T0OURS", guests, why);
	json_decref(u);
	return ok;
}

static void
test_user_ours(void **state)
{
	const char	*why;

	(void)state;
	assert_true(ours("{\"id\":\"U1\",\"team_id\":\"T0OURS\"}", false,
	    &why));
	assert_null(why);
	assert_false(ours("{\"id\":\"U1\",\"team_id\":\"T0OTHER\"}", true,
	    &why));
	assert_string_equal(why, "of another team");
	/* No team said: not known to be ours. */
	assert_false(ours("{\"id\":\"U1\"}", true, &why));
	assert_false(ours("{\"id\":\"U1\",\"team_id\":\"T0OURS\","
	    "\"is_restricted\":true}", false, &why));
	assert_string_equal(why, "a guest, and [slack] guests = refuse");
	assert_false(ours("{\"id\":\"U1\",\"team_id\":\"T0OURS\","
	    "\"is_ultra_restricted\":true}", false, &why));
	assert_true(ours("{\"id\":\"U1\",\"team_id\":\"T0OURS\","
	    "\"is_restricted\":true}", true, &why));
	assert_false(ours("{\"id\":\"U1\",\"team_id\":\"T0OURS\","
	    "\"is_bot\":true}", true, &why));
	assert_string_equal(why, "a bot");
	assert_false(ours("{\"id\":\"USLACKBOT\",\"team_id\":\"T0OURS\"}",
	    true, &why));
	assert_false(ours("{\"id\":\"U1\",\"team_id\":\"T0OURS\","
	    "\"deleted\":true}", true, &why));
	assert_string_equal(why, "deactivated");
	assert_false(ours("[]", true, &why));
	assert_false(ours("{\"team_id\":\"T0OURS\"}", true, &why));
}

static enum slack_env_kind
kind_of(const char *frame, char **user)
{
	struct slack_env	*env;
	enum slack_env_kind	 k;

	assert_int_equal(slack_frame_parse(frame, strlen(frame), &self, &env),
	    0);
	assert_non_null(env);
	k = env->kind;
	if (user != NULL)
		*user = env->chat_user != NULL ? xstrdup(env->chat_user) : NULL;
	slack_env_free(env);
	return k;
}

static void
test_other_team(void **state)
{
	char	*user;

	(void)state;
	assert_int_equal(kind_of("{\"type\":\"slash_commands\",\"envelope_id\":"
	    "\"e1\",\"payload\":{\"team_id\":\"T0OURS\",\"user_id\":\"U1\","
	    "\"command\":\"/yell\",\"text\":\"mvv\"}}", NULL), ENV_COMMAND);
	assert_int_equal(kind_of("{\"type\":\"slash_commands\",\"envelope_id\":"
	    "\"e1\",\"payload\":{\"team_id\":\"T0OTHER\",\"user_id\":\"U1\","
	    "\"command\":\"/yell\",\"text\":\"mvv\"}}", NULL), ENV_IGNORE);
	assert_int_equal(kind_of("{\"type\":\"interactive\",\"envelope_id\":"
	    "\"e2\",\"payload\":{\"type\":\"block_actions\",\"user\":{\"id\":"
	    "\"U1\",\"team_id\":\"T0OTHER\"},\"actions\":[{\"action_id\":"
	    "\"mvv\",\"value\":\"\"}]}}", NULL), ENV_IGNORE);
	assert_int_equal(kind_of("{\"type\":\"interactive\",\"envelope_id\":"
	    "\"e2\",\"payload\":{\"type\":\"block_actions\",\"user\":{\"id\":"
	    "\"U1\",\"team_id\":\"T0OURS\"},\"actions\":[{\"action_id\":"
	    "\"mvv\",\"value\":\"\"}]}}", NULL), ENV_COMMAND);
	/* A message in a shared channel from a user of another team. */
	assert_int_equal(kind_of("{\"type\":\"events_api\",\"envelope_id\":"
	    "\"e3\",\"payload\":{\"team_id\":\"T0OURS\",\"event_id\":\"Ev1\","
	    "\"event\":{\"type\":\"app_mention\",\"user\":\"U9\",\"user_team\":"
	    "\"T0OTHER\",\"text\":\"<@U0BOT> mvv\",\"channel\":\"C1\"}}}",
	    NULL), ENV_IGNORE);
	/* A profile change: the account is to be checked again. */
	assert_int_equal(kind_of("{\"type\":\"events_api\",\"envelope_id\":"
	    "\"e4\",\"payload\":{\"team_id\":\"T0OURS\",\"event_id\":\"Ev2\","
	    "\"event\":{\"type\":\"user_change\",\"user\":{\"id\":\"U7\","
	    "\"team_id\":\"T0OURS\",\"profile\":{\"email\":\"a@b\"}}}}}",
	    &user), ENV_USER);
	assert_string_equal(user, "U7");
	free(user);
	assert_int_equal(kind_of("{\"type\":\"events_api\",\"envelope_id\":"
	    "\"e5\",\"payload\":{\"team_id\":\"T0OURS\",\"event_id\":\"Ev3\","
	    "\"event\":{\"type\":\"user_change\",\"user\":\"U7\"}}}", NULL),
	    ENV_IGNORE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_ours),
		cmocka_unit_test(test_other_team),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

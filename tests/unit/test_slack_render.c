/*
 * test_slack_render.c: Block Kit rendering and Slack's text rules.  The
 * property that matters most: nothing a user typed, whatever it is, comes
 * out as "<!", "<@" or "<#", so the bot can never be made to ping a
 * channel, a group or a person.
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

#define PROPERTY_RUNS	2000

static uint32_t	rng_state = 0x2545f491;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;	/* xorshift32: repeatable runs */
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Text made of the pieces Slack's syntax is made of. */
static char *
random_text(void)
{
	static const char *const pieces[] = { "<", ">", "&", "!", "@", "#",
	    "channel", "here", "everyone", "subteam^S1", "U0123", "C42", "|",
	    "amp;", "lt;", "gt;", " ", "\n", "あ", "＠", "*", "https://evil",
	    "&lt;", "&amp;", "<!", "<@", "<#", "\xe2\x80\xae" };
	struct buf	b;
	int		i, n = (int)(rng() % 40);

	buf_init(&b, 0);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++)
		buf_addstr(&b, pieces[rng() % (sizeof pieces /
		    sizeof pieces[0])]);
	return buf_steal(&b);
}

/* What w holds, parsed: the renderer must always write JSON. */
static json_t *
parsed(struct jw *w)
{
	char	*text = jw_steal(w);
	json_t	*j;

	assert_non_null(text);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	free(text);
	return j;
}

static json_t *
render_message(const struct reply *r, const char *truncated)
{
	struct jw	w;

	jw_init(&w, 0);
	jw_obj(&w, NULL);
	slack_render_message(&w, r, truncated);
	jw_end(&w);
	return parsed(&w);
}

static json_t *
render_home(const struct reply *r, const char *truncated)
{
	struct jw	w;

	jw_init(&w, 0);
	slack_render_home(&w, NULL, r, truncated);
	return parsed(&w);
}

static json_t *
render_blocks(const struct reply *r, size_t max, const char *truncated)
{
	struct jw	w;

	jw_init(&w, 0);
	slack_render_blocks(&w, NULL, r, max, truncated);
	return parsed(&w);
}

static json_t *
render_form(const struct form_view *v)
{
	struct jw	w;

	jw_init(&w, 0);
	slack_render_form(&w, NULL, v);
	return parsed(&w);
}

static void
assert_no_mention(json_t *o)
{
	char	*s = json_dumps(o, JSON_COMPACT);

	assert_non_null(s);
	if (strstr(s, "<!") != NULL || strstr(s, "<@") != NULL ||
	    strstr(s, "<#") != NULL)
		fail_msg("live Slack syntax in %s", s);
	free(s);
}

static void
test_escape(void **state)
{
	char	*s;

	(void)state;
	s = slack_escape("a & b <!channel> <@U1|x> <#C1> >");
	assert_string_equal(s, "a &amp; b &lt;!channel&gt; &lt;@U1|x&gt; "
	    "&lt;#C1&gt; &gt;");
	free(s);
	s = slack_escape("");
	assert_string_equal(s, "");
	free(s);
}

/* render(escape(x)) never holds a live mention, and text_in undoes it. */
static void
test_escape_property(void **state)
{
	struct reply	 r;
	json_t		*msg, *home;
	char		*text, *esc, *back;
	int		 i, j;

	(void)state;
	for (i = 0; i < PROPERTY_RUNS; i++) {
		reply_init(&r);
		for (j = (int)(rng() % 4); j >= 0; j--) {
			text = random_text();
			if (j % 3 == 0)
				reply_add_button(&r, text, "imessage",
				    "@E0001");
			else
				reply_add(&r, j % 3 == 1 ? REPLY_TEXT :
				    REPLY_CONTEXT, text);
		}
		msg = render_message(&r, "…");
		home = render_home(&r, "…");
		assert_no_mention(msg);
		assert_no_mention(home);
		json_decref(msg);
		json_decref(home);
		reply_clear(&r);
		text = random_text();
		esc = slack_escape(text);
		assert_null(strchr(esc, '<'));
		assert_null(strchr(esc, '>'));
		back = slack_text_in(esc);
		assert_string_equal(back, text);
		free(back);
		free(esc);
		free(text);
	}
}

static void
check_in(const char *in, const char *want)
{
	char	*got = slack_text_in(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_text_in(void **state)
{
	(void)state;
	check_in("imessage <@U333|sato> thanks &amp; more",
	    "imessage <@U333> thanks & more");
	check_in("<#C1|general> <#C2>", "#general #C2");
	check_in("<!here> <!channel> <!subteam^S1|@team>",
	    "@here @channel @team");
	check_in("<mailto:a@b.jp|a@b.jp>", "a@b.jp");
	check_in("<https://example.jp|here> <https://x.jp>",
	    "here (https://example.jp) https://x.jp");
	check_in("1 &lt; 2 &gt; 0 &amp;amp;", "1 < 2 > 0 &amp;");
	check_in("a < b", "a < b");
	check_in("<<@U1>", "<<@U1>");
	check_in("", "");
}

static json_t *
block(json_t *blocks, size_t i)
{
	json_t	*b = json_array_get(blocks, i);

	assert_non_null(b);
	return b;
}

static void
test_blocks(void **state)
{
	struct reply	 r;
	json_t		*blocks, *t, *e;
	char		*id;

	(void)state;
	reply_init(&r);
	reply_add(&r, REPLY_TEXT, xstrdup("*hi* <!here>"));
	reply_add(&r, REPLY_CONTEXT, xstrdup("#たすけあエール"));
	reply_add_button(&r, xstrdup("お礼を返す"), "imessage", "@E1");
	reply_add_button(&r, xstrdup("again"), "imessage", "@E2");
	reply_add(&r, REPLY_TEXT, xstrdup(""));
	blocks = render_blocks(&r, 50, "…");
	assert_int_equal(json_array_size(blocks), 3);
	t = json_object_get(block(blocks, 0), "text");
	assert_string_equal(json_string_value(json_object_get(block(blocks, 0),
	    "type")), "section");
	assert_string_equal(json_string_value(json_object_get(t, "type")),
	    "mrkdwn");
	assert_true(json_is_true(json_object_get(t, "verbatim")));
	assert_string_equal(json_string_value(json_object_get(t, "text")),
	    "*hi* &lt;!here&gt;");
	assert_string_equal(json_string_value(json_object_get(block(blocks, 1),
	    "type")), "context");
	e = json_object_get(block(blocks, 2), "elements");
	assert_int_equal(json_array_size(e), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(e, 0), "action_id")), "imessage");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(e, 1), "action_id")), "imessage~1");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(e, 1), "value")), "@E2");
	id = slack_action_id("imessage~1");
	assert_string_equal(id, "imessage");
	free(id);
	json_decref(blocks);
	reply_clear(&r);
}

/* Long text is split into text objects of at most 3000 characters. */
/* True if every '&' in s starts a whole entity: none was cut in two. */
static bool
whole_entities(const char *s)
{
	for (s = strchr(s, '&'); s != NULL; s = strchr(s + 1, '&')) {
		if (strncmp(s, "&amp;", 5) != 0 && strncmp(s, "&lt;", 4) != 0 &&
		    strncmp(s, "&gt;", 4) != 0)
			return false;
	}
	return true;
}

static void
test_long_text(void **state)
{
	struct reply	 r;
	struct buf	 b;
	json_t		*blocks, *t;
	const char	*s;
	size_t		 i, total = 0;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 2999; i++)
		buf_addstr(&b, "あ");
	for (i = 0; i < 3000; i++)
		buf_addstr(&b, "&");
	reply_init(&r);
	reply_add(&r, REPLY_TEXT, buf_steal(&b));
	blocks = render_blocks(&r, 50, "…");
	assert_true(json_array_size(blocks) >= 6);
	for (i = 0; i < json_array_size(blocks); i++) {
		t = json_object_get(block(blocks, i), "text");
		s = json_string_value(json_object_get(t, "text"));
		assert_true(text_chars(s) <= 3000);
		assert_true(text_chars(s) > 0);
		assert_true(whole_entities(s));
		total += text_chars(s);
	}
	assert_int_equal(total, 2999 + 3000 * 5);
	json_decref(blocks);
	reply_clear(&r);
}

static void
test_block_limit(void **state)
{
	struct reply	 r;
	json_t		*msg, *blocks, *last;
	char		*dump;
	int		 i;

	(void)state;
	reply_init(&r);
	for (i = 0; i < 120; i++)
		reply_add(&r, REPLY_TEXT, xstrdup("line"));
	msg = render_message(&r, "（省略）");
	blocks = json_object_get(msg, "blocks");
	assert_int_equal(json_array_size(blocks), 50);
	last = block(blocks, 49);
	assert_string_equal(json_string_value(json_object_get(last, "type")),
	    "context");
	dump = json_dumps(last, 0);
	assert_non_null(strstr(dump, "（省略）"));
	free(dump);
	assert_non_null(json_string_value(json_object_get(msg, "text")));
	json_decref(msg);
	msg = render_home(&r, "…");
	assert_string_equal(json_string_value(json_object_get(msg, "type")),
	    "home");
	assert_int_equal(json_array_size(json_object_get(msg, "blocks")), 100);
	json_decref(msg);
	reply_clear(&r);
}

/*
 * A command's form: one input block per field in the form's order, the
 * field's name as block and action id, the command in the callback id,
 * the title cut to Slack's 24 characters, labels escaped.
 */
static void
test_form(void **state)
{
	struct form_choice	 choices[] = {
		{ "help", "たすけあエール" }, { "respect", "<!here>" } };
	struct form_view_field	 fields[3];
	struct form_view	 fv;
	json_t			*v, *blocks;
	const char		*title;

	(void)state;
	memset(fields, 0, sizeof fields);
	fields[0].name = "recipient";
	fields[0].kind = FORM_USER;
	fields[0].label = "相手";
	fields[0].initial = "U333";
	fields[1].name = "body";
	fields[1].kind = FORM_TEXT;
	fields[1].label = "本文";
	fields[1].hint = "どんな行動が";
	fields[1].max_length = 500;
	fields[2].name = "values";
	fields[2].kind = FORM_VALUES;
	fields[2].label = "バリュー";
	fields[2].optional = true;
	fields[2].choices = choices;
	fields[2].nchoices = 2;
	memset(&fv, 0, sizeof fv);
	fv.command = "imessage";
	fv.title = "とても長いモーダルのタイトルは二十四文字までに切られます";
	fv.submit = "送る";
	fv.close = "やめる";
	fv.fields = fields;
	fv.nfields = 3;
	v = render_form(&fv);
	assert_string_equal(json_string_value(json_object_get(v, "type")),
	    "modal");
	assert_string_equal(json_string_value(json_object_get(v,
	    "callback_id")), SLACK_VIEW_FORM "imessage");
	title = json_string_value(json_object_get(json_object_get(v, "title"),
	    "text"));
	assert_true(text_chars(title) <= 24);
	blocks = json_object_get(v, "blocks");
	assert_int_equal(json_array_size(blocks), 3);
	assert_string_equal(json_string_value(json_object_get(block(blocks, 0),
	    "block_id")), "recipient");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    block(blocks, 0), "element"), "initial_user")), "U333");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    block(blocks, 1), "element"), "max_length")), 500);
	assert_string_equal(json_string_value(json_object_get(block(blocks, 2),
	    "block_id")), "values");
	assert_true(json_is_true(json_object_get(block(blocks, 2),
	    "optional")));
	assert_no_mention(v);
	json_decref(v);
}

/*
 * A pressed button: the message keeps its blocks, the button gives way to
 * a context line (escaped), the other buttons stay, and a button that is
 * not there changes nothing.
 */
static void
test_pressed(void **state)
{
	json_t		*blocks, *v, *ctx, *elements;
	const char	*json =
	    "[{\"type\":\"section\",\"block_id\":\"s1\",\"text\":{\"type\":"
	    "\"mrkdwn\",\"text\":\"佐藤さんから推薦\"}},"
	    "{\"type\":\"actions\",\"block_id\":\"a1\",\"elements\":["
	    "{\"type\":\"button\",\"action_id\":\"enroll\",\"value\":\"C1\","
	    "\"text\":{\"type\":\"plain_text\",\"text\":\"申し込む\"}},"
	    "{\"type\":\"button\",\"action_id\":\"enroll~1\",\"value\":"
	    "\"C2\",\"text\":{\"type\":\"plain_text\",\"text\":\"別の回\"}}]},"
	    "{\"type\":\"context\",\"block_id\":\"c1\",\"elements\":[{"
	    "\"type\":\"mrkdwn\",\"text\":\"ヒント\"}]}]";

	(void)state;
	blocks = json_loads(json, 0, NULL);
	assert_non_null(blocks);

	/* One of two buttons: the note comes right after its block. */
	v = slack_render_pressed(blocks, "a1", "enroll", "受付 <!channel> & 済");
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 4);
	assert_string_equal(json_string_value(json_object_get(block(v, 0),
	    "block_id")), "s1");
	elements = json_object_get(block(v, 1), "elements");
	assert_int_equal(json_array_size(elements), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(elements, 0), "action_id")), "enroll~1");
	ctx = block(v, 2);
	assert_string_equal(json_string_value(json_object_get(ctx, "type")),
	    "context");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(ctx, "elements"), 0), "text")),
	    "受付 &lt;!channel&gt; &amp; 済");
	assert_string_equal(json_string_value(json_object_get(block(v, 3),
	    "block_id")), "c1");
	assert_no_mention(v);
	/* The message Slack sent is not touched. */
	assert_int_equal(json_array_size(json_object_get(block(blocks, 1),
	    "elements")), 2);

	/* The last button: the actions block becomes the note. */
	json_decref(blocks);
	blocks = v;
	v = slack_render_pressed(blocks, NULL, "enroll~1", "済");
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 4);
	assert_string_equal(json_string_value(json_object_get(block(v, 1),
	    "type")), "context");
	assert_string_equal(json_string_value(json_object_get(block(v, 2),
	    "type")), "context");
	json_decref(v);

	/* No such button, or in another block: nothing to edit. */
	assert_null(slack_render_pressed(blocks, NULL, "imessage", "x"));
	assert_null(slack_render_pressed(blocks, "zz", "enroll~1", "x"));
	assert_null(slack_render_pressed(NULL, NULL, "enroll", "x"));
	json_decref(blocks);
}

/* At Slack's block limit the note replaces the buttons, never adds one. */
static void
test_pressed_full(void **state)
{
	json_t	*blocks, *v;
	size_t	 i;

	(void)state;
	blocks = json_array();
	for (i = 0; i < 49; i++)
		json_array_append_new(blocks, json_pack("{s:s, s:{s:s, s:s}}",
		    "type", "section", "text", "type", "mrkdwn", "text", "x"));
	json_array_append_new(blocks, json_pack("{s:s, s:[{s:s, s:s}, "
	    "{s:s, s:s}]}", "type", "actions", "elements", "type", "button",
	    "action_id", "a", "type", "button", "action_id", "b"));
	v = slack_render_pressed(blocks, NULL, "a", "済");
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 50);
	assert_string_equal(json_string_value(json_object_get(block(v, 49),
	    "type")), "context");
	json_decref(v);
	json_decref(blocks);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_property),
		cmocka_unit_test(test_text_in),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_block_limit),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_pressed),
		cmocka_unit_test(test_pressed_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

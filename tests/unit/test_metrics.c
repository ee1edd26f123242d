/*
 * test_metrics.c: the counters of bot/metrics.c as /metrics writes them:
 * cumulative histogram buckets, a delivery's kind from its outbox ref, a
 * failure's reason from the platform's error, and labels that stay few
 * and safe whatever the errors say.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bot.h"

static char *
render(void)
{
	struct metrics_gauges	g = { 2, true, 3, 40 };
	struct buf		b;

	buf_init(&b, 0);
	metrics_write(&b, &g);
	return buf_steal(&b);
}

static void
test_counts(void **state)
{
	char	*text, name[64];
	int	 i;

	(void)state;
	metrics_received();
	metrics_received();
	metrics_answered(true, false, 0.003);
	metrics_answered(true, true, 0.2);
	metrics_answered(false, false, 0);
	metrics_group(1);
	metrics_group(40);
	metrics_delivered("reminders:42", true, NULL);
	metrics_delivered("reminders:43", true, NULL);
	metrics_delivered("imessage:7", true, NULL);
	metrics_delivered(NULL, true, NULL);
	metrics_delivered("imessage:8", false, "channel_not_found");
	metrics_delivered("imessage:9", false, "HTTP 500 \"quoted\"\n{x}");
	metrics_rate_wait();
	text = render();
	assert_non_null(strstr(text, "yell_envelopes_received_total 2\n"));
	assert_non_null(strstr(text, "yell_envelopes_acked_total 2\n"));
	assert_non_null(strstr(text, "yell_envelopes_duplicate_total 1\n"));
	assert_non_null(strstr(text, "yell_envelopes_failed_total 1\n"));
	assert_non_null(strstr(text,
	    "yell_ack_latency_seconds_bucket{le=\"0.005\"} 1\n"));
	assert_non_null(strstr(text,
	    "yell_ack_latency_seconds_bucket{le=\"0.25\"} 2\n"));
	assert_non_null(strstr(text,
	    "yell_ack_latency_seconds_bucket{le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(text, "yell_ack_latency_seconds_count 2\n"));
	assert_non_null(strstr(text,
	    "yell_group_commit_requests_bucket{le=\"32\"} 1\n"));
	assert_non_null(strstr(text,
	    "yell_group_commit_requests_bucket{le=\"64\"} 2\n"));
	assert_non_null(strstr(text,
	    "yell_deliveries_sent_total{kind=\"reminders\"} 2\n"));
	assert_non_null(strstr(text,
	    "yell_deliveries_sent_total{kind=\"imessage\"} 1\n"));
	assert_non_null(strstr(text,
	    "yell_deliveries_sent_total{kind=\"reply\"} 1\n"));
	assert_non_null(strstr(text,
	    "yell_deliveries_failed_total{reason=\"channel_not_found\"} 1\n"));
	assert_non_null(strstr(text,
	    "yell_deliveries_failed_total{reason=\"HTTP\"} 1\n"));
	assert_non_null(strstr(text, "yell_rate_limit_waits_total 1\n"));
	assert_non_null(strstr(text, "yell_up_connections 2\n"));
	assert_non_null(strstr(text, "yell_outbox_depth 3\n"));
	assert_non_null(strstr(text, "yell_outbox_oldest_age_seconds 40\n"));
	assert_null(strstr(text, "quoted"));
	free(text);

	/* However many reasons a platform invents, the labels stay few. */
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "reason_%d", i);
		metrics_delivered("x:1", false, name);
	}
	text = render();
	assert_non_null(strstr(text, "{reason=\"other\"}"));
	assert_null(strstr(text, "reason_99"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
	};

	log_init(LOG_LVL_ERROR, "test_metrics");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

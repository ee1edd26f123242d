/*
 * calendar.c: builds the working calendar and the reminder policy from the
 * configuration, for yelld and yellctl alike.
 */
#include <stdlib.h>

#include "bot.h"
#include "state.h"

/*
 * Loads the holidays ([calendar] holidays, by default data_dir/holidays)
 * with the working hours, and the reminder policy.  OUT: *cal (caller frees
 * with workcal_free), *policy.  Returns 0, or -1 with *cause set.
 */
int
calendar_load(const struct config *cfg, struct workcal **cal,
    struct remind_policy *policy, char **cause)
{
	char	*dir;
	int	 start, end;

	if (workcal_parse_hours(cfg->work_hours, &start, &end) != 0 ||
	    remind_parse_offsets(cfg->remind_before, policy) != 0 ||
	    clock_parse_hhmm(cfg->remind_time, &policy->time_min) != 0) {
		xasprintf(cause, "bad [calendar] or [reminders] value");
		return -1;
	}
	policy->work_start_min = start;
	if (cfg->holidays_dir != NULL)
		dir = xstrdup(cfg->holidays_dir);
	else
		xasprintf(&dir, "%s/holidays", cfg->data_dir);
	*cal = workcal_load(dir, start, end, cause);
	free(dir);
	return *cal != NULL ? 0 : -1;
}

/*
 * staff.c: one staff member's record as the roster gives it, and what can
 * be told from it alone (roles, job level, whether they lead people).
 * state/q_staff.c fills it; the target rules and handlers read it.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

static const struct {
	const char	*code;
	enum job_level	 level;
} staff_levels[] = {
	{ "director", LEVEL_DIRECTOR },
	{ "section_chief", LEVEL_SECTION_CHIEF },
	{ "deputy_chief", LEVEL_DEPUTY_CHIEF },
	{ "unit_chief", LEVEL_UNIT_CHIEF },
	{ "senior", LEVEL_SENIOR },
	{ "staff", LEVEL_STAFF },
	{ "chief_foreman", LEVEL_CHIEF_FOREMAN },
	{ "foreman", LEVEL_FOREMAN },
	{ "senior_technician", LEVEL_SENIOR_TECHNICIAN },
	{ "technician", LEVEL_TECHNICIAN },
};

/*
 * The words the plan (and so a roster or HR) uses for job levels and job
 * families, with their code names (GLOSSARY.md); NULL-terminated.
 */
const struct staff_word staff_level_words[] = {
	{ "部長級", "director" },
	{ "課長級", "section_chief" },
	{ "課長補佐級", "deputy_chief" },
	{ "係長級", "unit_chief" },
	{ "主任", "senior" },
	{ "主事", "staff" },
	{ "統括技能長", "chief_foreman" },
	{ "技能長", "foreman" },
	{ "技能主任", "senior_technician" },
	{ "係員", "technician" },
	{ NULL, NULL }
};

const struct staff_word staff_family_words[] = {
	{ "事務系", "admin" },
	{ "福祉系", "welfare" },
	{ "技術系", "engineering" },
	{ "一般技術系", "engineering" },
	{ "医療技術系", "medical" },
	{ "技能系", "skilled" },
	{ "業務系", "operational" },
	{ NULL, NULL }
};

/* The plan's word for a job level's code name, or NULL. */
const char *
staff_level_label(const char *code)
{
	size_t	i;

	for (i = 0; code != NULL && staff_level_words[i].code != NULL; i++) {
		if (strcmp(staff_level_words[i].code, code) == 0)
			return staff_level_words[i].written;
	}
	return NULL;
}

void
staff_clear(struct staff *s)
{
	free(s->employee_id);
	free(s->name);
	free(s->name_kana);
	free(s->email);
	free(s->department);
	free(s->section);
	free(s->job_family);
	free(s->job_level);
	free(s->level_since);
	free(s->hire_date);
	free(s->hire_type);
	free(s->exam_category);
	free(s->birth_date);
	free(s->manager_id);
	free(s->roles);
	free(s->passed_exam);
	free(s->eligible_exam);
	free(s->duties);
	memset(s, 0, sizeof *s);
}

void
staff_free(struct staff *s)
{
	if (s == NULL)
		return;
	staff_clear(s);
	free(s);
}

void
staff_array_free(struct staff *a, size_t n)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		staff_clear(&a[i]);
	free(a);
}

/* Returns 1 if the ';'-separated roles of s include role. */
int
staff_has_role(const struct staff *s, const char *role)
{
	const char	*p = s->roles;
	size_t		 len = strlen(role);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, role, len) == 0 && (p[len] == ';' ||
		    p[len] == '\0'))
			return 1;
		p = strchr(p, ';');
		if (p != NULL)
			p++;
	}
	return 0;
}

enum job_level
staff_level(const struct staff *s)
{
	size_t	i;

	if (s->job_level == NULL)
		return LEVEL_NONE;
	for (i = 0; i < sizeof staff_levels / sizeof staff_levels[0]; i++) {
		if (strcmp(staff_levels[i].code, s->job_level) == 0)
			return staff_levels[i].level;
	}
	return LEVEL_NONE;
}

/*
 * A manager is a 管理職 (課長級 and above, GLOSSARY.md) or anyone with direct
 * reports (DESIGN.md): both lead people the plan asks them to develop.
 */
bool
staff_is_manager(const struct staff *s)
{
	enum job_level	l = staff_level(s);

	return l == LEVEL_DIRECTOR || l == LEVEL_SECTION_CHIEF ||
	    s->reports > 0;
}

/*
 * person.h: staff records for rule tests, written as "key=value" specs so
 * that a table of people reads as data.  Included by test_rules.c and
 * test_catalog_rules.c; not a test of its own.
 */
#ifndef YELL_TEST_PERSON_H
#define YELL_TEST_PERSON_H

/*
 * Builds a person from "key=value ..." (caller frees with staff_free).  A
 * key not given stays NULL (the roster does not say); "passed=" gives ""
 * (the roster says none); a later key overrides an earlier one.  Keys: id
 * level family since hired type exam born passed eligible duties.
 */
static struct staff *
person(const char *spec)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "id", offsetof(struct staff, employee_id) },
		{ "level", offsetof(struct staff, job_level) },
		{ "family", offsetof(struct staff, job_family) },
		{ "since", offsetof(struct staff, level_since) },
		{ "hired", offsetof(struct staff, hire_date) },
		{ "type", offsetof(struct staff, hire_type) },
		{ "exam", offsetof(struct staff, exam_category) },
		{ "born", offsetof(struct staff, birth_date) },
		{ "passed", offsetof(struct staff, passed_exam) },
		{ "eligible", offsetof(struct staff, eligible_exam) },
		{ "duties", offsetof(struct staff, duties) },
	};
	struct staff	*s;
	char		*copy, *word, *save = NULL, *eq, **field;
	size_t		 i;

	s = xcalloc(1, sizeof *s);
	s->employee_id = xstrdup("E9999");
	s->name = xstrdup("試験 太郎");
	copy = xstrdup(spec);
	for (word = strtok_r(copy, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		eq = strchr(word, '=');
		if (eq == NULL)
			fail_msg("person: \"%s\" is not key=value", word);
		*eq = '\0';
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			if (strcmp(keys[i].key, word) == 0)
				break;
		}
		if (i == sizeof keys / sizeof keys[0])
			fail_msg("person: unknown key %s", word);
		field = (char **)((char *)s + keys[i].off);
		free(*field);
		*field = xstrdup(eq + 1);
	}
	free(copy);
	return s;
}

#endif

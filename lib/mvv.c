/*
 * mvv.c: the ward's Mission, Vision and Values (config/mvv.ja.json).
 *
 * They are data, not code: HR edits the file, `mvv` shows it, and the
 * values are the tags an I-message may carry.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

/* Copies obj[key][lang] (a string) or sets *cause. */
static int
mvv_text(json_t *root, const char *key, char **ja, char **en, char **cause)
{
	json_t	*o = json_object_get(root, key);
	const char *sja, *sen;

	sja = json_string_value(json_object_get(o, "ja"));
	sen = json_string_value(json_object_get(o, "en"));
	if (sja == NULL || sen == NULL) {
		xasprintf(cause, "\"%s\" needs \"ja\" and \"en\" texts", key);
		return -1;
	}
	*ja = xstrdup(sja);
	*en = xstrdup(sen);
	return 0;
}

static int
mvv_values(struct mvv *m, json_t *arr, char **cause)
{
	static const char *const fields[] = { "id", "tag", "tag_en", "text",
	    "text_en" };
	const char	*s[5];
	json_t		*v;
	size_t		 i, f;

	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		xasprintf(cause, "\"values\" must be a non-empty array");
		return -1;
	}
	m->values = xcalloc(json_array_size(arr), sizeof *m->values);
	json_array_foreach(arr, i, v) {
		for (f = 0; f < 5; f++) {
			s[f] = json_string_value(json_object_get(v, fields[f]));
			if (s[f] == NULL || *s[f] == '\0') {
				xasprintf(cause, "values[%zu] needs \"%s\"", i,
				    fields[f]);
				return -1;
			}
		}
		m->values[i].id = xstrdup(s[0]);
		m->values[i].tag = xstrdup(s[1]);
		m->values[i].tag_en = xstrdup(s[2]);
		m->values[i].text = xstrdup(s[3]);
		m->values[i].text_en = xstrdup(s[4]);
		m->nvalues = i + 1;
	}
	return 0;
}

/*
 * Loads dir/mvv.ja.json.  Returns the MVV (caller frees with mvv_free) or
 * NULL with *cause set (caller frees).
 */
struct mvv *
mvv_load(const char *dir, char **cause)
{
	struct mvv	*m;
	json_error_t	 err;
	json_t		*root;
	char		*path, *why = NULL;

	xasprintf(&path, "%s/mvv.ja.json", dir);
	m = xcalloc(1, sizeof *m);
	if ((root = json_load_file(path, 0, &err)) == NULL) {
		if (err.line > 0)
			xasprintf(cause, "%s:%d: %s", path, err.line, err.text);
		else
			xasprintf(cause, "%s", err.text);
		goto fail;
	}
	if (mvv_text(root, "mission", &m->mission, &m->mission_en, &why) ||
	    mvv_text(root, "vision", &m->vision, &m->vision_en, &why) ||
	    mvv_text(root, "staff_ideal", &m->staff_ideal,
	    &m->staff_ideal_en, &why) ||
	    mvv_text(root, "workplace_ideal", &m->workplace_ideal,
	    &m->workplace_ideal_en, &why) ||
	    mvv_values(m, json_object_get(root, "values"), &why)) {
		xasprintf(cause, "%s: %s", path, why);
		free(why);
		goto fail;
	}
	json_decref(root);
	free(path);
	return m;
fail:
	json_decref(root);
	free(path);
	mvv_free(m);
	return NULL;
}

void
mvv_free(struct mvv *m)
{
	size_t	i;

	if (m == NULL)
		return;
	free(m->mission);
	free(m->mission_en);
	free(m->vision);
	free(m->vision_en);
	free(m->staff_ideal);
	free(m->staff_ideal_en);
	free(m->workplace_ideal);
	free(m->workplace_ideal_en);
	for (i = 0; i < m->nvalues; i++) {
		free(m->values[i].id);
		free(m->values[i].tag);
		free(m->values[i].tag_en);
		free(m->values[i].text);
		free(m->values[i].text_en);
	}
	free(m->values);
	free(m);
}

/*
 * Finds a value by its id ("help") or its tag ("たすけあエール"), however it
 * was typed (full-width, half-width, katakana).  Returns a borrowed pointer
 * or NULL.
 */
const struct mvv_value *
mvv_find_value(const struct mvv *m, const char *word)
{
	const struct mvv_value	*found = NULL;
	char			*key, *k;
	size_t			 i;

	key = text_fold(word);
	for (i = 0; i < m->nvalues && found == NULL; i++) {
		k = text_fold(m->values[i].tag);
		if (strcmp(key, k) == 0 || strcmp(key, m->values[i].id) == 0)
			found = &m->values[i];
		free(k);
	}
	free(key);
	return found;
}

/*
 * mvv.c: the ward's Mission, Vision and Values in the plan's own words
 * (config/mvv.ja.json), their English version (config/mvv.en.json), the
 * plan's longer explanations behind them, and the pool of weekly prompts.
 *
 * They are data, not code: HR edits the files, `mvv` shows them, the values
 * are the tags an I-message may carry and the prompts are what the channel
 * prompt job posts.  The two files must name the same values, topics and
 * prompts, so that no one reads a half-translated MVV.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib.h"

/* Copies root[key] (a non-empty string) into *out, or sets *cause. */
static int
mvv_string(json_t *o, const char *key, const char *where, char **out,
    char **cause)
{
	const char	*s = json_string_value(json_object_get(o, key));

	if (s == NULL || *s == '\0') {
		xasprintf(cause, "%s needs \"%s\"", where, key);
		return -1;
	}
	*out = xstrdup(s);
	return 0;
}

/* The array root[key] with the same length in both files, or *cause. */
static int
mvv_pair(json_t *ja, json_t *en, const char *key, json_t **a, json_t **b,
    size_t *n, char **cause)
{
	*a = json_object_get(ja, key);
	*b = json_object_get(en, key);
	if (!json_is_array(*a) || json_array_size(*a) == 0 ||
	    !json_is_array(*b)) {
		xasprintf(cause, "\"%s\" must be a non-empty array", key);
		return -1;
	}
	*n = json_array_size(*a);
	if (json_array_size(*b) != *n) {
		xasprintf(cause, "\"%s\": %zu in Japanese but %zu in English",
		    key, *n, json_array_size(*b));
		return -1;
	}
	return 0;
}

/* Checks that element i has the same "id" in both files.  OUT: *id. */
static int
mvv_same_id(json_t *a, json_t *b, const char *key, size_t i, char **id,
    char **cause)
{
	const char	*ia = json_string_value(json_object_get(a, "id"));
	const char	*ib = json_string_value(json_object_get(b, "id"));

	if (ia == NULL || *ia == '\0' || ib == NULL || strcmp(ia, ib) != 0) {
		xasprintf(cause, "%s[%zu]: \"id\" missing or not the same in "
		    "both files", key, i);
		return -1;
	}
	*id = xstrdup(ia);
	return 0;
}

static int
mvv_values(struct mvv *m, json_t *ja, json_t *en, char **cause)
{
	struct mvv_value	*v;
	json_t			*a, *b;
	size_t			 i, n;

	if (mvv_pair(ja, en, "values", &a, &b, &n, cause) != 0)
		return -1;
	m->values = xcalloc(n, sizeof *m->values);
	for (i = 0; i < n; i++) {
		v = &m->values[i];
		m->nvalues = i + 1;
		if (mvv_same_id(json_array_get(a, i), json_array_get(b, i),
		    "values", i, &v->id, cause) != 0 ||
		    mvv_string(json_array_get(a, i), "tag", "values", &v->tag,
		    cause) != 0 ||
		    mvv_string(json_array_get(b, i), "tag", "values",
		    &v->tag_en, cause) != 0 ||
		    mvv_string(json_array_get(a, i), "text", "values",
		    &v->text, cause) != 0 ||
		    mvv_string(json_array_get(b, i), "text", "values",
		    &v->text_en, cause) != 0)
			return -1;
	}
	return 0;
}

/* Adds the folded words of arr (strings) to t->words. */
static void
mvv_words(struct mvv_topic *t, json_t *arr)
{
	json_t		*w;
	size_t		 i;
	const char	*s;

	json_array_foreach(arr, i, w) {
		if ((s = json_string_value(w)) == NULL || *s == '\0')
			continue;
		t->words = xrealloc(t->words, (t->nwords + 1) *
		    sizeof *t->words);
		t->words[t->nwords++] = text_fold(s);
	}
}

static int
mvv_topics(struct mvv *m, json_t *ja, json_t *en, char **cause)
{
	struct mvv_topic	*t;
	json_t			*a, *b, *ta, *tb;
	size_t			 i, n;

	if (mvv_pair(ja, en, "topics", &a, &b, &n, cause) != 0)
		return -1;
	m->topics = xcalloc(n, sizeof *m->topics);
	for (i = 0; i < n; i++) {
		t = &m->topics[i];
		m->ntopics = i + 1;
		ta = json_array_get(a, i);
		tb = json_array_get(b, i);
		if (mvv_same_id(ta, tb, "topics", i, &t->id, cause) != 0 ||
		    mvv_string(ta, "title", "topics", &t->title, cause) != 0 ||
		    mvv_string(tb, "title", "topics", &t->title_en,
		    cause) != 0 ||
		    mvv_string(ta, "text", "topics", &t->text, cause) != 0 ||
		    mvv_string(tb, "text", "topics", &t->text_en, cause) != 0)
			return -1;
		mvv_words(t, json_object_get(ta, "words"));
		mvv_words(t, json_object_get(tb, "words"));
	}
	return 0;
}

/* A prompt's theme: the mission or one of the values. */
static bool
mvv_theme_known(const struct mvv *m, const char *theme)
{
	size_t	i;

	if (strcmp(theme, "mission") == 0)
		return true;
	for (i = 0; i < m->nvalues; i++) {
		if (strcmp(m->values[i].id, theme) == 0)
			return true;
	}
	return false;
}

static int
mvv_prompts(struct mvv *m, json_t *ja, json_t *en, char **cause)
{
	struct mvv_prompt	*p;
	json_t			*a, *b;
	size_t			 i, j, n;

	if (mvv_pair(ja, en, "prompts", &a, &b, &n, cause) != 0)
		return -1;
	m->prompts = xcalloc(n, sizeof *m->prompts);
	for (i = 0; i < n; i++) {
		p = &m->prompts[i];
		m->nprompts = i + 1;
		if (mvv_same_id(json_array_get(a, i), json_array_get(b, i),
		    "prompts", i, &p->id, cause) != 0 ||
		    mvv_string(json_array_get(a, i), "value", "prompts",
		    &p->value, cause) != 0 ||
		    mvv_string(json_array_get(a, i), "text", "prompts",
		    &p->text, cause) != 0 ||
		    mvv_string(json_array_get(b, i), "text", "prompts",
		    &p->text_en, cause) != 0)
			return -1;
		if (!mvv_theme_known(m, p->value)) {
			xasprintf(cause, "prompts[%zu]: value \"%s\" is neither "
			    "\"mission\" nor a value's id", i, p->value);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(m->prompts[j].id, p->id) == 0) {
				xasprintf(cause, "prompts[%zu]: id \"%s\" twice",
				    i, p->id);
				return -1;
			}
		}
	}
	return 0;
}

/* Reads one file.  Returns a new reference, or NULL with *cause set. */
static json_t *
mvv_read(const char *dir, const char *lang, char **cause)
{
	json_error_t	 err;
	json_t		*root;
	char		*path;

	xasprintf(&path, "%s/mvv.%s.json", dir, lang);
	root = json_load_file(path, 0, &err);
	if (root == NULL && err.line > 0)
		xasprintf(cause, "%s:%d: %s", path, err.line, err.text);
	else if (root == NULL)
		xasprintf(cause, "%s: %s", path, err.text);
	else if (!json_is_object(root)) {
		xasprintf(cause, "%s: not a JSON object", path);
		json_decref(root);
		root = NULL;
	}
	free(path);
	return root;
}

/*
 * Loads dir/mvv.ja.json and dir/mvv.en.json.  Returns the MVV (caller
 * frees with mvv_free) or NULL with *cause set (caller frees).
 */
struct mvv *
mvv_load(const char *dir, char **cause)
{
	struct mvv	*m;
	json_t		*ja = NULL, *en = NULL;
	char		*why = NULL;

	m = xcalloc(1, sizeof *m);
	if ((ja = mvv_read(dir, "ja", cause)) == NULL ||
	    (en = mvv_read(dir, "en", cause)) == NULL)
		goto fail;
	if (mvv_string(ja, "mission", "mvv.ja.json", &m->mission, &why) ||
	    mvv_string(en, "mission", "mvv.en.json", &m->mission_en, &why) ||
	    mvv_string(ja, "vision", "mvv.ja.json", &m->vision, &why) ||
	    mvv_string(en, "vision", "mvv.en.json", &m->vision_en, &why) ||
	    mvv_string(ja, "staff_ideal", "mvv.ja.json", &m->staff_ideal,
	    &why) ||
	    mvv_string(en, "staff_ideal", "mvv.en.json", &m->staff_ideal_en,
	    &why) ||
	    mvv_string(ja, "workplace_ideal", "mvv.ja.json",
	    &m->workplace_ideal, &why) ||
	    mvv_string(en, "workplace_ideal", "mvv.en.json",
	    &m->workplace_ideal_en, &why) ||
	    mvv_values(m, ja, en, &why) || mvv_topics(m, ja, en, &why) ||
	    mvv_prompts(m, ja, en, &why)) {
		xasprintf(cause, "%s/mvv.{ja,en}.json: %s", dir, why);
		free(why);
		goto fail;
	}
	json_decref(ja);
	json_decref(en);
	return m;
fail:
	json_decref(ja);
	json_decref(en);
	mvv_free(m);
	return NULL;
}

void
mvv_free(struct mvv *m)
{
	size_t	i, j;

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
	for (i = 0; i < m->ntopics; i++) {
		free(m->topics[i].id);
		free(m->topics[i].title);
		free(m->topics[i].title_en);
		free(m->topics[i].text);
		free(m->topics[i].text_en);
		for (j = 0; j < m->topics[i].nwords; j++)
			free(m->topics[i].words[j]);
		free(m->topics[i].words);
	}
	free(m->topics);
	for (i = 0; i < m->nprompts; i++) {
		free(m->prompts[i].id);
		free(m->prompts[i].value);
		free(m->prompts[i].text);
		free(m->prompts[i].text_en);
	}
	free(m->prompts);
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

/*
 * Finds the explanation a word asks for ("攻守混同", "ホーム", "home"),
 * by the topic's id or one of its words, however typed.  Returns a
 * borrowed pointer or NULL.
 */
const struct mvv_topic *
mvv_find_topic(const struct mvv *m, const char *word)
{
	const struct mvv_topic	*t;
	char			*key;
	size_t			 i, j;

	key = text_fold(word);
	for (i = 0; i < m->ntopics; i++) {
		t = &m->topics[i];
		if (strcmp(key, t->id) == 0)
			goto found;
		for (j = 0; j < t->nwords; j++) {
			if (strcmp(key, t->words[j]) == 0)
				goto found;
		}
	}
	free(key);
	return NULL;
found:
	free(key);
	return &m->topics[i];
}

/* The prompt with this id (borrowed), or NULL when the pool has none. */
const struct mvv_prompt *
mvv_find_prompt(const struct mvv *m, const char *id)
{
	size_t	i;

	for (i = 0; i < m->nprompts; i++) {
		if (strcmp(m->prompts[i].id, id) == 0)
			return &m->prompts[i];
	}
	return NULL;
}

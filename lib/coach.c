/*
 * coach.c: the I-message coach, pure rules over word lists kept as data
 * (config/coach.ja.json, coach.en.json).  An I-message says what the
 * person did, how it affected me and what I feel; the coach tells which of
 * these a draft has and whether it judges or speaks of "you" instead.  It
 * knows no chat and no state: the handler decides what to do with it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "lib.h"

/* The lists in the order of the COACH_* bits. */
static const char *const coach_lists[COACH_NLISTS] = { "act", "effect",
    "feeling", "judging", "you" };

struct coach_word {
	char	*folded;	/* as matched */
	char	*written;	/* as the file has it, for hints */
};

struct coach_skill {		/* a skill code and what shows it */
	char			*code;
	struct coach_word	*words;		/* text words, or value ids */
	size_t			 nwords;
};

struct coach {
	struct coach_word	*words[COACH_NLISTS];
	size_t			 nwords[COACH_NLISTS];
	struct coach_skill	*skills;	/* from the text */
	size_t			 nskills;
	struct coach_skill	*by_value;	/* value id -> skill codes */
	size_t			 nby_value;
};

static int
coach_add_list(struct coach *c, size_t list, json_t *arr, const char *path,
    char **cause)
{
	const char	*s;
	json_t		*v;
	size_t		 i, n;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr)) {
		xasprintf(cause, "%s: \"%s\" must be an array of words", path,
		    coach_lists[list]);
		return -1;
	}
	n = c->nwords[list];
	c->words[list] = xrealloc(c->words[list],
	    (n + json_array_size(arr)) * sizeof *c->words[list]);
	json_array_foreach(arr, i, v) {
		if ((s = json_string_value(v)) == NULL || *s == '\0') {
			xasprintf(cause, "%s: %s[%zu] must be a word", path,
			    coach_lists[list], i);
			return -1;
		}
		c->words[list][n].folded = text_fold(s);
		c->words[list][n].written = xstrdup(s);
		c->nwords[list] = ++n;
	}
	return 0;
}

/*
 * Reads {"key": ["word", ...], ...} into *a (appending).  fold: match the
 * words in folded text.  Returns 0 or -1 with *cause.
 */
static int
coach_add_map(struct coach_skill **a, size_t *n, json_t *obj, bool fold,
    const char *path, const char *name, char **cause)
{
	const char		*key, *w;
	struct coach_skill	*k;
	json_t			*arr, *v;
	size_t			 i;

	if (obj == NULL)
		return 0;
	if (!json_is_object(obj)) {
		xasprintf(cause, "%s: \"%s\" must be an object of lists", path,
		    name);
		return -1;
	}
	json_object_foreach(obj, key, arr) {
		if (!json_is_array(arr)) {
			xasprintf(cause, "%s: %s.%s must be a list", path, name,
			    key);
			return -1;
		}
		*a = xrealloc(*a, (*n + 1) * sizeof **a);
		k = &(*a)[(*n)++];
		k->code = xstrdup(key);
		k->words = xcalloc(json_array_size(arr) + 1, sizeof *k->words);
		k->nwords = 0;
		json_array_foreach(arr, i, v) {
			if ((w = json_string_value(v)) == NULL || *w == '\0') {
				xasprintf(cause, "%s: %s.%s[%zu] must be a word",
				    path, name, key, i);
				return -1;
			}
			k->words[k->nwords].folded = fold ? text_fold(w) :
			    xstrdup(w);
			k->words[k->nwords++].written = xstrdup(w);
		}
	}
	return 0;
}

static int
coach_add_file(struct coach *c, const char *path, char **cause)
{
	json_error_t	 err;
	json_t		*root;
	size_t		 l;
	int		 rc = 0;

	if ((root = json_load_file(path, 0, &err)) == NULL) {
		if (err.line > 0)
			xasprintf(cause, "%s:%d: %s", path, err.line, err.text);
		else
			xasprintf(cause, "%s: %s", path, err.text);
		return -1;
	}
	if (!json_is_object(root)) {
		xasprintf(cause, "%s: expected an object of word lists", path);
		rc = -1;
	}
	for (l = 0; rc == 0 && l < COACH_NLISTS; l++)
		rc = coach_add_list(c, l, json_object_get(root,
		    coach_lists[l]), path, cause);
	if (rc == 0)
		rc = coach_add_map(&c->skills, &c->nskills,
		    json_object_get(root, "skills"), true, path, "skills",
		    cause);
	if (rc == 0)
		rc = coach_add_map(&c->by_value, &c->nby_value,
		    json_object_get(root, "value_skills"), false, path,
		    "value_skills", cause);
	json_decref(root);
	return rc;
}

/*
 * Loads dir/coach.ja.json and, if present, dir/coach.en.json: one set of
 * lists, since a Japanese word never matches English text and the other
 * way round.  Returns the coach (caller frees with coach_free) or NULL
 * with *cause set (caller frees).
 */
struct coach *
coach_load(const char *dir, char **cause)
{
	struct coach	*c = xcalloc(1, sizeof *c);
	char		*path;
	int		 rc;

	xasprintf(&path, "%s/coach.ja.json", dir);
	rc = coach_add_file(c, path, cause);
	free(path);
	if (rc == 0) {
		xasprintf(&path, "%s/coach.en.json", dir);
		if (access(path, R_OK) == 0)
			rc = coach_add_file(c, path, cause);
		free(path);
	}
	if (rc != 0) {
		coach_free(c);
		return NULL;
	}
	return c;
}

static void
coach_skills_free(struct coach_skill *a, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < a[i].nwords; j++) {
			free(a[i].words[j].folded);
			free(a[i].words[j].written);
		}
		free(a[i].words);
		free(a[i].code);
	}
	free(a);
}

void
coach_free(struct coach *c)
{
	size_t	l, i;

	if (c == NULL)
		return;
	coach_skills_free(c->skills, c->nskills);
	coach_skills_free(c->by_value, c->nby_value);
	for (l = 0; l < COACH_NLISTS; l++) {
		for (i = 0; i < c->nwords[l]; i++) {
			free(c->words[l][i].folded);
			free(c->words[l][i].written);
		}
		free(c->words[l]);
	}
	free(c);
}

/* The first word of list l found in the folded text, or NULL. */
static const struct coach_word *
coach_find(const struct coach *c, size_t l, const char *folded)
{
	size_t	i;

	for (i = 0; i < c->nwords[l]; i++) {
		if (strstr(folded, c->words[l][i].folded) != NULL)
			return &c->words[l][i];
	}
	return NULL;
}

/*
 * Reads a draft.  Returns its COACH_* bits; OUT: *word, if not NULL, the
 * judging or you-message word found, as the word list writes it (borrowed
 * from the coach), or NULL.
 */
int
coach_read(const struct coach *c, const char *text, const char **word)
{
	const struct coach_word	*w, *hit = NULL;
	char			*folded = text_fold(text);
	size_t			 l;
	int			 parts = 0;

	for (l = 0; l < COACH_NLISTS; l++) {
		if ((w = coach_find(c, l, folded)) == NULL)
			continue;
		parts |= 1 << l;
		if (hit == NULL && (l == COACH_LIST_JUDGING ||
		    l == COACH_LIST_YOU))
			hit = w;
	}
	free(folded);
	if (word != NULL)
		*word = hit != NULL ? hit->written : NULL;
	return parts;
}

/*
 * The one thing to say about a draft with these parts: judging first (it
 * is what hurts), then a you-message, then the first part missing.
 */
enum coach_verdict
coach_verdict(int parts)
{
	if (parts & COACH_JUDGING)
		return COACH_IS_JUDGING;
	if (parts & COACH_YOU)
		return COACH_IS_YOU;
	if (!(parts & COACH_ACT))
		return COACH_LACKS_ACT;
	if (!(parts & COACH_EFFECT))
		return COACH_LACKS_EFFECT;
	if (!(parts & COACH_FEELING))
		return COACH_LACKS_FEELING;
	return COACH_COMPLETE;
}

/* The verdict's name in catalogue keys and figures ("lacks_effect"). */
const char *
coach_verdict_name(enum coach_verdict v)
{
	static const char *const names[] = { "complete", "lacks_act",
	    "lacks_effect", "lacks_feeling", "judging", "you_message" };

	return (size_t)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

/* Whether parts make a complete I-message (for the figures). */
bool
coach_complete(int parts)
{
	return coach_verdict(parts) == COACH_COMPLETE;
}

static void
coach_skill_add(const char **codes, size_t *n, size_t max, const char *code)
{
	size_t	i;

	for (i = 0; i < *n && strcmp(codes[i], code) != 0; i++)
		;
	if (i == *n && *n < max)
		codes[(*n)++] = code;
}

/*
 * The strengths (skill codes of docs/catalog.md) an I-message recognised:
 * those its words show, then those of its value ids (space-separated, may
 * be NULL).  OUT: codes[] (borrowed from the coach), at most max, each
 * once.  Returns how many.
 */
size_t
coach_skills(const struct coach *c, const char *text, const char *values,
    const char **codes, size_t max)
{
	char	*folded = text_fold(text), *copy, *p, *id;
	size_t	 n = 0, i, j;

	for (i = 0; i < c->nskills; i++) {
		for (j = 0; j < c->skills[i].nwords; j++) {
			if (strstr(folded, c->skills[i].words[j].folded) !=
			    NULL) {
				coach_skill_add(codes, &n, max,
				    c->skills[i].code);
				break;
			}
		}
	}
	free(folded);
	copy = xstrdup(values != NULL ? values : "");
	for (p = copy; (id = strsep(&p, " ")) != NULL;) {
		for (i = 0; i < c->nby_value; i++) {
			if (strcmp(c->by_value[i].code, id) != 0)
				continue;
			for (j = 0; j < c->by_value[i].nwords; j++)
				coach_skill_add(codes, &n, max,
				    c->by_value[i].words[j].written);
		}
	}
	free(copy);
	return n;
}

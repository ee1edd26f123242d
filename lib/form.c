/*
 * form.c: forms, the platform-neutral way a command asks for its words
 * when the platform can show a dialog (Slack's modals).  A handler declares
 * the form's fields in the order its grammar wants them; a submission is
 * turned back into the command's text here, so that no adapter knows a
 * command's grammar and the handler runs as if the words had been typed.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

void
form_view_clear(struct form_view *v)
{
	struct form_view_field	*f;
	size_t			 i, j;

	for (i = 0; i < v->nfields; i++) {
		f = &v->fields[i];
		free(f->label);
		free(f->hint);
		free(f->initial);
		for (j = 0; j < f->nchoices; j++) {
			free(f->choices[j].id);
			free(f->choices[j].label);
		}
		free(f->choices);
	}
	free(v->fields);
	free(v->command);
	free(v->title);
	free(v->submit);
	free(v->close);
	memset(v, 0, sizeof *v);
}

void
form_values_free(struct form_value *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

/* Appends one submitted value (a field may have several: FORM_VALUES). */
void
form_value_add(struct form_value **v, size_t *n, const char *name,
    const char *value)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].name = xstrdup(name);
	(*v)[*n].value = xstrdup(value);
	(*n)++;
}

/* A word may not carry spaces: a tag or a user id with one is dropped. */
static bool
form_is_word(const char *s)
{
	return *s != '\0' && strpbrk(s, " \t\r\n") == NULL;
}

static void
form_add_field(struct buf *b, const struct form_field *f,
    const struct form_value *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, f->name) != 0)
			continue;
		switch (f->kind) {
		case FORM_USER:
			if (form_is_word(v[i].value))
				buf_printf(b, " <@%s>", v[i].value);
			return;		/* one person */
		case FORM_TEXT:
			buf_printf(b, " %s", v[i].value);
			return;
		case FORM_VALUES:
			if (form_is_word(v[i].value))
				buf_printf(b, " #%s", v[i].value);
			break;
		}
	}
}

/*
 * The command text a submission of form stands for: the command, then each
 * field's values in the form's order (a person as a chat mention, values
 * as #tags).  Returns it sanitised (caller frees).
 */
char *
form_text(const struct form *form, const char *command,
    const struct form_value *v, size_t n)
{
	struct buf	 b;
	char		*text;
	size_t		 i;

	buf_init(&b, 0);
	buf_addstr(&b, command);
	for (i = 0; i < form->nfields; i++)
		form_add_field(&b, &form->fields[i], v, n);
	text = text_sanitize(b.data, b.len);
	buf_free(&b);
	return text;
}

/*
 * net_secret.c: reading a secret (an API token, a password) the way an
 * operator hands it over: a file named in the configuration, a systemd
 * credential ($CREDENTIALS_DIRECTORY), or an environment variable, which
 * is then wiped so that /proc/PID/environ does not keep it.  A secret is
 * never logged and never put into an error message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "net.h"

#define NET_SECRET_MAX	4096

/* Wipes the variable's value in place, then removes it. */
static void
net_secret_unsetenv(const char *env)
{
	char	*value = getenv(env);

	if (value == NULL)
		return;
	explicit_bzero(value, strlen(value));
	unsetenv(env);
}

/* A token others may read is one they may use: say so, without stopping. */
static void
net_secret_check_mode(FILE *f, const char *label, const char *path)
{
	struct stat	st;

	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0)
		log_warnx("%s: %s is readable by group or others (mode %03o); "
		    "chmod 600 it", label, path, (unsigned)(st.st_mode & 0777));
}

/*
 * Reads a secret from path, else from $CREDENTIALS_DIRECTORY/cred if that
 * file is readable, else from the environment variable env; env is wiped
 * from the environment in every case.  The secret is the text up to the
 * first blank or line end, at most max bytes, and must start with prefix
 * (NULL: anything).  label names the setting in messages ("[chat]
 * token_file").  Returns the secret (free it with net_secret_free) or NULL
 * with *cause (caller frees; it never holds the secret).
 */
char *
net_secret_read(const char *path, const char *cred, const char *env,
    const char *label, const char *prefix, size_t max, char **cause)
{
	char		 buf[NET_SECRET_MAX + 2], *file = NULL, *secret = NULL;
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");
	const char	*value = env != NULL ? getenv(env) : NULL;
	FILE		*f;
	size_t		 n = 0;

	if (max > NET_SECRET_MAX)
		max = NET_SECRET_MAX;
	if (path == NULL && dir != NULL && cred != NULL) {
		xasprintf(&file, "%s/%s", dir, cred);
		if (access(file, R_OK) == 0)
			path = file;
	}
	if (path != NULL) {
		if ((f = fopen(path, "r")) == NULL) {
			xasprintf(cause, "%s: %s: %s", label, path,
			    strerror(errno));
			goto out;
		}
		net_secret_check_mode(f, label, path);
		n = fread(buf, 1, max + 1, f);
		fclose(f);
	} else if (value != NULL) {
		n = strlen(value) < max + 1 ? strlen(value) : max + 1;
		memcpy(buf, value, n);
	} else {
		xasprintf(cause, "%s is not set and neither is %s", label,
		    env != NULL ? env : "a credential");
		goto out;
	}
	buf[n] = '\0';
	buf[strcspn(buf, " \t\r\n")] = '\0';
	if (*buf == '\0')
		xasprintf(cause, "%s: the token is empty", path != NULL ?
		    label : env);
	else if (prefix != NULL && strncmp(buf, prefix, strlen(prefix)) != 0)
		xasprintf(cause, "%s: the token does not start with \"%s\"",
		    path != NULL ? label : env, prefix);
	else if (strlen(buf) > max)
		xasprintf(cause, "%s: the token is longer than %zu bytes",
		    path != NULL ? label : env, max);
	else
		secret = xstrdup(buf);
out:
	explicit_bzero(buf, sizeof buf);
	if (env != NULL)
		net_secret_unsetenv(env);
	free(file);
	return secret;
}

/* Wipes and frees a secret.  NULL is a no-op. */
void
net_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}

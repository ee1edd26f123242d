/*
 * replay.c: runs a fuzz target over files, without libFuzzer, so that the
 * corpus and every crash found are replayed by ctest under the normal and
 * the ASan+UBSan builds (SQLite's fuzzcheck).  Usage: replay DIR|FILE...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	FILE	*f;
	char	*data;
	long	 len;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	data = malloc(len > 0 ? (size_t)len : 1);
	if (data == NULL || fread(data, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "%s: cannot read\n", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)data, (size_t)len);
	free(data);
	return 0;
}

static int
replay_dir(const char *dir, int *n)
{
	struct dirent	*e;
	DIR		*d;
	char		 path[4096];
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (replay_file(path) != 0)
			rc = -1;
		(*n)++;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat	st;
	int		i, n = 0, rc = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc |= replay_dir(argv[i], &n);
		else {
			rc |= replay_file(argv[i]);
			n++;
		}
	}
	printf("replayed %d inputs\n", n);
	return rc != 0 || n == 0;
}

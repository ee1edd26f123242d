/*
 * test_notify.c: sd_notify(3)'s protocol as bot/notify.c speaks it, to a
 * socket in the abstract namespace (how systemd names its own) and to one
 * with a path, and the watchdog's period from the environment.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bot.h"

/* A datagram socket bound to name ("@…": abstract).  Returns its fd. */
static int
listener(const char *name)
{
	struct sockaddr_un	sa;
	size_t			n = strlen(name);
	int			fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, name, n);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)), 0);
	return fd;
}

static void
expect_datagram(int fd, const char *want)
{
	char	got[256];
	ssize_t	n;

	n = recv(fd, got, sizeof got - 1, MSG_DONTWAIT);
	assert_true(n >= 0);
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void
test_send(void **state)
{
	char	name[64], path[64];
	int	fd;

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(notify_send("READY=1"), -1);	/* not under systemd */
	snprintf(name, sizeof name, "@yell-test-notify-%ld", (long)getpid());
	fd = listener(name);
	setenv("NOTIFY_SOCKET", name, 1);
	assert_int_equal(notify_send("READY=1"), 0);
	expect_datagram(fd, "READY=1");
	assert_int_equal(notify_send("STATUS=slack: 2 connection(s) up"), 0);
	expect_datagram(fd, "STATUS=slack: 2 connection(s) up");
	close(fd);
	snprintf(path, sizeof path, "/tmp/yell-test-notify-%ld",
	    (long)getpid());
	unlink(path);
	fd = listener(path);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(notify_send("WATCHDOG=1"), 0);
	expect_datagram(fd, "WATCHDOG=1");
	close(fd);
	unlink(path);
	setenv("NOTIFY_SOCKET", "relative/path", 1);	/* neither / nor @ */
	assert_int_equal(notify_send("READY=1"), -1);
	unsetenv("NOTIFY_SOCKET");
}

static void
test_watchdog(void **state)
{
	char	pid[24];

	(void)state;
	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
	assert_true(notify_watchdog_usec() == 0);
	setenv("WATCHDOG_USEC", "400000", 1);
	assert_true(notify_watchdog_usec() == 400000);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	assert_true(notify_watchdog_usec() == 400000);
	setenv("WATCHDOG_PID", "1", 1);		/* another process's */
	assert_true(notify_watchdog_usec() == 0);
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "12x", 1);
	assert_true(notify_watchdog_usec() == 0);
	setenv("WATCHDOG_USEC", "-5", 1);
	assert_true(notify_watchdog_usec() == 0);
	unsetenv("WATCHDOG_USEC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_send),
		cmocka_unit_test(test_watchdog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * notify.c: telling systemd (Type=notify) how yelld is, by sd_notify(3)'s
 * protocol, which systemd keeps stable and which is small enough to speak
 * without libsystemd (and the half-dozen libraries it would load at every
 * start): one datagram holding the state, sent to the AF_UNIX socket named
 * by $NOTIFY_SOCKET ("@" first: the abstract namespace).  systemd learns
 * the sender from the credentials the kernel attaches.  Outside systemd
 * every call is a no-op.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bot.h"

/* Sends state ("READY=1", "STATUS=…") if systemd listens.  Returns 0/-1. */
int
notify_send(const char *state)
{
	const char		*path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un	 sa;
	size_t			 n;
	ssize_t			 sent;
	int			 fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (n = strlen(path)) >= sizeof sa.sun_path)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un,
	    sun_path) + n));
	close(fd);
	return sent == (ssize_t)strlen(state) ? 0 : -1;
}

/*
 * The watchdog's period in microseconds if systemd keeps one for this
 * process ($WATCHDOG_USEC, and $WATCHDOG_PID if set is ours), else 0.
 */
unsigned long long
notify_watchdog_usec(void)
{
	const char		*usec = getenv("WATCHDOG_USEC");
	const char		*pid = getenv("WATCHDOG_PID");
	char			*end;
	unsigned long long	 v;

	if (usec == NULL || *usec < '0' || *usec > '9')
		return 0;
	if (pid != NULL && strtoll(pid, NULL, 10) != (long long)getpid())
		return 0;
	errno = 0;
	v = strtoull(usec, &end, 10);
	return errno == 0 && *end == '\0' ? v : 0;
}

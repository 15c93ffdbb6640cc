// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: running other programs without a shell. */
#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

extern char **environ;

/* Read all of @fd, keeping what fits in @out. */
static void collect(int fd, char *out, size_t len)
{
	char sink[512];
	size_t got = 0;
	ssize_t r;

	for (;;) {
		if (got + 1 < len)
			r = read(fd, out + got, len - 1 - got);
		else
			r = read(fd, sink, sizeof(sink));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (got + 1 < len)
			got += (size_t)r;
	}
	out[got] = '\0';
}

int xvfh_spawn(const char *const *argv, char *out, size_t len)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2] = { -1, -1 }, status, rc;
	pid_t pid;

	if (out && (!len || pipe(pipefd)))
		return len ? -errno : -EINVAL;
	posix_spawn_file_actions_init(&fa);
	if (out) {
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
		posix_spawn_file_actions_addclose(&fa, pipefd[0]);
		posix_spawn_file_actions_addclose(&fa, pipefd[1]);
	}
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv,
			  environ);
	posix_spawn_file_actions_destroy(&fa);
	if (out)
		close(pipefd[1]);
	if (rc) {
		if (out)
			close(pipefd[0]);
		return -rc;
	}
	if (out) {
		collect(pipefd[0], out, len);
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

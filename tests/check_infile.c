/* Unit tests of opening and reading input files: the open confined to a
 * folder, FIFOs without a writer, and streams with NUL bytes. */
/* SPDX-License-Identifier: BSD-3-Clause */
/* RTLD_NEXT */
#define _GNU_SOURCE
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"

/* A scratch folder with root/ (the confining folder) and outside/:
 *
 *   root/sub/in.inc       a file inside
 *   root/link.inc         -> ../outside/out.inc
 *   root/abs.inc          -> TOP/outside/out.inc
 *   root/dirlink          -> ../outside
 *   root/swap.inc         -> sub/in.inc, swapped during a test
 *   root/swapdir/out.inc  a file inside, its folder swapped during a test
 *   outside/out.inc       a file outside
 */
static char top[] = "/tmp/zonelint-check-infile-XXXXXX";
static char root[sizeof(top) + 8];

/* What realpath() does once it has resolved the path swap_path, or
 * NULL. */
static void (*after_realpath)(void);
static const char *swap_path;

/* ------------------------------------------------------------------ */
/* Helpers */

/* End the test program when the scratch folder cannot be made: the
 * Check assertions work only inside a test. */
static void
must(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "check_infile: %s: %s\n", what, strerror(errno));
		exit(EXIT_FAILURE);
	}
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	must(f != NULL, path);
	must(fputs(text, f) >= 0 && fclose(f) == 0, path);
}

static void
make_tree(void)
{
	char path[PATH_MAX];

	must(mkdtemp(top) != NULL, top);
	snprintf(root, sizeof(root), "%s/root", top);
	snprintf(path, sizeof(path), "%s/outside", top);
	must(mkdir(path, 0700) == 0 && mkdir(root, 0700) == 0, "mkdir");
	snprintf(path, sizeof(path), "%s/sub", root);
	must(mkdir(path, 0700) == 0, path);
	snprintf(path, sizeof(path), "%s/swapdir", root);
	must(mkdir(path, 0700) == 0, path);
	snprintf(path, sizeof(path), "%s/swapdir/out.inc", root);
	write_file(path, "in IN A 192.0.2.1\n");
	snprintf(path, sizeof(path), "%s/sub/in.inc", root);
	write_file(path, "in IN A 192.0.2.1\n");
	snprintf(path, sizeof(path), "%s/outside/out.inc", top);
	write_file(path, "out IN A 192.0.2.2\n");
	must(chdir(root) == 0, root);
	must(symlink("../outside/out.inc", "link.inc") == 0 && symlink(path, "abs.inc") == 0 &&
	    symlink("../outside", "dirlink") == 0 && symlink("sub/in.inc", "swap.inc") == 0,
	    "symlink");
}

static void
remove_tree(void)
{
	char command[sizeof(top) + 16];

	snprintf(command, sizeof(command), "rm -rf '%s'", top);
	if (chdir("/") != 0 || system(command) != 0)
		fprintf(stderr, "check_infile: cannot remove %s\n", top);
}

/* Stand in for the C library's realpath(), which zl_infile_open_below()
 * calls to check a path before it opens it.  Once armed, it resolves
 * the path and then changes the tree: the race that a check followed by
 * an open loses. */
char *
realpath(const char *restrict path, char *restrict resolved)
{
	static char *(*libc_realpath)(const char *restrict, char *restrict);
	void (*change)(void) = after_realpath;
	char *result;

	if (swap_path == NULL || strcmp(path, swap_path) != 0)
		change = NULL;

	if (libc_realpath == NULL)
		libc_realpath = (char *(*)(const char *restrict, char *restrict))
		    dlsym(RTLD_NEXT, "realpath");
	result = libc_realpath(path, resolved);
	if (change != NULL) {
		after_realpath = NULL;
		change();
	}
	return result;
}

/* Point root/swap.inc at the file outside. */
static void
swap_link(void)
{
	char target[PATH_MAX];

	snprintf(target, sizeof(target), "%s/outside/out.inc", top);
	if (unlink("swap.inc") != 0 || symlink(target, "swap.inc") != 0)
		abort();
}

/* Replace the folder root/swapdir with a link to the folder outside. */
static void
swap_folder(void)
{
	if (rename("swapdir", "swapdir.old") != 0 || symlink("../outside", "swapdir") != 0)
		abort();
}

/* Read what fd gives to its end; fails the test on an error. */
static char *
read_all(int fd, size_t *size)
{
	struct zl_infile_failure why;
	char *data = NULL;

	ck_assert_msg(zl_infile_read_stream(fd, (size_t)1 << 20, false, &data, size, &why),
	    "problem %d, error %s", (int)why.problem, strerror(why.error));
	return data;
}

/* Open a pipe that contains text and whose write end is closed. */
static int
pipe_with(const char *text, size_t len)
{
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, len), (ssize_t)len);
	close(fds[1]);
	return fds[0];
}

/* ------------------------------------------------------------------ */
/* Open confined to a folder */

static const char *const inside_paths[] = {
	"sub/in.inc",
	"sub/../sub/in.inc",
	"./sub/in.inc",
};

START_TEST(test_infile_beneath_opens_inside)
{
	int dir = zl_infile_open_folder(root);
	int fd;

	ck_assert_int_ge(dir, 0);
	fd = zl_infile_open_beneath(dir, inside_paths[_i], O_RDONLY);
	if (fd < 0 && errno == ENOSYS) {
		close(dir);
		return;
	}
	ck_assert_msg(fd >= 0, "%s: %s", inside_paths[_i], strerror(errno));
	close(fd);
	close(dir);
}
END_TEST

/* Each of these leads outside root; the open itself must fail. */
static const char *const escaping_paths[] = {
	"../outside/out.inc",	/* ".." */
	"link.inc",		/* relative link */
	"abs.inc",		/* absolute link */
	"dirlink/out.inc",	/* link to a folder */
	"/etc/passwd",		/* absolute path */
	"sub/../../outside/out.inc",
};

START_TEST(test_infile_beneath_rejects_escape)
{
	int dir = zl_infile_open_folder(root);
	int fd;

	ck_assert_int_ge(dir, 0);
	errno = 0;
	fd = zl_infile_open_beneath(dir, escaping_paths[_i], O_RDONLY);
	if (fd < 0 && errno == ENOSYS) {
		fprintf(stderr, "check_infile: no openat2() in this kernel; %s not tested\n",
		    escaping_paths[_i]);
		close(dir);
		return;
	}
	ck_assert_msg(fd < 0, "%s was opened", escaping_paths[_i]);
	ck_assert_msg(errno == EXDEV, "%s: %s, expected EXDEV", escaping_paths[_i],
	    strerror(errno));
	close(dir);
}
END_TEST

START_TEST(test_infile_below_reads_inside)
{
	struct zl_infile_failure why;
	char path[PATH_MAX];
	int dir = zl_infile_open_folder(root);
	int fd;

	/* With the folder open, and with -1: opened for the call. */
	snprintf(path, sizeof(path), "%s/sub/in.inc", root);
	fd = zl_infile_open_below(path, root, dir, &why);
	ck_assert_msg(fd >= 0, "%s: problem %d, %s", path, (int)why.problem, strerror(why.error));
	close(fd);
	fd = zl_infile_open_below("sub/in.inc", ".", -1, &why);
	ck_assert_msg(fd >= 0, "sub/in.inc: problem %d, %s", (int)why.problem, strerror(why.error));
	close(fd);
	close(dir);
}
END_TEST

START_TEST(test_infile_below_rejects_link)
{
	struct zl_infile_failure why;
	int fd = zl_infile_open_below("link.inc", root, -1, &why);

	ck_assert_int_lt(fd, 0);
	ck_assert_int_eq(why.problem, ZL_INFILE_OUTSIDE_ROOT);
	fd = zl_infile_open_below("missing.inc", root, -1, &why);
	ck_assert_int_lt(fd, 0);
	ck_assert_int_eq(why.problem, ZL_INFILE_ERRNO);
	ck_assert_int_eq(why.error, ENOENT);
}
END_TEST

/* Is openat2() there?  The tests of a race need it. */
static bool
have_openat2(void)
{
	int dir = zl_infile_open_folder(root);
	int fd = zl_infile_open_beneath(dir, "sub/in.inc", O_RDONLY);
	bool have = fd >= 0 || errno != ENOSYS;

	if (fd >= 0)
		close(fd);
	close(dir);
	if (!have)
		fprintf(stderr, "check_infile: no openat2() in this kernel; the race is not tested\n");
	return have;
}

/* The link points inside while realpath() checks it and outside when
 * the file is opened: the file checked is the one read. */
START_TEST(test_infile_below_swapped_link)
{
	struct zl_infile_failure why;
	int dir = zl_infile_open_folder(root);
	char text[64] = "";
	ssize_t n;
	int fd;

	if (!have_openat2())
		return;
	after_realpath = swap_link;
	swap_path = "swap.inc";
	fd = zl_infile_open_below("swap.inc", root, dir, &why);
	ck_assert_ptr_null(after_realpath);
	ck_assert_msg(fd >= 0, "problem %d, %s", (int)why.problem, strerror(why.error));
	n = read(fd, text, sizeof(text) - 1);
	ck_assert_int_gt(n, 0);
	ck_assert_msg(strncmp(text, "in ", 3) == 0, "read the file outside: %s", text);
	close(fd);
	close(dir);
}
END_TEST

/* A folder of the checked path becomes a link outside before the open:
 * the open itself must fail. */
START_TEST(test_infile_below_swapped_folder)
{
	struct zl_infile_failure why;
	int dir = zl_infile_open_folder(root);
	int fd;

	if (!have_openat2())
		return;
	after_realpath = swap_folder;
	swap_path = "swapdir/out.inc";
	fd = zl_infile_open_below("swapdir/out.inc", root, dir, &why);
	ck_assert_ptr_null(after_realpath);
	ck_assert_msg(fd < 0, "the swapped folder was followed outside the root");
	ck_assert_int_eq(why.problem, ZL_INFILE_OUTSIDE_ROOT);
	close(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Streams */

START_TEST(test_infile_fifo_without_writer)
{
	struct zl_infile_failure why;
	char *data = NULL;
	size_t size;
	int fd;

	ck_assert_int_eq(mkfifo("fifo", 0600), 0);
	fd = zl_infile_open("fifo");
	ck_assert_int_ge(fd, 0);
	ck_assert(!zl_infile_read_stream(fd, (size_t)1 << 20, false, &data, &size, &why));
	ck_assert_int_eq(why.problem, ZL_INFILE_NO_WRITER);
	ck_assert_ptr_null(data);
	close(fd);
	unlink("fifo");
}
END_TEST

/* An anonymous pipe at its end is empty input, as from "true |". */
START_TEST(test_infile_empty_pipe_is_empty)
{
	int fd = pipe_with("", 0);
	size_t size = 1;
	char *data = read_all(fd, &size);

	ck_assert_uint_eq(size, 0);
	free(data);
	close(fd);
}
END_TEST

/* Texts a pipe gives whole.  Without stop_at_nul, as for a pipe, a NUL
 * byte is data like any other. */
static const struct {
	const char *text;
	size_t len;
} whole_cases[] = {
	{ "a IN A 192.0.2.1\n", 17 },
	{ "a IN TXT \"x\0y\"\n", 15 },
};

START_TEST(test_infile_pipe_read_whole)
{
	int fd = pipe_with(whole_cases[_i].text, whole_cases[_i].len);
	size_t size;
	char *data = read_all(fd, &size);

	ck_assert_uint_eq(size, whole_cases[_i].len);
	ck_assert_mem_eq(data, whole_cases[_i].text, size);
	free(data);
	close(fd);
}
END_TEST

/* Where the NUL byte is, counted as the lexer counts. */
static const struct {
	const char *text;
	size_t len, line, col;
} nul_cases[] = {
	{ "\0", 1, 1, 1 },
	{ "ab\0", 3, 1, 3 },
	{ "a\nb\nxy\0z\n", 9, 3, 3 },
	{ "a\r\0", 3, 1, 3 },			/* a lone CR ends no line */
	{ "\xef\xbb\xbf" "ab\0", 6, 1, 3 },	/* after a byte-order mark */
	{ "\xef\xbb\xbf" "\nab\0", 7, 2, 3 },
};

START_TEST(test_infile_stream_stops_at_nul)
{
	struct zl_infile_failure why;
	int fd = pipe_with(nul_cases[_i].text, nul_cases[_i].len);
	char *data = NULL;
	size_t size;

	ck_assert(!zl_infile_read_stream(fd, (size_t)1 << 20, true, &data, &size, &why));
	ck_assert_int_eq(why.problem, ZL_INFILE_NUL_BYTE);
	ck_assert_msg(why.line == nul_cases[_i].line && why.col == nul_cases[_i].col,
	    "case %d: line %zu, column %zu; expected %zu, %zu", _i, why.line, why.col,
	    nul_cases[_i].line, nul_cases[_i].col);
	ck_assert_ptr_null(data);
	close(fd);
}
END_TEST

START_TEST(test_infile_dev_zero_ends)
{
	struct zl_infile_failure why;
	int fd = zl_infile_open("/dev/zero");
	char *data = NULL;
	size_t size;

	ck_assert_int_ge(fd, 0);
	ck_assert(!zl_infile_read_stream(fd, (size_t)1 << 30, true, &data, &size, &why));
	ck_assert_int_eq(why.problem, ZL_INFILE_NUL_BYTE);
	ck_assert_uint_eq(why.line, 1);
	ck_assert_uint_eq(why.col, 1);
	close(fd);
}
END_TEST

/* The test reads a regular file in place of an endless pipe, which
 * would fill up while nothing reads it. */
START_TEST(test_infile_stream_over_max)
{
	static char text[70000];
	struct zl_infile_failure why;
	char *data = NULL;
	size_t size;
	int fd;

	memset(text, 'x', sizeof(text) - 1);
	write_file("long.inc", text);
	fd = zl_infile_open("long.inc");
	ck_assert_int_ge(fd, 0);
	ck_assert(!zl_infile_read_stream(fd, 65536, false, &data, &size, &why));
	ck_assert_int_eq(why.problem, ZL_INFILE_ERRNO);
	ck_assert_int_eq(why.error, EFBIG);
	ck_assert_ptr_null(data);
	close(fd);
	unlink("long.inc");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("infile");
	TCase *below = tcase_create("below");
	TCase *streams = tcase_create("streams");
	SRunner *sr;
	int failed;

	make_tree();
	tcase_add_loop_test(below, test_infile_beneath_opens_inside, 0,
	    (int)(sizeof(inside_paths) / sizeof(inside_paths[0])));
	tcase_add_loop_test(below, test_infile_beneath_rejects_escape, 0,
	    (int)(sizeof(escaping_paths) / sizeof(escaping_paths[0])));
	tcase_add_test(below, test_infile_below_reads_inside);
	tcase_add_test(below, test_infile_below_rejects_link);
	tcase_add_test(below, test_infile_below_swapped_link);
	tcase_add_test(below, test_infile_below_swapped_folder);
	suite_add_tcase(s, below);
	tcase_add_test(streams, test_infile_fifo_without_writer);
	tcase_add_test(streams, test_infile_empty_pipe_is_empty);
	tcase_add_loop_test(streams, test_infile_pipe_read_whole, 0,
	    (int)(sizeof(whole_cases) / sizeof(whole_cases[0])));
	tcase_add_loop_test(streams, test_infile_stream_stops_at_nul, 0,
	    (int)(sizeof(nul_cases) / sizeof(nul_cases[0])));
	tcase_add_test(streams, test_infile_dev_zero_ends);
	tcase_add_test(streams, test_infile_stream_over_max);
	suite_add_tcase(s, streams);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_tree();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

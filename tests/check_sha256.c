/* SHA-256: the FIPS 180-4 example vectors, input split at every length,
 * and the digests of fixture zones compared with sha256sum(1). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "util.h"

static const struct {
	const char *input;
	const char *digest;
} vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

START_TEST(test_sha256_vectors)
{
	char hex[2 * ZL_SHA256_LEN + 1];

	zl_sha256_hex(vectors[_i].input, strlen(vectors[_i].input), hex);
	ck_assert_msg(strcmp(hex, vectors[_i].digest) == 0, "'%s': got %s, want %s",
	    vectors[_i].input, hex, vectors[_i].digest);
}
END_TEST

/* One million 'a' bytes, fed in pieces of 1000. */
START_TEST(test_sha256_million_a)
{
	static const uint8_t want[ZL_SHA256_LEN] = {
		0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2,
		0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e,
		0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0,
	};
	struct zl_sha256 s;
	uint8_t piece[1000], digest[ZL_SHA256_LEN];

	memset(piece, 'a', sizeof(piece));
	zl_sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		zl_sha256_update(&s, piece, sizeof(piece));
	zl_sha256_final(&s, digest);
	ck_assert_mem_eq(digest, want, ZL_SHA256_LEN);
}
END_TEST

/* Feeding the input in two parts gives the digest of the whole, wherever
 * the cut falls, including around the 55/56/64-byte padding limits. */
START_TEST(test_sha256_split_input)
{
	uint8_t input[200], whole[ZL_SHA256_LEN], parts[ZL_SHA256_LEN];
	struct zl_sha256 s;

	for (size_t i = 0; i < sizeof(input); i++)
		input[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(input); len++) {
		zl_sha256_init(&s);
		zl_sha256_update(&s, input, len);
		zl_sha256_final(&s, whole);
		for (size_t cut = 0; cut <= len; cut++) {
			zl_sha256_init(&s);
			zl_sha256_update(&s, input, cut);
			zl_sha256_update(&s, input + cut, len - cut);
			zl_sha256_final(&s, parts);
			ck_assert_msg(memcmp(whole, parts, ZL_SHA256_LEN) == 0,
			    "length %zu cut at %zu", len, cut);
		}
	}
}
END_TEST

static const char *const fixture_files[] = {
	"../examples/example.jp.zone",
	"zones/zone-syntax/ok-master-file.zone",
	"zones/zone-syntax/ok-master-file.inc",
	"zones/zone-syntax/bad-utf8-bom.zone",
	"data/generated-2000.zone",
};

/* Read the whole file at path into a buffer the caller frees. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct zl_strbuf sb;
	char buf[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	zl_strbuf_init(&sb);
	zl_strbuf_add(&sb, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		zl_strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return zl_strbuf_detach(&sb);
}

START_TEST(test_sha256_matches_sha256sum)
{
	const char *root = getenv("ZONELINT_TESTS");
	char path[1024], command[1200], line[256], hex[2 * ZL_SHA256_LEN + 1];
	char *data;
	size_t len;
	FILE *p;

	snprintf(path, sizeof(path), "%s/%s", root != NULL ? root : "tests", fixture_files[_i]);
	data = read_file(path, &len);
	ck_assert_msg(data != NULL, "cannot read '%s'", path);
	zl_sha256_hex(data, len, hex);
	free(data);

	snprintf(command, sizeof(command), "sha256sum '%s'", path);
	p = popen(command, "r");
	ck_assert_msg(p != NULL, "cannot run sha256sum");
	ck_assert_msg(fgets(line, sizeof(line), p) != NULL, "no output from '%s'", command);
	pclose(p);
	ck_assert_msg(strncmp(line, hex, 2 * ZL_SHA256_LEN) == 0, "'%s': got %s, sha256sum %.64s",
	    path, hex, line);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sha256");
	TCase *known = tcase_create("known digests");
	TCase *files = tcase_create("fixture files");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(known, test_sha256_vectors, 0,
	    (int)(sizeof(vectors) / sizeof(vectors[0])));
	tcase_add_test(known, test_sha256_million_a);
	tcase_add_test(known, test_sha256_split_input);
	tcase_add_loop_test(files, test_sha256_matches_sha256sum, 0,
	    (int)(sizeof(fixture_files) / sizeof(fixture_files[0])));
	suite_add_tcase(s, known);
	suite_add_tcase(s, files);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

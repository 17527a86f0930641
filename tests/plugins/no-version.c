/* A shared object without the version symbol: not a zonelint plugin. */
/* SPDX-License-Identifier: BSD-3-Clause */
int zonelint_test_unrelated(void);

int
zonelint_test_unrelated(void)
{
	return 0;
}

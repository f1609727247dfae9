/* sign and store-key: Ed25519 against RFC 8032's first test vector, the
 * fingerprint as typed, the unit key made once and kept, pins stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "socds/sign.h"
#include "socds/store.h"
#include "socds/store-key.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "test-util.h"

static void
unhex(const char *h, uint8_t *out, size_t n)
{
	assert_int_equal(sign_unhex(h, strlen(h), out, n), 0);
}

/* RFC 8032, section 7.1, TEST 1 (the empty message). */
static void
test_rfc8032(void **state)
{
	struct sign_key k = { 0 };
	uint8_t pub[32], want[64], sig[64];

	(void)state;
	unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", k.secret, 32);
	unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", pub, 32);
	unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
	    "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", want, 64);
	sign_public_of(k.secret, k.pub);
	assert_memory_equal(k.pub, pub, 32);
	sign_sign(&k, (const uint8_t *)"", 0, sig);
	assert_memory_equal(sig, want, 64);
	assert_true(sign_verify(pub, (const uint8_t *)"", 0, sig));
	sig[10] ^= 1;
	assert_false(sign_verify(pub, (const uint8_t *)"", 0, sig));
	sig[10] ^= 1;
	assert_false(sign_verify(pub, (const uint8_t *)"x", 1, sig));
}

static void
test_keygen(void **state)
{
	struct sign_key a, b;
	struct err e = { 0 };
	uint8_t sig[64];
	char fa[SIGN_FP_LEN], fb[SIGN_FP_LEN];

	(void)state;
	assert_int_equal(sign_keygen("21853", &a, &e), 0);
	assert_int_equal(sign_keygen("21853", &b, &e), 0);
	assert_memory_not_equal(a.secret, b.secret, 32);
	sign_sign(&a, (const uint8_t *)"abc", 3, sig);
	assert_true(sign_verify(a.pub, (const uint8_t *)"abc", 3, sig));
	assert_false(sign_verify(b.pub, (const uint8_t *)"abc", 3, sig));
	sign_fingerprint(a.pub, fa);
	sign_fingerprint(b.pub, fb);
	assert_int_equal(strlen(fa), 35);
	assert_string_not_equal(fa, fb);
	for (int i = 0; i < 35; i++)
		assert_true(i % 6 == 5 ? fa[i] == ' ' : (fa[i] >= '0' && fa[i] <= '9'));
}

static void
test_fingerprint_parse(void **state)
{
	char out[SIGN_FP_LEN];
	struct err e = { 0 };
	const char *want = "12345 67890 11111 22222 33333 44444";

	(void)state;
	assert_int_equal(sign_fingerprint_parse("123456789011111222223333344444", out, &e), 0);
	assert_string_equal(out, want);
	assert_int_equal(sign_fingerprint_parse("12345-67890-11111-22222-33333-44444", out, &e), 0);
	assert_string_equal(out, want);
	assert_int_equal(sign_fingerprint_parse(" 12345 67890 11111 22222 33333 44444 ", out, &e), 0);
	assert_string_equal(out, want);
	assert_int_equal(sign_fingerprint_parse("12345 67890 11111 22222 33333 4444", out, &e),
	    ERR_USAGE);
	assert_int_equal(sign_fingerprint_parse("12345 67890 11111 22222 33333 444445", out, &e),
	    ERR_USAGE);
	assert_int_equal(sign_fingerprint_parse("12345 67890 11111 22222 33333 4444a", out, &e),
	    ERR_USAGE);
	assert_non_null(strstr(e.msg, "4444a"));
}

struct pins {
	int n;
	char last[8];
};

static int
count_pin(const struct store_pin *p, void *arg)
{
	struct pins *ps = arg;
	ps->n++;
	snprintf(ps->last, sizeof ps->last, "%s", p->unit);
	return 0;
}

static void
test_store_keys(void **state)
{
	char dir[PATH_MAX], db[PATH_MAX + 16];
	struct store *s;
	struct sign_key k1, k2;
	struct store_pin pin = { 0 }, got;
	struct pins ps = { 0 };
	bool found;
	struct err e = { 0 };

	(void)state;
	tu_mkdtemp(dir);
	snprintf(db, sizeof db, "%s/k.db", dir);
	assert_int_equal(store_open(db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(units_load(s, tu_srcdir(), &e), 0);
	assert_int_equal(store_home_set(s, "21853", &e), 0);
	assert_int_equal(store_key_home(s, false, &k1, &e), ERR_NOTFOUND);
	assert_int_equal(store_key_home(s, true, &k1, &e), 0);
	assert_string_equal(k1.unit, "21853");
	store_close(s);
	/* Kept: the same key after the database is opened again. */
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	assert_int_equal(store_key_home(s, false, &k2, &e), 0);
	assert_memory_equal(k1.pub, k2.pub, 32);
	assert_memory_equal(k1.secret, k2.secret, 32);
	/* Pins: trusted by fingerprint alone, then with the key. */
	assert_int_equal(store_key_pinned(s, "21859", &got, &found, &e), 0);
	assert_false(found);
	snprintf(pin.unit, sizeof pin.unit, "21859");
	sign_fingerprint(k1.pub, pin.fingerprint);
	snprintf(pin.how, sizeof pin.how, "trusted");
	assert_int_equal(store_key_pin(s, &pin, &e), 0);
	assert_int_equal(store_key_pinned(s, "21859", &got, &found, &e), 0);
	assert_true(found);
	assert_false(got.has_pub);
	assert_string_equal(got.fingerprint, pin.fingerprint);
	assert_string_equal(got.how, "trusted");
	pin.has_pub = true;
	memcpy(pin.pub, k1.pub, 32);
	snprintf(pin.how, sizeof pin.how, "replaced");
	assert_int_equal(store_key_pin(s, &pin, &e), 0);
	assert_int_equal(store_key_pinned(s, "21859", &got, &found, &e), 0);
	assert_true(got.has_pub);
	assert_memory_equal(got.pub, k1.pub, 32);
	assert_string_equal(got.how, "replaced");
	/* The schema refuses what no code should write. */
	snprintf(pin.how, sizeof pin.how, "whatever");
	assert_int_not_equal(store_key_pin(s, &pin, &e), 0);
	assert_int_equal(store_key_list(s, count_pin, &ps, &e), 0);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.last, "21859");
	store_close(s);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032),
		cmocka_unit_test(test_keygen),
		cmocka_unit_test(test_fingerprint_parse),
		cmocka_unit_test(test_store_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

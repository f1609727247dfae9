/* cmd-key: the unit's signing key and the pinned keys of the units below. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/i18n.h"
#include "socds/job-key.h"
#include "socds/report.h"
#include "socds/sign.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-unit.h"

static int
cmd_key_open(struct cli_ctx *c, struct store **s, struct err *e)
{
	char path[PATH_MAX];

	if (cli_db_path(c, path, sizeof path, false, e) != 0)
		return e->code;
	return store_open(path, 0, s, e);
}

/* What to read over the phone: the unit, the fingerprint, the key. */
static int
cmd_key_show(struct store *s, struct err *e)
{
	struct sign_key k;
	struct unit u;
	char fp[SIGN_FP_LEN], hex[2 * SIGN_KEY_SIZE + 1];

	if (store_home_get(s, &u, e) != 0 || store_key_home(s, true, &k, e) != 0)
		return e->code;
	sign_fingerprint(k.pub, fp);
	sign_hex(k.pub, SIGN_KEY_SIZE, hex);
	memset(k.secret, 0, sizeof k.secret);
	printf("%-13s %s %s\n", _("Unit:"), u.code, u.name);
	printf("%-13s %s\n", _("Fingerprint:"), fp);
	printf("%-13s %s\n", _("Public key:"), hex);
	printf("%-13s %s\n", _("Made:"), k.created_at);
	return 0;
}

struct cmd_key_rows {
	struct store *s;
	int n;
};

static int
cmd_key_row(const struct store_pin *pin, void *arg)
{
	struct cmd_key_rows *kr = arg;
	struct unit u;
	struct err e = { 0 };

	kr->n++;
	if (store_unit_get(kr->s, pin->unit, &u, &e) != 0)
		snprintf(u.name, sizeof u.name, "?");
	printf("%-6s %-35s  %-9s %s  %s\n", pin->unit, pin->fingerprint, pin->how,
	    pin->pinned_at, u.name);
	return 0;
}

static int
cmd_key_trust(struct store *s, const char *unit, const char *typed, struct err *e)
{
	struct job_key_trust r;

	if (job_key_trust(s, unit, typed, &r, e) != 0)
		return e->code;
	printf(_("Key %s trusted for %s %s.\n"), r.pin.fingerprint, r.u.code, r.u.name);
	if (r.found && strcmp(r.old.fingerprint, r.pin.fingerprint) != 0)
		printf(_("It replaces the key pinned before: %s (%s).\n"), r.old.fingerprint,
		    r.old.how);
	return 0;
}

int
cmd_key(struct cli_ctx *c)
{
	struct store *s = NULL;
	struct err e = { 0 };
	const char *what;
	int rc = 0;

	if (cli_parse(c, c->argc, c->argv, NULL) != 0)
		return EXIT_USAGE;
	what = c->argc > 0 ? c->argv[0] : "show";
	if (!(strcmp(what, "show") == 0 && c->argc <= 1) &&
	    !(strcmp(what, "list") == 0 && c->argc == 1) &&
	    !(strcmp(what, "trust") == 0 && c->argc == 3)) {
		report_msg(_("usage: socds key show | list | trust UNIT FINGERPRINT;"
		    " see 'socds help key'"));
		return EXIT_USAGE;
	}
	if (cmd_key_open(c, &s, &e) != 0)
		return cli_fail(&e);
	if (strcmp(what, "show") == 0)
		rc = cmd_key_show(s, &e);
	else if (strcmp(what, "list") == 0) {
		struct cmd_key_rows kr = { s, 0 };
		rc = store_key_list(s, cmd_key_row, &kr, &e);
		if (rc == 0 && kr.n == 0)
			printf("%s\n", _("No keys pinned yet: a unit's key is pinned with its first"
			    " package, or in advance with 'socds key trust UNIT FINGERPRINT'."));
	}
	else
		rc = cmd_key_trust(s, c->argv[1], c->argv[2], &e);
	store_close(s);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

/* socds: the digital-transformation register for communes and districts. */
#include <signal.h>

#include "socds/cli.h"

int
main(int argc, char **argv)
{
	/* A file-size limit must end in "disk full, nothing saved", not in death
	 * by SIGXFSZ halfway through a write. */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main(argc, argv);
}

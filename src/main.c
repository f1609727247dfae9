/* socds: the digital-transformation register for communes and districts. */
#include "socds/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}

/* socds: the digital-transformation register for communes and districts. */
#include "socds/cli.h"
#include "socds/os.h"

int
main(int argc, char **argv)
{
	os_start();
	return cli_main(argc, argv);
}

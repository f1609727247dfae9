/* socds: the digital-transformation register for communes and districts. */
#include "socds/cli.h"
#include "socds/os.h"

int
main(int argc, char **argv)
{
	os_args_utf8(&argc, &argv);	/* Windows: as typed, whatever the code page */
	os_start();
	return cli_main(argc, argv);
}

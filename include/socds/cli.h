/* cli: the socds command line, git-style. */
#ifndef SOCDS_CLI_H
#define SOCDS_CLI_H

/* Runs socds; returns the exit status (0 ok, 1 failure, 2 bad usage). */
int cli_main(int argc, char **argv);

#endif

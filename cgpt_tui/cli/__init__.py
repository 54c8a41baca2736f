"""The command line. `main` parses the arguments and hands each command to its module: `app`
(the app, and `--demo`), `account` (`login`, `logout`, `status`), `ask`, `history` (`sync`,
`cache clear`, `export`); `context` is what they all resolve first, `guard` how a command
that fails ends. Nothing outside this folder imports it."""

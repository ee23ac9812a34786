"""Starts `rasa run` with the API token from the environment (`python -m rasa_plugins.rasa_server run ...`).

Rasa takes its HTTP API token only as `--auth-token`, where every user of the machine can read it in the
process list. Here it is added to the arguments inside the process, so it never appears on a command line.
"""

from __future__ import annotations

import sys

from rasa.__main__ import main

from bot.config import Settings


if __name__ == "__main__":
    token = Settings.from_env().rasa_token
    if not token:
        sys.exit("TRUSTCOACH_RASA_TOKEN is not set: Rasa's HTTP API must not run without a token. "
                 "Start the coach with `trustcoach serve` (it makes one) or set the variable.")
    sys.argv = [*sys.argv, "--auth-token", token]
    main()

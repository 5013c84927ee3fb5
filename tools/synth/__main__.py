"""python -m tools.synth: see tools/synth/cli.py."""

import sys

from tools.synth.cli import main

sys.exit(main())

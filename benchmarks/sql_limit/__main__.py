"""``python -m benchmarks.sql_limit``."""

from benchmarks.sql_limit import main

main()

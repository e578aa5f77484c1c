"""The commands' work: options in, plain data out.

One function per command (``check.check``, ``browse.rows``, ``history.audit`` ...), called
by the thin commands in ``cli``. Nothing here prints, exits or imports typer or rich;
problems are ``RiskctlError`` exceptions, which the CLI maps to exit statuses in one place.
Imports every package below ``cli``.
"""

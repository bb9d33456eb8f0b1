"""Whether a bind address exposes the dashboard beyond this machine, and the warning to give."""

from __future__ import annotations

import ipaddress

WARNING = (
    "warning: the dashboard has no authentication and {host} is not a loopback address: anyone "
    "who can reach it can read the whole store; put it behind a reverse proxy with "
    "authentication (docs/analysis.md)"
)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1); host names other than
    localhost may resolve anywhere, so they count as exposed."""
    bare = host.strip().strip("[]")
    if bare.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """The one-line warning for a bind address that is not loopback, else None."""
    return None if is_loopback(host) else WARNING.format(host=host)

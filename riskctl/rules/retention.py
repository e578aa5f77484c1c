"""RC6xx: records kept past their retention period."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model import dates
from riskctl.model.facts import safe_date, safe_duration
from riskctl.model.records import Item, Severity
from riskctl.rules.base import Context, Hit, rule


@rule("RC601", "retention-expired", Severity.WARNING, "closed risk older than retention.closed")
def rc601(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that a closed risk is not kept longer than the register's
    `retention.closed` period after its `closed` date.

    Why it matters: records-retention policies (such as the forces' Records Review,
    Retention and Disposal policy) say how long records are held; keeping them longer
    breaks the policy. Git keeps the history either way.

    Example that fires (retention.closed P6Y, today 2026-11-22): `status: closed`,
    `closed: 2019-03-31`.

    How to fix: delete the file (its history stays in git), or extend the retention.
    """
    if item.kind != "risk" or item.data.get("status") != "closed":
        return
    period = safe_duration(item.register.setting("retention", "closed"))
    closed = safe_date(item.data.get("closed"))
    if period and closed:
        expiry = dates.add(closed, period)
        if expiry.due_by < ctx.today:
            yield Hit(
                ("closed",),
                f"closed on {closed}; the retention period ended {expiry}, so the record is due for disposal",
            )


RULES = (rc601,)

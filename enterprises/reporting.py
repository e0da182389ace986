"""Per-enterprise flags of reporting to the national e-commerce information system (``EnterpriseReport``).

For each quarter a county ticks which of its filed enterprises reported on time and which accurately;
an enterprise ticked both counts towards 按时准确填报 and the quality rules compare the county's
quarterly figure with that count. A row exists for every enterprise the county has gone through
(saving a page writes all its rows, ticked or not), so "the county has ticked this quarter" is known.

Figures backing an approved quarterly report are locked for county staff; city admins may still fix them.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from counties import roles, window
from counties.models import County, QuarterlyReport, ReportStatus
from counties.quarters import quarter_end, quarter_start
from enterprises.models import Enterprise, EnterpriseReport

ALL, TICKED, UNTICKED, UNSEEN = "all", "ticked", "unticked", "unseen"


def enterprises_in_quarter(county: County, year: int, quarter: int) -> QuerySet:
    """The county's enterprises filed by the quarter's end and not deregistered before it began."""
    start, end = quarter_start(year, quarter), quarter_end(year, quarter)
    return Enterprise.objects.filter(county=county, filed_on__lte=end).filter(
        Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=start)
    )


def flag_rows(county: County, year: int, quarter: int, *, search: str = "", show: str = ALL) -> QuerySet:
    """The enterprises of the quarter with their flags annotated (``flag_on_time``, ``flag_accurate``,
    ``flag_seen``), filtered by a name or credit-code search and by what was ticked."""
    flags = EnterpriseReport.objects.filter(enterprise=OuterRef("pk"), year=year, quarter=quarter)
    qs = enterprises_in_quarter(county, year, quarter).annotate(
        flag_seen=Exists(flags),
        flag_on_time=Exists(flags.filter(on_time=True)),
        flag_accurate=Exists(flags.filter(accurate=True)),
    )
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(credit_code__icontains=search.upper()))
    if show == TICKED:
        qs = qs.filter(flag_on_time=True, flag_accurate=True)
    elif show == UNTICKED:
        qs = qs.exclude(flag_on_time=True, flag_accurate=True)
    elif show == UNSEEN:
        qs = qs.filter(flag_seen=False)
    return qs.order_by("name", "pk")


def quarter_summary(county: County, year: int, quarter: int) -> dict:
    """Enterprises of the quarter, how many have a row, how many are ticked both; and the county's figure."""
    counts = flag_rows(county, year, quarter).aggregate(
        enterprises=Count("pk"),
        seen=Count("pk", filter=Q(flag_seen=True)),
        good=Count("pk", filter=Q(flag_on_time=True, flag_accurate=True)),
    )
    report = QuarterlyReport.objects.filter(county=county, year=year, quarter=quarter).first()
    return {**counts, "report": report}


def locked_for(user, county: County, year: int, quarter: int) -> bool:
    """County staff cannot change the flags behind an approved report (the city reopens it first)."""
    if roles.is_city_admin(user):
        return False
    return QuarterlyReport.objects.filter(
        county=county, year=year, quarter=quarter, status=ReportStatus.APPROVED
    ).exists()


def _check_may_write(user, county: County, year: int, quarter: int, today: datetime.date | None) -> None:
    if not roles.can_edit_county(user, county.pk):
        raise PermissionDenied
    if problem := window.refusal(year, quarter, today or timezone.localdate()):
        raise ValidationError(problem)
    if locked_for(user, county, year, quarter):
        raise ValidationError(_("本季度数据已审核锁定，企业填报标记不能再修改；如需更正，请联系市商务局重新打开。"))


@transaction.atomic
def flags_save(
    *, county: County, year: int, quarter: int, user, values: dict[int, tuple[bool, bool]], today=None
) -> int:
    """Write (on time, accurate) for the enterprises in ``values``; returns how many rows changed.

    Every enterprise must be the county's and belong to the quarter, else nothing is written.
    """
    _check_may_write(user, county, year, quarter, today)
    ids = set(values)
    allowed = set(enterprises_in_quarter(county, year, quarter).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - allowed:
        raise ValidationError(_("提交的企业中有不属于本县区本季度的企业，未保存任何标记。"))
    return _write(year, quarter, user, values, EnterpriseReport.objects.filter(enterprise_id__in=ids))


@transaction.atomic
def flags_set_all(
    *, county: County, year: int, quarter: int, user, enterprises: QuerySet, on_time: bool, accurate: bool, today=None
) -> int:
    """Set the same flags on every enterprise of ``enterprises`` (a filtered ``flag_rows``): bulk ticking."""
    _check_may_write(user, county, year, quarter, today)
    scope = enterprises_in_quarter(county, year, quarter).filter(pk__in=enterprises.values("pk"))
    values = dict.fromkeys(scope.values_list("pk", flat=True), (on_time, accurate))
    return _write(year, quarter, user, values, EnterpriseReport.objects.filter(enterprise__in=scope))


def _write(year: int, quarter: int, user, values: dict[int, tuple[bool, bool]], existing_qs) -> int:
    existing = {r.enterprise_id: r for r in existing_qs.filter(year=year, quarter=quarter).select_for_update()}
    to_create, to_update = [], []
    for enterprise_id, (on_time, accurate) in values.items():
        row = existing.get(enterprise_id)
        if row is None:
            to_create.append(
                EnterpriseReport(
                    enterprise_id=enterprise_id, year=year, quarter=quarter, on_time=on_time, accurate=accurate
                )
            )
        elif (row.on_time, row.accurate) != (on_time, accurate):
            row.on_time, row.accurate = on_time, accurate
            to_update.append(row)
    history_user = user if getattr(user, "is_authenticated", False) else None
    if to_create:
        bulk_create_with_history(to_create, EnterpriseReport, batch_size=500, default_user=history_user)
    if to_update:
        bulk_update_with_history(
            to_update, EnterpriseReport, ["on_time", "accurate"], batch_size=500, default_user=history_user
        )
    return len(to_create) + len(to_update)

"""The data-quality layer's answers to what ``counties`` asks (``counties.checks.ReportChecks``).

Registered in ``QualityConfig.ready()``; ``counties`` never imports this module.
"""

from django.template.loader import render_to_string

from counties import checks, roles
from counties.checks import Accuracy, Figures, Finding, ReportChecks
from enterprises import reporting
from quality import engine, facts, selectors, services
from quality.models import Figure


class QualityChecks(ReportChecks):
    def findings(self, items: list[Figures]) -> list[list[Finding]]:
        return [c.findings for c in engine.check_all(items)]

    def explain(self, *, report, explanations: dict[str, str], user) -> None:
        services.explanations_save(report=report, explanations=explanations, user=user)

    def accuracy(self, *, county_ids: list[int], year: int) -> dict[tuple[int, int], Accuracy]:
        return selectors.accuracy(county_ids=county_ids, year=year)

    def report_panel(self, request, report, found: list[Finding]) -> str:
        follow_ups = selectors.follow_ups_of(report)
        context = {
            "report": report,
            "rule_findings": [f for f in found if f.kind == checks.RULE],
            "outlier_findings": [f for f in found if f.kind == checks.OUTLIER],
            "follow_ups": follow_ups,
            "open_follow_ups": [f for f in follow_ups if f.is_open],
            "comments": selectors.thread(report),
            "can_mark": roles.is_city_admin(request.user),
            "can_comment": services.may_comment(request.user, report),
            "can_explain": roles.can_edit_county(request.user, report.county_id) and report.is_editable,
            "figures": Figure.choices,
        }
        return render_to_string("quality/_report_panel.html", context, request=request)

    def form_panel(self, request, *, county, year: int, quarter: int) -> str:
        context = {
            "county": county,
            "year": year,
            "quarter": quarter,
            "summary": reporting.quarter_summary(county, year, quarter),
            "filed": facts.registry_counts([county.pk], [(year, quarter)])
            .get((county.pk, year, quarter), {})
            .get("filed_enterprises", 0),
        }
        return render_to_string("quality/_form_panel.html", context, request=request)

    def initial(self, *, county_id: int, year: int, quarter: int) -> dict:
        """A quarter not entered yet starts from the enterprises the county ticked on time and accurate."""
        ticked = facts.flagged_counts([county_id], [(year, quarter)]).get((county_id, year, quarter))
        return {} if ticked is None else {"reporting_enterprises": ticked}

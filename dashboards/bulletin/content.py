"""What the quarterly bulletin says: built once from the same reads as the pages, in the active language.

Every number comes from the dashboards' selectors (``overview``, ``scorecard``) and so from the progress
engine; statuses are the engine's words (``Progress.state_label``); the map is ``dashboards.map``. This
module only chooses, orders and words them. ``BulletinContent.document`` is laid out by both renderers;
``trends`` and ``maps`` are what ``charts`` draws.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from dashboards import map as mapping
from dashboards import selectors
from dashboards.bulletin.document import Cell, Document, Figure, Heading, Paragraph, Table
from dashboards.bulletin.reporting import Reporting, reporting
from dashboards.scorecard import SCORING_RULE
from dashboards.selectors import Choice
from targets.progress import PROGRESS_RULE, State
from targets.templatetags.cbec import named, percent, quantity, target_label


@dataclass
class BulletinContent:
    choice: Choice
    document: Document
    trends: list[dict]
    maps: dict[str, mapping.CountyMap]
    reporting: Reporting


def quarter_words(year: int, quarter: int) -> str:
    return _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter}


def listing(names) -> str:
    return pgettext("list separator", "、").join(names)


# Issuers' abbreviations of the loaded plans, for the catalogue (makemessages keeps them).
ISSUERS = (pgettext_lazy("document issuer", "商政"),)
DOCUMENT_NUMBER = re.compile(r"^(?P<issuer>[^〔\[]+)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


def document_number(code: str) -> str:
    """A Chinese official document number as the active language writes it: 商政〔2016〕26号 in Chinese,
    "Shang Zheng [2016] No. 26" in English (the issuer's abbreviation from the catalogue; a number of
    another form is kept as written)."""
    match = DOCUMENT_NUMBER.match(code or "")
    if not match or not (get_language() or "").startswith("en"):
        return code
    issuer = pgettext("document issuer", match["issuer"])
    return f"{issuer} [{match['year']}] No. {match['number']}"


def plan_reference(plan) -> str:
    """The plan by title and document number: 《…》（商政〔2016〕26号）."""
    return _("《%(title)s》（%(code)s）") % {"title": named(plan, "title"), "code": document_number(plan.code)}


def sentences(*parts: str) -> str:
    """Sentences one after another: joined as Chinese writes them, with a space in English."""
    text = ""
    for part in filter(None, parts):
        text = pgettext("two sentences", "%(first)s%(second)s") % {"first": text, "second": part} if text else part
    return text


def bulletin_content(*, choice: Choice, today: datetime.date | None = None) -> BulletinContent:
    """The bulletin of ``choice``'s quarter (its year, quarter and pending option), as of now."""
    today = today or timezone.localdate()
    overview = selectors.overview(choice, today)
    card = selectors.scorecard(choice, today)
    first_headline = overview.headlines[0].target.indicator.code if overview.headlines else None
    maps = {mapping.SCORE: mapping.county_map(choice, mapping.SCORE, today, card=card)}
    if first_headline:
        maps[first_headline] = mapping.county_map(choice, first_headline, today)
    report = reporting(choice, today)
    document = Document(
        title=_("商丘市跨境电子商务三年行动计划推进情况通报"),
        subtitle=quarter_words(choice.year, choice.quarter),
        meta=_meta(choice, report),
        footer=plan_reference(choice.plan),
    )
    document.blocks += _headline_section(choice, overview, first_headline, maps)
    document.blocks += _ranking_section(card, maps[mapping.SCORE])
    document.blocks += _county_section(card)
    document.blocks += _milestone_section(overview.milestones)
    document.blocks += _reporting_section(report)
    document.blocks += _notes()
    trends = [dict(row.spark, title=named(row.target.indicator)) for row in overview.headlines]
    return BulletinContent(choice, document, trends, maps, report)


# --- Title and basis -----------------------------------------------------------------------------


def _meta(choice: Choice, report: Reporting) -> list[tuple[str, str]]:
    basis = plan_reference(choice.plan)
    generated = date_format(timezone.localtime(), "Y-m-d H:i")
    return [
        (_("依据"), basis),
        (_("数据截至"), date_format(choice.period.as_of, "DATE_FORMAT")),
        (_("统计口径"), pending_note(choice, report)),
        (_("生成时间"), generated),
    ]


def pending_note(choice: Choice, report: Reporting) -> str:
    """Whether figures under review are in, and whose: the note printed under the title."""
    pending = [_("%(county)s（第%(q)s季度）") % {"county": named(c), "q": q} for c, q in report.pending]
    if choice.include_pending:
        note = _("含待审核数据。")
        if pending:
            counted = _("以下单位的季度数据尚待审核、已计入本通报，审核后数字可能变化：%(units)s。")
            note = sentences(note, counted % {"units": listing(pending)})
    else:
        note = _("仅计已审核的季度数据。")
        if pending:
            note = sentences(
                note, _("以下单位的季度数据已提交、尚待审核，未计入本通报：%(units)s。") % {"units": listing(pending)}
            )
    missing = [named(row.county) for row in report.rows if not row.counted]
    if missing:
        note = sentences(note, _("本季度尚无可计入数据的单位：%(units)s。") % {"units": listing(missing)})
    return note


# --- 一、Headline figures ------------------------------------------------------------------------


def _progress_cells(p) -> list[Cell]:
    unit = p.target.indicator
    aspirational = _("（争创/力争）") if p.target.is_aspirational else ""
    return [
        Cell(target_label(p.target) + aspirational),
        Cell(quantity(p.actual, unit), strong=True),
        Cell(percent(p.ratio)),
        Cell(p.state_label, state=p.state.value),
    ]


def _state_summary(progress) -> str:
    counts = dict.fromkeys(State, 0)
    for p in progress:
        counts[p.state] += 1
    return _(
        "共%(total)s项：已完成%(met)s项，达到区间下限%(in_range)s项，进行中未达标%(behind)s项，逾期未完成%(overdue)s项。"
    ) % {
        "total": len(progress),
        "met": counts[State.MET],
        "in_range": counts[State.IN_RANGE],
        "behind": counts[State.BEHIND],
        "overdue": counts[State.OVERDUE],
    }


def _headline_section(choice, overview, first_headline, maps) -> list:
    as_of = date_format(choice.period.as_of, "DATE_FORMAT")
    blocks = [
        Heading(_("一、主要指标完成情况")),
        Paragraph(
            _("截至%(date)s，全市年度目标%(summary)s")
            % {"date": as_of, "summary": _state_summary([r.progress for r in overview.rows])}
        ),
    ]
    headers = [_("指标"), _("目标"), _("实际"), _("完成率"), _("状态")]
    head_rows = [
        [Cell(named(r.target.indicator), strong=True), *_progress_cells(r.progress)] for r in overview.headlines
    ]
    if head_rows:
        blocks.append(
            Table("headlines", _("表1 重点指标"), headers, head_rows, [3.8, 2.4, 2.2, 1.8, 1.9], frozenset({1, 2, 3}))
        )
        blocks.append(Figure("trends", _("图1 重点指标季度走势（虚线为年度目标）")))
    rows = [[Cell(named(r.target.indicator)), *_progress_cells(r.progress)] for r in overview.rows]
    blocks.append(
        Table("targets", _("表2 全市各项年度目标"), headers, rows, [3.8, 2.4, 2.2, 1.8, 1.9], frozenset({1, 2, 3}))
    )
    if first_headline:
        caption = _("图2 各县区%(name)s") % {"name": maps[first_headline].title}
        blocks.append(Figure(f"map-{first_headline}", caption, 15.0))
    return blocks


# --- 二、Ranking and 三、each county's quotas ----------------------------------------------------


def _ranking_section(card, score_map) -> list:
    blocks = [Heading(_("二、县区考核排名")), Paragraph(_("计分规则：") + _(SCORING_RULE), "note")]
    rows = []
    for row in card.ranked:
        met = sum(1 for p in row.quotas if p.is_fulfilled)
        done = _("%(met)s/%(total)s项") % {"met": met, "total": len(row.quotas)}
        rows.append(
            [
                Cell(str(row.rank), strong=True),
                Cell(named(row.county)),
                Cell(percent(row.score), strong=True),
                Cell(done),
            ]
        )
    if rows:
        headers = [_("排名"), _("县区"), _("综合得分"), _("完成任务")]
        blocks.append(Table("ranking", _("表3 县区综合得分排名"), headers, rows, [1, 4, 2, 2], frozenset({0, 2, 3})))
    else:
        blocks.append(Paragraph(_("本年度没有分配到县区的任务。")))
    if card.unranked:
        names = listing(named(row.county) for row in card.unranked)
        blocks.append(Paragraph(_("未分配任务、不参与排名：") + names, "note"))
    blocks.append(Figure("map-score", _("图3 各县区综合得分（无地图边界的功能区列于图右）"), 15.0))
    return blocks


def _county_section(card) -> list:
    blocks = [Heading(_("三、各县区任务完成情况"))]
    rows, starts = [], set()
    for row in card.rows:
        if not row.quotas:
            continue
        starts.add(len(rows))
        for i, p in enumerate(sorted(row.quotas, key=lambda p: (p.target.indicator.order, p.target.indicator.code))):
            county = Cell(named(row.county), strong=True) if i == 0 else Cell("")
            rows.append([county, Cell(named(p.target.indicator)), *_progress_cells(p)])
    if not rows:
        return blocks + [Paragraph(_("本年度没有分配到县区的任务。"))]
    headers = [_("县区"), _("任务"), _("目标"), _("实际"), _("完成率"), _("状态")]
    widths = [2.2, 3.3, 1.8, 1.7, 1.8, 1.9]
    blocks.append(
        Table("quotas", _("表4 各县区年度任务"), headers, rows, widths, frozenset({2, 3, 4}), frozenset(starts))
    )
    return blocks


# --- 四、Key projects ----------------------------------------------------------------------------


PROGRESS_CHARS = 80


def _latest_progress(row) -> str:
    """The latest progress entry the city recorded (date and note, cut to a few lines), as on the milestones page."""
    if row.latest is None:
        return _("尚未登记进展")
    when = date_format(timezone.localtime(row.latest.recorded_at), "Y-m-d")
    return f"{when} {Truncator(row.latest.note).chars(PROGRESS_CHARS)}"


def _milestone_section(milestones) -> list:
    blocks = [Heading(_("四、重点项目推进情况"))]
    if not milestones:
        return blocks + [Paragraph(_("本年度没有重点项目。"))]
    done = sum(1 for m in milestones if m.is_done)
    late = sum(1 for m in milestones if m.is_late and not m.is_done)
    blocks.append(
        Paragraph(
            _("本年度重点项目%(total)s项：已完成%(done)s项，逾期未完成%(late)s项，其余推进中或未启动。")
            % {"total": len(milestones), "done": done, "late": late}
        )
    )
    rows = [
        [
            Cell(named(m.milestone, "title")),
            Cell(str(m.due_year) if m.milestone.year else _("%(year)s（计划期内）") % {"year": m.due_year}),
            Cell(m.state_label, state=m.state),
            Cell(date_format(m.milestone.reached_on, "Y-m-d") if m.milestone.reached_on else "—"),
            Cell(_latest_progress(m)),
        ]
        for m in milestones
    ]
    headers = [_("重点项目"), _("目标年度"), _("状态"), _("完成日期"), _("最新进展")]
    blocks.append(Table("milestones", _("表5 重点项目"), headers, rows, [4.0, 1.6, 2.7, 1.9, 4.8], frozenset({1, 3})))
    return blocks


# --- 五、Reporting -------------------------------------------------------------------------------


def _reporting_section(report: Reporting) -> list:
    summary = _(
        "本季度数据应于%(due)s前报送。按时报送%(on_time)s个单位，逾期报送%(late)s个，"
        "逾期仍未报送%(overdue)s个；本季度数据被退回修改%(returns)s次。"
    ) % {
        "due": date_format(report.due, "DATE_FORMAT"),
        "on_time": report.on_time,
        "late": report.late,
        "overdue": report.overdue,
        "returns": report.returns,
    }
    if report.undated:
        undated = _("另有%(n)s个单位的数据不是经填报流程提交的（如导入或后台录入），没有提交日期。")
        summary = sentences(summary, undated % {"n": report.undated})
    blocks = [Heading(_("五、季度数据报送情况")), Paragraph(summary)]
    rows = []
    for row in report.rows:
        last = row.returned[-1] if row.returned else None
        rows.append(
            [
                Cell(named(row.county)),
                Cell(row.status_label, state=row.state),
                Cell(date_format(row.cell.first_submitted_on, "Y-m-d") if row.cell.first_submitted_on else "—"),
                Cell(str(row.days_late) if row.days_late else "—"),
                Cell(str(len(row.returned)) if row.returned else "—"),
                Cell(last.comment if last else ""),
            ]
        )
    headers = [_("县区"), _("报送情况"), _("首次提交"), _("逾期天数"), _("退回次数"), _("最近一次退回意见")]
    blocks.append(
        Table("reporting", _("表6 各单位季度数据报送"), headers, rows, [2.6, 2.4, 2, 1.4, 1.4, 4.6], frozenset({3, 4}))
    )
    return blocks


def _notes() -> list:
    return [
        Heading(_("附注"), 2),
        Paragraph(_(PROGRESS_RULE), "note"),
        Paragraph(
            _(
                "本通报由商丘市跨境电商三年行动计划跟踪平台根据各县区报送并经市商务局审核的数据自动生成，与平台看板数字一致。"
            ),
            "note",
        ),
    ]

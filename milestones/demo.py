"""Demo progress of a few key projects (part of ``seed_demo``), marked 【演示】 and ``is_demo_data``.

Only milestones nobody has recorded anything about get demo entries; clearing the demo removes its entries
and files and sets each milestone back to what its remaining entries say (or to 未启动 if none remain).
"""

import datetime
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from milestones.models import ProgressEntry
from milestones.services import progress_record
from targets.models import Milestone, MilestoneStatus

DEMO = "【演示】"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# code -> entries (recorded on, status, reached on, note, attachment title or "")
PROGRESS = {
    "leading_group": [
        (datetime.date(2016, 4, 18), MilestoneStatus.DONE, datetime.date(2016, 4, 15),
         "市政府办公室印发通知，成立商丘市跨境电子商务产业发展工作领导小组；9个县（区）均已成立工作推进小组。",
         "领导小组成立通知"),
    ],
    "bonded_logistics_centre": [
        (datetime.date(2016, 6, 30), MilestoneStatus.IN_PROGRESS, None,
         "保税物流中心主体工程完工，监管仓库和查验场地正在装修，已着手准备验收材料。", ""),
        (datetime.date(2016, 12, 20), MilestoneStatus.DONE, datetime.date(2016, 12, 16),
         "通过海关等部门联合验收，验收意见附后。", "联合验收意见"),
    ],
    "customs_upgrade": [
        (datetime.date(2017, 5, 10), MilestoneStatus.IN_PROGRESS, None,
         "已向上级海关报送升格申请材料，正在等待批复；市政府已协调办公用房。", ""),
    ],
    "railway_port_push": [
        (datetime.date(2017, 3, 15), MilestoneStatus.IN_PROGRESS, None, "完成铁路一类口岸可行性研究报告初稿。", ""),
        (datetime.date(2017, 9, 28), MilestoneStatus.IN_PROGRESS, None,
         "可行性研究报告通过专家评审，正在按评审意见修改。", "专家评审意见"),
    ],
    "ecommerce_info_platform": [
        (datetime.date(2017, 3, 1), MilestoneStatus.IN_PROGRESS, None,
         "电子商务信息平台一期上线，可查询备案企业信息；二期（统计填报）正在开发。", ""),
    ],
}  # fmt: skip


def _document(title: str, note: str) -> SimpleUploadedFile:
    """A small Word file standing in for a scanned approval or report."""
    document = docx.Document()
    document.add_heading(DEMO + title, level=1)
    document.add_paragraph(note)
    document.add_paragraph("本文件为演示数据，不是真实公文。")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"{DEMO}{title}.docx", buffer.getvalue(), content_type=DOCX_TYPE)


@transaction.atomic
def seed_progress() -> dict[str, int]:
    """Record the demo progress of the milestones in ``PROGRESS`` that have no entries and are untouched."""
    untouched = Milestone.objects.filter(
        code__in=PROGRESS, status=MilestoneStatus.NOT_STARTED, progress_entries__isnull=True
    )
    for milestone in untouched:
        for recorded_on, status, reached_on, note, title in PROGRESS[milestone.code]:
            uploads = [_document(title, note)] if title else []
            entry = progress_record(
                milestone=milestone, by=None, status=status, reached_on=reached_on, note=DEMO + note,
                uploads=uploads, is_demo_data=True,
            )  # fmt: skip
            moment = datetime.datetime.combine(recorded_on, datetime.time(10, 0))
            ProgressEntry.objects.filter(pk=entry.pk).update(recorded_at=timezone.make_aware(moment))
    return {"重点项目进展": ProgressEntry.objects.filter(is_demo_data=True).count()}


@transaction.atomic
def clear_progress() -> None:
    """Remove the demo entries and their files; each milestone they touched shows its remaining latest entry."""
    touched = set(ProgressEntry.objects.filter(is_demo_data=True).values_list("milestone_id", flat=True))
    ProgressEntry.objects.filter(is_demo_data=True).delete()  # their files go too (MilestonesConfig.ready)
    for milestone in Milestone.objects.filter(pk__in=touched):
        latest = milestone.progress_entries.first()
        milestone.status = latest.status if latest else MilestoneStatus.NOT_STARTED
        milestone.reached_on = latest.reached_on if latest else None
        milestone.evidence = latest.note if latest else ""
        milestone.save(update_fields=["status", "reached_on", "evidence"])

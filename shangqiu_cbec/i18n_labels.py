"""Labels defined as plain Chinese strings elsewhere, listed here only so makemessages extracts them.

The models' verbose names and choice labels are lazy translations (``gettext_lazy``), so forms, the admin
and lists show them in the reader's language while migrations keep the Chinese msgid; templates that
translate a label again (``{% translate report.get_status_display %}``) still work. The progress engine's
labels and the role (group) names stay plain strings and are translated when shown. This module is never imported; tests/test_i18n.py checks that
every label listed in the source classes has an English translation, so a new label without one fails.
"""

from django.utils.translation import gettext_noop

LABELS = (
    # counties.models.CountyKind
    gettext_noop("地级市"),
    gettext_noop("市辖区"),
    gettext_noop("县"),
    gettext_noop("县级市"),
    gettext_noop("功能区"),
    # counties.models.ReportStatus
    gettext_noop("草稿"),
    gettext_noop("已提交"),
    gettext_noop("已退回"),
    gettext_noop("已审核"),
    # targets.progress.State / Status
    gettext_noop("已完成"),
    gettext_noop("达到区间下限"),
    gettext_noop("进行中未达标"),
    gettext_noop("逾期未完成"),
    gettext_noop("达到区间"),
    gettext_noop("未完成"),
    # targets.models.MilestoneStatus
    gettext_noop("未启动"),
    gettext_noop("推进中"),
    gettext_noop("已完成"),
    # verbose names shown in the drill-down's record tables (dashboards.drilldown.record_table)
    gettext_noop("跨境电商企业"),
    gettext_noop("跨境电商园区"),
    gettext_noop("海外仓"),
    gettext_noop("培训孵化基地"),
    gettext_noop("季度数据"),
    gettext_noop("跨境电商交易额（美元）"),
    gettext_noop("从业人员（人）"),
    gettext_noop("按时准确填报企业数（家）"),
    gettext_noop("备案认定日期"),
    gettext_noop("注销日期"),
    gettext_noop("市级示范企业认定年度"),
    gettext_noop("省级示范企业认定年度"),
    gettext_noop("建成日期"),
    gettext_noop("关闭日期"),
    gettext_noop("市级示范园区认定年度"),
    gettext_noop("省级示范园区认定年度"),
    gettext_noop("国家级示范基地认定年度"),
    gettext_noop("设立日期"),
    gettext_noop("省级公共海外仓认定年度"),
)

ROLES = (
    # counties.roles: the groups are named by their Chinese role; the admin shows them translated
    gettext_noop("县区填报员"),
    gettext_noop("市商务局管理员"),
    gettext_noop("领导小组"),
)

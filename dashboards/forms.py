"""Forms of the leadership pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DisplayTokenForm(forms.Form):
    name = forms.CharField(
        label=_("大屏名称"),
        max_length=60,
        help_text=_("如“三楼会议室大屏”，便于日后识别和撤销。"),
        error_messages={
            "required": _("请填写大屏名称。"),
            "max_length": _("大屏名称不能超过 %(limit_value)d 个字。"),
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写大屏名称。"))
        return name


class BulletinRequestForm(forms.Form):
    """Which quarter's bulletin, in which format; ``pending`` only for those who may see pending figures."""

    year = forms.IntegerField(
        label=_("年度"), error_messages={"required": _("请选择年度。"), "invalid": _("年度无效。")}
    )
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[(q, q) for q in (1, 2, 3, 4)],
        coerce=int,
        error_messages={"required": _("请选择季度。"), "invalid_choice": _("季度只能是第1至第4季度。")},
    )
    pending = forms.BooleanField(label=_("含待审核数据"), required=False)
    format = forms.ChoiceField(
        choices=[("pdf", "PDF"), ("docx", "Word")],
        error_messages={"required": _("请选择文件格式。"), "invalid_choice": _("文件格式只能是PDF或Word。")},
    )

    def __init__(self, *args, years=(), pending_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.pending_allowed = pending_allowed

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year not in self.years:
            raise forms.ValidationError(_("%(year)s年不在行动计划期内。") % {"year": year})
        return year

    def clean_pending(self):
        return self.cleaned_data["pending"] and self.pending_allowed

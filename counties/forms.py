"""The quarterly figures form, with the checks a county officer needs to see in plain Chinese."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from counties.models import QuarterlyReport
from counties.quarters import quarter_start

TEN_FOLD = 10


def is_ten_fold(previous: Decimal | None, current: Decimal | None) -> bool:
    """Whether ``current`` is at least ten times a positive ``previous`` quarter's volume."""
    return bool(previous and previous > 0 and current is not None and current >= previous * TEN_FOLD)


class QuarterlyReportForm(forms.ModelForm):
    """A county's figures for one quarter, compared with the quarter before (``previous``, may be ``None``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_jump = forms.BooleanField(label=_("我已核实：本季度交易额达到上季度的10倍以上，数据属实"), required=False)

    class Meta:
        model = QuarterlyReport
        fields = ["transaction_usd", "employees", "reporting_enterprises", "remark"]
        widgets = {"remark": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, year: int, quarter: int, previous=None, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.quarter, self.previous = year, quarter, previous
        self.today = today or timezone.localdate()
        negative = {
            "transaction_usd": _("交易额不能为负数。"),
            "employees": _("从业人员人数不能为负数。"),
            "reporting_enterprises": _("按时准确填报企业数不能为负数。"),
        }
        for name, message in negative.items():
            self.fields[name].error_messages["min_value"] = message
            self.fields[name].widget.attrs["min"] = 0
        self.fields["transaction_usd"].error_messages["invalid"] = _("交易额应为数字（单位：美元）。")
        self.fields["confirm_jump"].label_suffix = ""
        for name in self.Meta.fields:  # labels are the model's Chinese verbose names; shown translated
            self.fields[name].label = gettext(str(self.fields[name].label))

    def clean_transaction_usd(self):
        value = self.cleaned_data["transaction_usd"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("交易额不能为负数。"), code="negative")
        return value

    def clean(self):
        cleaned = super().clean()
        if quarter_start(self.year, self.quarter) > self.today:
            raise forms.ValidationError(
                _("%(year)d年第%(quarter)d季度尚未开始，不能填报。"),
                code="future_quarter",
                params={"year": self.year, "quarter": self.quarter},
            )
        previous = self.previous
        if previous is None:
            return cleaned
        employees = cleaned.get("employees")
        if employees is not None and employees < previous.employees and not cleaned.get("remark", "").strip():
            self.add_error(
                "remark",
                forms.ValidationError(
                    _("从业人员比上季度（%(before)d人）减少，请在备注中说明原因。"),
                    code="employees_fell",
                    params={"before": previous.employees},
                ),
            )
        if is_ten_fold(previous.transaction_usd, cleaned.get("transaction_usd")) and not cleaned.get("confirm_jump"):
            self.add_error(
                "confirm_jump",
                forms.ValidationError(
                    _("交易额达到上季度（%(before)s美元）的10倍以上，请核实后勾选确认。"),
                    code="ten_fold",
                    params={"before": f"{previous.transaction_usd:,.2f}"},
                ),
            )
        return cleaned

    @property
    def asks_confirmation(self) -> bool:
        """Show the confirmation box only when the ten-fold check tripped (or was already ticked)."""
        return "confirm_jump" in self.errors or bool(self.data.get("confirm_jump"))

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

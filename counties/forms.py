"""The quarterly figures form, with the checks a county officer needs to see in plain Chinese.

What the figures must satisfy beyond a single field (not more reporting enterprises than filed ones,
a ten-fold jump, employees falling ...) are validation rules kept as data by the quality layer and
run through ``counties.checks``: saving shows what they find, submitting needs an explanation of
each high-importance one. This form checks only what makes a value impossible.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from counties import window
from counties.models import QuarterlyReport
from shangqiu_cbec.form_messages import PlainMessages
from shangqiu_cbec.plaintext import NOTE_MAX_LENGTH, normalise_newlines


class QuarterlyReportForm(PlainMessages, forms.ModelForm):
    """A county's figures for one quarter, shown beside the quarter before (``previous``, may be ``None``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = QuarterlyReport
        fields = ["transaction_usd", "employees", "reporting_enterprises", "remark"]
        widgets = {"remark": forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH})}

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
        for name in self.Meta.fields:  # labels are the model's Chinese verbose names; shown translated
            self.fields[name].label = gettext(str(self.fields[name].label))

    def clean_remark(self):
        """Line breaks counted as the browser counts them (one character), before the model's length rule."""
        return normalise_newlines(self.cleaned_data.get("remark", ""))

    def clean_transaction_usd(self):
        value = self.cleaned_data["transaction_usd"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("交易额不能为负数。"), code="negative")
        return value

    def clean(self):
        cleaned = super().clean()
        if problem := window.quarter_refusal(self.year, self.quarter, self.today):
            raise forms.ValidationError(problem, code="quarter_not_ended")
        return cleaned

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

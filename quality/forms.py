"""Forms of the data-quality pages and the rule admin, with messages in plain Chinese."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from counties.models import County
from quality.models import MinMaxBound, OutlierSettings, ValidationRule
from quality.rules import validate_rule_expressions
from quality.variables import VARIABLES
from shangqiu_cbec.form_messages import PlainMessages
from shangqiu_cbec.language import is_english, localised


def variables_help() -> str:
    """Every name a rule may use, with what it means (in the active language)."""
    if is_english():  # the English code is the name English readers use
        return "; ".join(f"{v.code}: {v.description}" for v in VARIABLES)
    return "；".join(f"{v.chinese}（{v.code}）：{v.description}" for v in VARIABLES)


class ValidationRuleForm(PlainMessages, forms.ModelForm):
    """The admin's rule form: every expression is parsed when the rule is saved, never at run time."""

    class Meta:
        model = ValidationRule
        fields = [
            "code",
            "name",
            "name_en",
            "importance",
            "is_active",
            "confirm_on_import",
            "order",
            "left_expression",
            "operator",
            "right_expression",
            "condition",
            "left_missing",
            "right_missing",
            "instruction",
            "instruction_en",
        ]
        widgets = {
            "left_expression": forms.TextInput(attrs={"size": 80}),
            "right_expression": forms.TextInput(attrs={"size": 80}),
            "condition": forms.TextInput(attrs={"size": 80}),
        }

    def clean(self):
        cleaned = super().clean()
        problems = validate_rule_expressions(
            left=cleaned.get("left_expression", ""),
            right=cleaned.get("right_expression", ""),
            condition=cleaned.get("condition", ""),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class CountiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return localised(obj)


class RunForm(PlainMessages, forms.Form):
    years = forms.TypedMultipleChoiceField(
        label=_("年度"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个年度。")},
    )
    quarters = forms.TypedMultipleChoiceField(
        label=_("季度"),
        coerce=int,
        choices=lambda: [(q, _("第%(q)s季度") % {"q": q}) for q in (1, 2, 3, 4)],
        widget=forms.CheckboxSelectMultiple,
        initial=[1, 2, 3, 4],
        error_messages={"required": _("请至少选择一个季度。")},
    )
    counties = CountiesField(
        label=_("县区（不选为全部）"),
        queryset=County.objects.units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"invalid_choice": _("所选县区不存在。"), "invalid_pk_value": _("所选县区不存在。")},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].choices = [(y, str(y)) for y in years]
        self.fields["years"].initial = years


class BoundsGenerateForm(PlainMessages, forms.ModelForm):
    class Meta:
        model = OutlierSettings
        fields = ["k", "min_history"]
        labels = {"k": _("标准差倍数 k"), "min_history": _("最少历史季度数")}
        error_messages = {
            "k": {"invalid": _("请输入数字，如 3 或 2.5。")},
            "min_history": {"invalid": _("请输入整数。")},
        }

    def clean_k(self):
        k = self.cleaned_data["k"]
        if k is None or not Decimal("0.5") <= k <= Decimal(10):
            raise forms.ValidationError(_("k 应在0.5到10之间。"))
        return k

    def clean_min_history(self):
        n = self.cleaned_data["min_history"]
        if n is None or not 2 <= n <= 40:
            raise forms.ValidationError(_("最少历史季度数应在2到40之间。"))
        return n


class BoundForm(PlainMessages, forms.ModelForm):
    class Meta:
        model = MinMaxBound
        fields = ["minimum", "maximum"]
        labels = {"minimum": _("下限"), "maximum": _("上限")}
        error_messages = {
            "minimum": {"invalid": _("请输入数字。"), "required": _("请填写下限。")},
            "maximum": {"invalid": _("请输入数字。"), "required": _("请填写上限。")},
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum"), cleaned.get("maximum")
        if low is not None and low < 0:
            self.add_error("minimum", _("下限不能为负数。"))
        if low is not None and high is not None and low > high:
            self.add_error("maximum", _("上限不能小于下限。"))
        return cleaned

    def validate_unique(self):
        pass  # the county and figure do not change here

    def _post_clean(self):
        # Skip the model's full_clean: its constraints are checked above with our own messages.
        pass

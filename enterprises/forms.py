"""Entry forms for the registries a county keeps. The county comes from the page, never from the form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from enterprises.validators import normalise_credit_code, validate_credit_code
from shangqiu_cbec.form_messages import PlainMessages

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistryForm(PlainMessages, forms.ModelForm):
    """Dates may not lie in the future, recognition years not after this year, and closing follows opening."""

    #: ``(opened, closed)`` date field names whose order is checked, with the message.
    date_order: tuple[str, str, str] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE_WIDGET
                field.error_messages["invalid"] = _("请输入有效日期，例如 2017-03-31。")
            elif isinstance(field, forms.IntegerField):
                field.error_messages["min_value"] = _("请输入有效年度。")

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if value is None:
                continue
            if isinstance(field, forms.DateField) and value > today:
                self.add_error(name, forms.ValidationError(_("日期不能晚于今天。"), code="future_date"))
            elif name.endswith("_year") and not (2000 <= value <= today.year):
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("认定年度应在2000年至%(year)d年之间。"), code="year_range", params={"year": today.year}
                    ),
                )
        if self.date_order:
            opened, closed, message = self.date_order
            if cleaned.get(opened) and cleaned.get(closed) and cleaned[closed] < cleaned[opened]:
                self.add_error(closed, forms.ValidationError(message, code="date_order"))
        return cleaned


class EnterpriseForm(RegistryForm):
    # Longer than 18 so that a code typed with spaces or hyphens is normalised, not cut short.
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        error_messages={"unique": _("该统一社会信用代码已登记，请勿重复添加。")},
    )
    date_order = ("filed_on", "deregistered_on", _("注销日期不能早于备案认定日期。"))

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "filed_on",
            "deregistered_on",
            "industry",
            "is_foreign_trade",
            "city_demo_year",
            "province_demo_year",
        ]

    def clean_credit_code(self):
        code = normalise_credit_code(self.cleaned_data["credit_code"])
        validate_credit_code(code)
        return code


class ParkForm(RegistryForm):
    date_order = ("established_on", "closed_on", _("关闭日期不能早于建成日期。"))

    class Meta:
        model = Park
        fields = [
            "name",
            "established_on",
            "closed_on",
            "status",
            "industry",
            "is_demonstration",
            "is_specialised",
            "city_demo_year",
            "province_demo_year",
            "national_demo_year",
        ]


class OverseasWarehouseForm(RegistryForm):
    date_order = ("opened_on", "closed_on", _("关闭日期不能早于设立日期。"))

    class Meta:
        model = OverseasWarehouse
        fields = [
            "name",
            "enterprise",
            "country",
            "city",
            "mode",
            "opened_on",
            "closed_on",
            "is_public",
            "province_public_year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the county's own enterprises can run its warehouses; another county's id is "not a valid choice".
        field = self.fields["enterprise"]
        field.queryset = Enterprise.objects.filter(county_id=self.instance.county_id)
        field.error_messages["invalid_choice"] = _("请选择本县区的企业。")


class TrainingBaseForm(RegistryForm):
    date_order = ("established_on", "closed_on", _("关闭日期不能早于建成日期。"))

    class Meta:
        model = TrainingBase
        fields = ["name", "operator", "established_on", "closed_on"]

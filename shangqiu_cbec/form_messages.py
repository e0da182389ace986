"""Validation messages in plain words that name the field, instead of Django's generic ones.

Django's own texts reach a clerk as "确保该变量包含不超过 200 字符。", "确认总共不超过 18 个数字。" or
"输入整数。": they do not say which box is wrong, and read like a machine. ``PlainMessages`` replaces
every default message of every field of a form with one that names the field's label and says what
to type ("企业名称最多200个字，现有201个字。", "从业人员（人）应为整数，例如 120。"). A form's own
messages, set after ``super().__init__()``, still win. The validators' numbers (limit, length, digits)
are filled in by Django from the validator's parameters.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# message code -> text with {label}; %(...)s are the validator's own parameters
MESSAGES = {
    "required": _("请填写{label}。"),
    "max_length": _("{label}最多%(limit_value)d个字，现有%(show_value)d个字。"),
    "min_length": _("{label}至少%(limit_value)d个字，现有%(show_value)d个字。"),
    "max_value": _("{label}不能大于%(limit_value)s。"),
    "min_value": _("{label}不能小于%(limit_value)s。"),
    "max_digits": _("{label}的数字太长：最多%(max)s位数字。"),
    "max_decimal_places": _("{label}最多%(max)s位小数。"),
    "max_whole_digits": _("{label}的整数部分最多%(max)s位。"),
    "invalid_choice": _("{label}：请从列表中选择。"),
}
INVALID = [
    (forms.EmailField, _("{label}不是有效的电子邮箱地址，例如 name@example.com。")),
    (forms.IntegerField, _("{label}应为整数，例如 120。")),
    (forms.DecimalField, _("{label}应为数字，例如 1250.50。")),
    (forms.FloatField, _("{label}应为数字，例如 1250.50。")),
    (forms.DateTimeField, _("{label}应为有效的日期和时间，例如 2017-03-31 09:30。")),
    (forms.DateField, _("{label}应为有效日期，例如 2017-03-31。")),
]


def _named(text, label):
    return format_lazy(text, label=label)


def _django_defaults(field: forms.Field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def plain_messages(field: forms.Field, label=None) -> None:
    """Replace ``field``'s default messages with ones naming ``label`` (its own label by default); a message
    the field was given (``error_messages=``) stays."""
    label = label or field.label or ""
    defaults = _django_defaults(field)

    def replace(code, text):
        current = field.error_messages.get(code)
        if current is None or current is defaults.get(code):
            field.error_messages[code] = _named(text, label)

    for code, text in MESSAGES.items():  # a code the field never raises is never read
        replace(code, text)
    for kind, text in INVALID:
        if isinstance(field, kind):
            replace("invalid", text)
            break


class PlainMessages:
    """Form mixin: every field's messages in plain words naming the field (see the module docstring), and
    labels ending in the page's colon (Django's is an ASCII ":" after Chinese labels)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", pgettext("label separator", "："))
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            plain_messages(field)


class PlainMessagesAdmin:
    """ModelAdmin mixin: the admin's forms for the model get the same plain messages."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            plain_messages(field)
        return field

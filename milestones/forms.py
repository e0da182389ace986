"""The form a city admin records a key project's progress with."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from milestones import files as evidence_files
from milestones.services import progress_problems, upload_problems
from shangqiu_cbec.plaintext import LONG_NOTE_MAX_LENGTH, normalise_newlines, text_problem
from targets.models import MilestoneStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``milestones.files`` when the form is cleaned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": evidence_files.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [upload for upload in data if upload]
        return [data] if data else []


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[(value, _(label)) for value, label in MilestoneStatus.choices],
        error_messages={"required": _("请选择状态。"), "invalid_choice": _("状态只能是未启动、推进中或已完成。")},
    )
    reached_on = forms.DateField(
        label=_("完成日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("状态为“已完成”时必填，不能晚于今天。"),
        error_messages={"invalid": _("完成日期无效，请按 2017-06-30 的格式填写。")},
    )
    note = forms.CharField(
        label=_("进展说明"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明做了什么、到了哪一步、有什么佐证（批复文号、验收日期等）。"),
        error_messages={"required": _("请填写进展说明。")},
    )
    uploads = MultipleFileField(label=_("佐证附件"), required=False)

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone
        self.fields["uploads"].help_text = _(
            "可选，可多选：%(kinds)s，每个文件不超过%(size)s，每次最多%(count)s个。"
        ) % {
            "kinds": evidence_files.allowed_kinds_text(),
            "size": filesizeformat(evidence_files.max_bytes()),
            "count": evidence_files.max_count(),
        }

    def clean_note(self):
        note = normalise_newlines(self.cleaned_data["note"]).strip()
        if not note:
            raise forms.ValidationError(_("请填写进展说明。"), code="required")
        problem = text_problem(note, label=str(_("进展说明")), max_length=LONG_NOTE_MAX_LENGTH, multiline=True)
        if problem:
            raise forms.ValidationError(problem, code="plain_text")
        return note

    def clean_uploads(self):
        uploads = self.cleaned_data["uploads"]
        if problems := upload_problems(uploads):
            raise forms.ValidationError(problems)
        return uploads

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned and "reached_on" not in self.errors:
            problems = progress_problems(
                self.milestone,
                status=cleaned["status"],
                reached_on=cleaned.get("reached_on"),
                today=timezone.localdate(),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from signin.twofactor import normalise


class CodeForm(forms.Form):
    """The second step of signing in: a 6-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("验证码或恢复码"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
        error_messages={"required": _("请输入验证器应用中显示的6位验证码，或一个恢复码。")},
    )

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(self.fields["code"].error_messages["required"])
        if not (code.isdigit() and len(code) == 6) and not (code.isalnum() and len(code) == 8):
            raise forms.ValidationError(_("验证码是6位数字，恢复码是8位字母和数字；请检查后重新输入。"))
        return code


class EnrolForm(forms.Form):
    """Confirming a new authenticator: the 6-digit code it shows now."""

    code = forms.CharField(
        label=_("验证器应用显示的6位验证码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("请输入验证器应用中显示的6位验证码。")},
    )

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("验证码是验证器应用中显示的6位数字，请检查后重新输入。"))
        return code

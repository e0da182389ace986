"""The profile form: the user's own display name, email address and language."""

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from shangqiu_cbec.form_messages import PlainMessages


class ProfileForm(PlainMessages, forms.ModelForm):
    language = forms.ChoiceField(label=_("语言（界面和邮件）"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ["first_name", "email"]
        labels = {"first_name": _("姓名"), "email": _("电子邮箱")}
        help_texts = {"email": _("通知邮件发到这个地址；留空则不发邮件，只在站内通知中显示。")}

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        self.fields["email"].error_messages["invalid"] = _("请输入有效的电子邮箱地址，例如 name@example.com。")
        self.fields["first_name"].max_length = 150

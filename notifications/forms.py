"""The notification settings: for each kind that concerns the user, inbox and email on or off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.models import Preference
from notifications.services import channels


class PreferencesForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds.kinds_for(user)
        saved = {p.kind: p for p in Preference.objects.filter(user=user)}
        for kind in self.kinds:
            if kind.always:  # shown as always sent; nothing to choose
                continue
            inbox, email = channels(user, kind, saved.get(kind.code))
            for channel, label, value in (("inbox", _("站内"), inbox), ("email", _("邮件"), email)):
                widget = forms.CheckboxInput(attrs={"aria-label": f"{kind.label} · {label}"})
                self.fields[f"{kind.code}__{channel}"] = forms.BooleanField(
                    label=label, required=False, initial=value, widget=widget
                )

    def rows(self):
        """(kind, inbox field, email field) for the template's table."""
        return [
            (k, None, None) if k.always else (k, self[f"{k.code}__inbox"], self[f"{k.code}__email"]) for k in self.kinds
        ]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {k.code: (data[f"{k.code}__inbox"], data[f"{k.code}__email"]) for k in self.kinds if not k.always}

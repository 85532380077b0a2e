from django import forms
from django.utils.translation import gettext_lazy as _

from somevakt.sources.models import Channel


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), max_length=63206, widget=forms.Textarea(attrs={"rows": 8})
    )
    channels = forms.ModelMultipleChoiceField(
        label=_("Channels"),
        queryset=Channel.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one channel to publish to.")},
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at (Norwegian time)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: as soon as it is approved."),
    )
    is_crisis = forms.BooleanField(
        label=_("Crisis message (K1): shown as the banner on the public page"), required=False
    )

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels
        self.fields["channels"].label_from_instance = lambda channel: (
            f"{channel.name} ({channel.get_platform_display()})"
        )


class UpdateForm(forms.Form):
    text = forms.CharField(label=_("New version"), widget=forms.Textarea(attrs={"rows": 6}))


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=2000)

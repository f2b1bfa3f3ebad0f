from __future__ import annotations

from django import forms

from baolian.dashboard.models import RankingSettings


class RankingSettingsForm(forms.ModelForm):
    class Meta:
        model = RankingSettings
        exclude: list[str] = []

"""Forms of the support pages: parse and label; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from baolian.support.models import Category, MeasureState
from baolian.support.money import AmountInvalid, parse_yuan


class DateInput(forms.DateInput):
    """A browser date picker. It only takes ISO dates: the Chinese locale's own format
    (2021/06/30) would leave it empty, losing the date a form was filled with."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs, format=format or "%Y-%m-%d")


class MeasureForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))  # type: ignore[arg-type]
    community = forms.ModelChoiceField(queryset=None, label=_("Community"))  # type: ignore[arg-type]
    given_on = forms.DateField(label=_("Date"), widget=DateInput)
    category = forms.ChoiceField(choices=Category.choices, label=_("Category"))
    content = forms.CharField(
        label=_("Content"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.CharField(
        label=_("Amount (yuan)"),
        required=False,
        max_length=30,
        help_text=_("Exact yuan, e.g. 12,345.60; may be empty for coordination."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    state = forms.ChoiceField(choices=MeasureState.choices, label=_("State"))
    problems = forms.ModelMultipleChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label=_("Problems it addresses"),
    )

    def __init__(
        self, *args: object, units: object, communities: object, problems: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["problems"].queryset = problems  # type: ignore[attr-defined]

    def clean_amount(self) -> Decimal | None:
        try:
            return parse_yuan(self.cleaned_data.get("amount"))
        except AmountInvalid as exc:
            raise forms.ValidationError(str(exc.reason)) from None

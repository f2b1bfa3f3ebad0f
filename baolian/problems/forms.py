"""Forms of the problem pages: they parse and label input; the services decide."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baolian.lib.choices import STREETS_MAX, QuickSelect, offer_few, parse_id
from baolian.problems.models import ProblemState, StandardItem


class DateInput(forms.DateInput):
    """A browser date picker. It only takes ISO dates: the Chinese locale's own format
    (2021/06/30) would leave it empty, losing the date a form was filled with."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs, format=format or "%Y-%m-%d")


class ProblemForm(forms.Form):
    community = forms.ModelChoiceField(queryset=None, label=_("Community"))  # type: ignore[arg-type]
    standard_item = forms.ModelChoiceField(
        queryset=StandardItem.objects.all(), required=False, label=_("Standard item")
    )
    description = forms.CharField(
        label=_("Problem"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("Exact place"), max_length=200, required=False)
    found_on = forms.DateField(label=_("Found on"), widget=DateInput)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    responsible = forms.CharField(label=_("Responsible party"), max_length=200, required=False)
    supporting_unit = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label=_("Supporting unit"),
    )

    def __init__(self, *args: object, communities: object, units: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["supporting_unit"].queryset = units  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("", _("All states"))] + list(ProblemState.choices),
        required=False,
        widget=QuickSelect,
    )
    category = forms.ModelChoiceField(
        queryset=StandardItem.objects.filter(level=StandardItem.Level.CATEGORY),
        required=False,
        empty_label=_("All categories"),
        widget=QuickSelect,
    )
    street = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("All streets"))  # type: ignore[arg-type]
    community = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label=_("All communities"),
    )
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    q = forms.CharField(required=False, max_length=50)

    def __init__(self, *args: object, streets: object, communities: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["street"].queryset = streets  # type: ignore[attr-defined]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        # Bounded drop-downs on a province-size roster: the communities of the chosen street,
        # or all of them when they are few (baolian.lib.choices).
        street = parse_id(self.data.get("street"))
        rows = cast(QuerySet, communities)
        offer_few(
            self.fields["street"],
            streets,  # type: ignore[arg-type]
            chosen=self.data.get("street"),
            blank=str(_("All streets")),
            crowded=str(_("All streets")),
            most=STREETS_MAX,
        )
        offer_few(
            self.fields["community"],
            rows.filter(street_id=street) if street is not None else rows,
            chosen=self.data.get("community"),
            blank=str(_("All communities")),
            crowded=str(_("All communities (choose a street to pick one)")),
        )


class StandardItemForm(forms.ModelForm):
    class Meta:
        model = StandardItem
        fields = ["title", "uncertain"]


class NewCheckForm(forms.ModelForm):
    """A checklist entry the office adds under an item of the standard."""

    class Meta:
        model = StandardItem
        fields = ["parent", "title"]
        labels = {"parent": _("Under the standard item"), "title": _("Checklist entry")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        parent = self.fields["parent"]
        parent.required = True
        parent.queryset = StandardItem.objects.filter(level=StandardItem.Level.ITEM)  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        from baolian.problems.standard import match_key

        title = self.cleaned_data["title"].strip()
        if any(match_key(e.title) == match_key(title) for e in StandardItem.objects.all()):
            raise forms.ValidationError(_("The catalogue already has an entry of this wording."))
        return title

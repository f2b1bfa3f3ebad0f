"""Forms of the visit pages: parse and bound input; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baolian.accounts.scoping import Scope, visible
from baolian.lib.choices import STREETS_MAX, QuickSelect, offer_few
from baolian.lib.choices import parse_id as _id
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from baolian.visits.models import Confirmation, FlagKind, FlagReview, Visit, VisitKind
from baolian.visits.selectors import VisitFilters


class PairingChoice(forms.ModelChoiceField):
    def __init__(self, *args: object, with_unit: bool, **kwargs: object) -> None:
        self.with_unit = with_unit
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Pairing) -> str:
        place = f"{obj.community.name}（{obj.community.street.name}）"
        return f"{obj.unit.name} — {place}" if self.with_unit else place


class VisitReportForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    pairing = PairingChoice(
        queryset=Pairing.objects.none(), label=_("Community"), with_unit=False, empty_label=None
    )
    visited_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    leader = forms.ModelChoiceField(
        queryset=Leader.objects.all(),
        required=False,
        label=_("Led by a municipal leader"),
        empty_label=_("no municipal leader"),
    )
    unit_head_led = forms.BooleanField(required=False, label=_("Led by the unit's head"))
    participants = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10000,
        label=_("Participants"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kinds = forms.TypedMultipleChoiceField(
        choices=VisitKind.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kinds of work"),
    )
    summary = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    findings = forms.CharField(
        label=_("Problems found"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    latitude = forms.DecimalField(
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
    )
    longitude = forms.DecimalField(
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    accuracy = forms.IntegerField(
        required=False, min_value=0, max_value=100000, widget=forms.HiddenInput
    )

    def __init__(self, *args: object, scope: Scope, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        pairings = Pairing.objects.select_related("unit", "community__street")
        if not scope.sees_everything:
            pairings = pairings.filter(unit_id=scope.unit_id)
        pairings = pairings.order_by(
            "unit__sort_order", "community__street__sort_order", "community__sort_order"
        )
        field = self.fields["pairing"]
        field.queryset = pairings
        field.with_unit = scope.sees_everything
        if scope.sees_everything:
            field.label = _("Unit and community")
        if not self.is_bound:
            self.initial.setdefault("visited_on", timezone.localdate())
            only = list(pairings[:2])
            if len(only) == 1:
                self.initial.setdefault("pairing", only[0].pk)

    def clean(self) -> dict[str, object]:
        data = super().clean()
        # Round to 6 places: browsers give 15 digits, the model keeps metres' worth.
        for name in ("latitude", "longitude"):
            value = data.get(name)
            if isinstance(value, Decimal):
                data[name] = value.quantize(Decimal("0.000001"))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            data["latitude"] = data["longitude"] = None
        return data


def _choices_with_blank(choices: list[tuple[object, str]]) -> list[tuple[object, str]]:
    return [("", "—"), *choices]


class VisitFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False, label=_("From date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    street = forms.ModelChoiceField(
        queryset=Street.objects.none(), required=False, label=_("Street")
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(), required=False, label=_("Community")
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"))
    leader = forms.ModelChoiceField(
        queryset=Leader.objects.none(), required=False, label=_("Leader")
    )
    kind = forms.TypedChoiceField(
        choices=_choices_with_blank(VisitKind.choices),
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Kind of work"),
        widget=QuickSelect,
    )
    flag = forms.ChoiceField(
        choices=[("", "—"), ("any", _("any flag to review")), *FlagKind.choices],
        required=False,
        label=_("Flag"),
        widget=QuickSelect,
    )
    confirmation = forms.ChoiceField(
        choices=_choices_with_blank(Confirmation.choices),
        required=False,
        label=_("Confirmation"),
        widget=QuickSelect,
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = visible(user, Street.objects.all())
        self.fields["community"].queryset = visible(
            user, Community.objects.select_related("street")
        )
        self.fields["unit"].queryset = visible(user, Unit.objects.all())
        self.fields["leader"].queryset = visible(user, Leader.objects.all())
        self._offer_few()

    def _offer_few(self) -> None:
        """Drop-downs bounded on a province-size roster: communities of the chosen street,
        units of the chosen leader, or all of them when they are few (baolian.lib.choices)."""
        fields, data = self.fields, self.data
        street, leader = _id(data.get("street")), _id(data.get("leader"))
        offer_few(
            fields["street"],
            fields["street"].queryset,
            chosen=data.get("street"),
            blank="—",
            crowded="—",
            most=STREETS_MAX,
        )
        communities = fields["community"].queryset
        if street is not None:
            communities = communities.filter(street_id=street)
        offer_few(
            fields["community"],
            communities,
            chosen=data.get("community"),
            blank="—",
            crowded=str(_("— choose a street first —")),
        )
        units = fields["unit"].queryset
        if leader is not None:
            units = units.filter(pairings__leader_id=leader).distinct()
        offer_few(
            fields["unit"],
            units,
            chosen=data.get("unit"),
            blank="—",
            crowded=str(_("— choose a leader first —")),
        )
        offer_few(
            fields["leader"],
            fields["leader"].queryset,
            chosen=data.get("leader"),
            blank="—",
            crowded="—",
            most=STREETS_MAX,
        )

    def filters(self) -> VisitFilters:
        """The valid filters; a filter that did not validate is left out, not an error page."""
        self.is_valid()  # a field that did not validate is left out of cleaned_data
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            obj = data.get(name)
            return obj.pk if obj is not None else None

        return VisitFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            street=pk("street"),
            community=pk("community"),
            unit=pk("unit"),
            leader=pk("leader"),
            kind=data.get("kind"),
            flag=data.get("flag") or None,
            confirmation=data.get("confirmation") or None,
        )


class VisitEditForm(forms.ModelForm):
    """What the editor may correct after sending (rules.can_edit_visit): the facts, the date
    within the pairing's dates, and the photos (added, or taken off). The unit and the
    community stay: a visit to the wrong place is deleted and reported again."""

    kinds = forms.TypedMultipleChoiceField(
        choices=VisitKind.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kinds of work"),
    )
    remove_photos = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Take these photos off the visit"),
    )

    class Meta:
        model = Visit
        fields = ["visited_on", "leader", "unit_head_led", "participants", "summary", "findings"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].initial = [int(kind) for kind in self.instance.kind_list]
        self.fields["visited_on"].required = False  # left out: the date stays as it was
        remove = self.fields["remove_photos"]
        remove.queryset = self.instance.photos.order_by("pk")
        remove.label_from_instance = lambda photo: photo.original_name or f"#{photo.pk}"

    def clean_summary(self) -> str:
        return self.cleaned_data["summary"].strip()

    def clean_findings(self) -> str:
        return self.cleaned_data["findings"].strip()


class ConfirmForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("dispute", _("Dispute"))])
    reason = forms.CharField(
        required=False, max_length=5000, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    review = forms.ChoiceField(
        choices=[
            (FlagReview.ACCEPTED, FlagReview.ACCEPTED.label),
            (FlagReview.PROBLEM, FlagReview.PROBLEM.label),
        ],
        widget=forms.RadioSelect,
        label=_("Judgement"),
    )
    comment = forms.CharField(
        required=False,
        max_length=5000,
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

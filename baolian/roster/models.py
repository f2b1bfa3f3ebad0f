"""The roster: who is paired with whom (DESIGN §2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from baolian.lib.text import community_key, name_key

if TYPE_CHECKING:
    from baolian.accounts.scoping import Scope


class StreetQuerySet(models.QuerySet["Street"]):
    def visible_to(self, scope: Scope) -> StreetQuerySet:
        if scope.sees_everything:
            return self
        return self.filter(scope.within("pk", "street"))


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible_to(self, scope: Scope) -> CommunityQuerySet:
        if scope.sees_everything:
            return self
        if scope.street_id is not None:
            # The whole street, paired or not: a street officer's pairings are all in it.
            return self.filter(street_id=scope.street_id)
        return self.filter(scope.within("pk", "community"))


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, scope: Scope) -> UnitQuerySet:
        if scope.sees_everything:
            return self
        return self.filter(scope.within("pk", "unit"))


class LeaderQuerySet(models.QuerySet["Leader"]):
    def visible_to(self, scope: Scope) -> LeaderQuerySet:
        if scope.sees_everything:
            return self
        return self.filter(scope.within("pk", "leader"))


class Street(models.Model):
    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", _("Subdistrict")
        TOWN = "town", _("Town")

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SUBDISTRICT)
    district = models.CharField(_("district"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    objects = StreetQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("street / town")
        verbose_name_plural = _("streets / towns")

    def __str__(self) -> str:
        return self.name

    def refresh_key(self) -> None:
        self.key = name_key(self.name)


class Community(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community")
        VILLAGE = "village", _("Village")

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMUNITY)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        # street_id breaks ties between streets of equal order, so that the database can walk
        # streets in order and each street's communities by the index below, instead of
        # sorting a province's 50,000 communities for every page of the list.
        ordering = ["street__sort_order", "street_id", "sort_order", "id"]
        verbose_name = _("community / village")
        verbose_name_plural = _("communities / villages")
        indexes = [
            models.Index(fields=["street", "sort_order", "id"], name="community_roster_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["street", "key"], name="community_unique_in_street"),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_key(self) -> None:
        self.key = community_key(self.name)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Unit(models.Model):
    """A municipal unit; `sort_order` is its place in the official roster."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)
    category = models.CharField(_("category"), max_length=50, blank=True)
    liaison_name = models.CharField(_("liaison"), max_length=50, blank=True)
    liaison_phone = models.CharField(_("phone"), max_length=30, blank=True)
    sort_order = models.PositiveIntegerField(_("official order"), default=0, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def refresh_key(self) -> None:
        self.key = name_key(self.name)


class Leader(models.Model):
    name = models.CharField(_("name"), max_length=50)
    key = models.CharField(max_length=50, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    objects = LeaderQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self) -> str:
        return self.name

    def refresh_key(self) -> None:
        self.key = name_key(self.name)


class PairingQuerySet(models.QuerySet["Pairing"]):
    def active_between(self, start: date, end: date) -> PairingQuerySet:
        """Pairings active on at least one day of [start, end] (both inclusive)."""
        return self.filter(started_on__lte=end).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=start)
        )

    def visible_to(self, scope: Scope) -> PairingQuerySet:
        if scope.sees_everything:
            return self
        return self.filter(scope.within("pk", "pairing"))


class PairingState(models.TextChoices):
    UPCOMING = "upcoming", _("not started")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class Pairing(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("unit")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("community")
    )
    leader = models.ForeignKey(
        Leader,
        on_delete=models.PROTECT,
        related_name="pairings",
        null=True,
        blank=True,
        verbose_name=_("leader"),
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["unit__sort_order", "community__street__sort_order", "community__sort_order"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "community"], name="pairing_unique"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.community}"

    def state_on(self, day: date) -> PairingState:
        return pairing_state(self.started_on, self.ended_on, day)


def pairing_state(started_on: date, ended_on: date | None, day: date) -> PairingState:
    """A pairing's state on `day` from its dates alone (lists read dates, not whole rows)."""
    if day < started_on:
        return PairingState.UPCOMING
    if ended_on is not None and day > ended_on:
        return PairingState.ENDED
    return PairingState.ACTIVE


class CampaignSettings(models.Model):
    """The campaign's own numbers (DESIGN §4); one row."""

    city_name = models.CharField(_("city"), max_length=50, default="")
    office_name = models.CharField(_("office"), max_length=100, default="")
    monthly_quota = models.DecimalField(
        _("visits per month required"), max_digits=4, decimal_places=1, default=Decimal(3)
    )
    low_line = models.DecimalField(
        _("seriously behind below"), max_digits=4, decimal_places=1, default=Decimal(1)
    )
    late_report_days = models.PositiveSmallIntegerField(_("days allowed to report"), default=3)
    campaign_started_on = models.DateField(_("campaign start"), null=True, blank=True)
    # Evidence checks (visits): a photo or a submission farther than this from the community.
    far_radius_m = models.PositiveIntegerField(
        _("distance allowed from the community (m)"), default=1000
    )
    # A visit the community has not confirmed within this many days is flagged.
    confirm_within_days = models.PositiveSmallIntegerField(_("days to confirm a visit"), default=7)
    # A visit whose findings and measures are empty and whose summary is shorter than this is
    # "photo-only" (走过场、拍照片).
    photo_only_below_chars = models.PositiveSmallIntegerField(
        _("a summary shorter than this is photo-only"), default=20
    )
    # A planned support measure with no progress for this many days is "not followed up".
    support_idle_days = models.PositiveSmallIntegerField(
        _("days before a planned measure counts as not followed up"), default=30
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    demo_seed = models.IntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign settings")
        verbose_name_plural = _("campaign settings")

    def __str__(self) -> str:
        return str(_("campaign settings"))

    @classmethod
    def load(cls) -> CampaignSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

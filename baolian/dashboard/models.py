"""The office's settings for the unit scorecard and the red and black lists (红黑榜)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEIGHT = {
    "max_digits": 5,
    "decimal_places": 1,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}


class RankingSettings(models.Model):
    """One row. Weights are relative: the score is their weighted mean, out of 100."""

    weight_quota = models.DecimalField(_("weight: quota attainment"), default=40, **WEIGHT)
    weight_leader = models.DecimalField(_("weight: leader-led visits"), default=15, **WEIGHT)
    weight_timeliness = models.DecimalField(_("weight: timely reporting"), default=15, **WEIGHT)
    weight_evidence = models.DecimalField(_("weight: evidence quality"), default=10, **WEIGHT)
    weight_problems = models.DecimalField(_("weight: problems cleared"), default=10, **WEIGHT)
    weight_support = models.DecimalField(_("weight: support given"), default=10, **WEIGHT)
    red_min_score = models.DecimalField(_("red list: score at least"), default=85, **WEIGHT)  # 红榜
    red_needs_quota = models.BooleanField(
        _("red list: only units that met the quota"), default=True
    )
    black_max_score = models.DecimalField(
        _("black list: score below"), default=50, **WEIGHT
    )  # 黑榜
    black_below_low_line = models.BooleanField(
        _("black list: every unit below the low line"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ranking settings")
        verbose_name_plural = _("ranking settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(black_max_score__lte=models.F("red_min_score")),
                name="black_line_below_red_line",
            )
        ]

    def __str__(self) -> str:
        return str(_("ranking settings"))

    @classmethod
    def load(cls) -> RankingSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    def weights(self) -> dict[str, Decimal]:
        return {
            "quota": self.weight_quota,
            "leader": self.weight_leader,
            "timeliness": self.weight_timeliness,
            "evidence": self.weight_evidence,
            "problems": self.weight_problems,
            "support": self.weight_support,
        }


class FiguresVersion(models.Model):
    """One row whose counter moves on every write that changes a figure (see cache.py).

    In the database, not in the cache: each server process has its own local-memory cache,
    and a bump must reach them all.
    """

    counter = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("figures version")

    def __str__(self) -> str:
        return str(self.counter)

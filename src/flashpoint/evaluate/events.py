"""Event scoring: exact (source, type, target, status) matches, plus dyad and QuadClass."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flashpoint.evaluate.counts import Counts
from flashpoint.evaluate.matching import match
from flashpoint.evaluate.quadclass import quadclass

STATUS_DEFAULT = "asserted"


def accepted(value: Any) -> set[Any]:
    """The acceptable values of a gold field (a value or a list of alternatives)."""
    if isinstance(value, list):
        return {v.upper() if isinstance(v, str) else v for v in value} or {None}
    return {value.upper() if isinstance(value, str) else value}


def normalise(value: Any) -> Any:
    """A system value in comparable form (a list, which only gold may hold, never matches)."""
    if isinstance(value, list):
        return tuple(value)
    return value.upper() if isinstance(value, str) else value


def type_label(value: Any) -> str:
    """Per-type key of a system event's type (malformed values get their own key)."""
    return value.upper() if isinstance(value, str) else str(value)


def status(event: dict[str, Any]) -> str:
    return str(event.get("status") or STATUS_DEFAULT).lower()


def primary_type(event: dict[str, Any]) -> str:
    """The first listed type of a gold event (its type for per-type misses)."""
    value = event.get("type")
    return normalise(value[0] if isinstance(value, list) and value else value)


def same_dyad(g: dict[str, Any], s: dict[str, Any]) -> bool:
    return (
        normalise(s.get("source")) in accepted(g.get("source"))
        and normalise(s.get("target")) in accepted(g.get("target"))
        and status(s) == status(g)
    )


def exact(g: dict[str, Any], s: dict[str, Any]) -> float | None:
    ok = same_dyad(g, s) and normalise(s.get("type")) in accepted(g.get("type"))
    return 1.0 if ok else None


def dyad(g: dict[str, Any], s: dict[str, Any]) -> float | None:
    return 1.0 if same_dyad(g, s) else None


def quad(g: dict[str, Any], s: dict[str, Any]) -> float | None:
    classes = {quadclass(t) for t in accepted(g.get("type"))}
    return 1.0 if same_dyad(g, s) and quadclass(s.get("type")) in classes else None


@dataclass
class EventScores:
    exact: Counts = field(default_factory=Counts)
    dyad: Counts = field(default_factory=Counts)
    quadclass: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    per_status: dict[str, Counter] = field(default_factory=dict)

    def add_document(self, gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> None:
        optional = [bool(g.get("optional")) for g in gold]
        pairs = self._count(self.exact, gold, system, optional, exact)
        self._count(self.dyad, gold, system, optional, dyad)
        self._count(self.quadclass, gold, system, optional, quad)
        self._per_type(gold, system, optional, pairs)
        self._per_status(gold, system, optional, pairs)

    @staticmethod
    def _count(counts, gold, system, optional, compatible) -> list[tuple[int, int]]:
        pairs = match(gold, system, compatible, optional)
        hits = sum(1 for i, _ in pairs if not optional[i])
        counts.add(
            Counts(
                tp=hits,
                fp=len(system) - len(pairs),
                fn=sum(1 for o in optional if not o) - hits,
            )
        )
        return pairs

    def _type(self, name: str) -> Counts:
        return self.per_type.setdefault(name, Counts())

    def _per_type(self, gold, system, optional, pairs) -> None:
        matched_gold = {i for i, _ in pairs}
        matched_system = {j for _, j in pairs}
        for i, j in pairs:
            if not optional[i]:
                self._type(type_label(system[j].get("type"))).tp += 1
        for j, s in enumerate(system):
            if j not in matched_system:
                self._type(type_label(s.get("type"))).fp += 1
        for i, g in enumerate(gold):
            if i not in matched_gold and not optional[i]:
                self._type(type_label(primary_type(g))).fn += 1

    def _per_status(self, gold, system, optional, pairs) -> None:
        for i, g in enumerate(gold):
            if not optional[i]:
                self.per_status.setdefault(status(g), Counter())["gold"] += 1
        for s in system:
            self.per_status.setdefault(status(s), Counter())["system"] += 1
        for i, j in pairs:
            if not optional[i]:
                self.per_status.setdefault(status(system[j]), Counter())["matched"] += 1

    def as_dict(self) -> dict[str, Any]:
        per_type = {t: c.as_dict() for t, c in sorted(self.per_type.items())}
        macro = sum(c.f1 for c in self.per_type.values()) / len(self.per_type) if per_type else 0.0
        statuses = {
            name: {k: counter.get(k, 0) for k in ("gold", "system", "matched")}
            for name, counter in sorted(self.per_status.items())
        }
        return {
            **self.exact.as_dict(),
            "dyad": self.dyad.as_dict(),
            "quadclass": self.quadclass.as_dict(),
            "macro_f1": round(macro, 4),
            "per_type": per_type,
            "per_status": statuses,
        }

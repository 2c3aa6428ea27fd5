"""The explorer's deadline timeline: the dated duties of the graph (policykg.due), each judged as
of one day, grouped so that a document, a task or a body shows its own due dates in order.

The duties come from `policykg.due.duties` through the Store, so a graph file, an Oxigraph store
and an endpoint give the same timeline. A recurring duty is expanded from its document's date
to `YEARS` years after (a 2021 letter asking for a report every six months shows four, not one
for every half-year up to the day the page is read); a one-off date is shown wherever it falls."""

from __future__ import annotations

import datetime as dt

from ..due import Duty, duties
from ..sparql import Store
from .model import Doc, Model

YEARS = 2
# one-off dates are kept this many years past the latest document; recurring ones stop at YEARS
_ONE_OFF_YEARS = 10


def _plus_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def window(doc_date: dt.date, years: int = YEARS) -> tuple[dt.date, dt.date]:
    """The span a document's recurring duties are expanded over: its date to `years` after."""
    return doc_date, _plus_years(doc_date, years)


def read_due(store: Store, docs: dict[str, Doc], as_of: dt.date, years: int = YEARS) -> list[Duty]:
    """Every dated duty of the store's documents, with its status as of `as_of`, recurring ones
    inside their document's window (`window`); a document without a date takes the corpus's span."""
    dates = [dt.date.fromisoformat(d.date) for d in docs.values() if _iso(d.date)]
    if not dates:
        first = last = as_of
    else:
        first, last = min(dates), max(dates)
    end = max(_plus_years(last, years), as_of)
    found = duties(store, first, _plus_years(end, _ONE_OFF_YEARS - years), as_of=as_of)
    out = []
    for x in found:
        if x.recurrence is None:
            out.append(x)
            continue
        lo, hi = window(x.document_date, years) if x.document_date else (first, end)
        if lo <= x.date <= hi:
            out.append(x)
    return out


def _iso(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def with_due(model: Model, store: Store, as_of: dt.date, years: int = YEARS) -> Model:
    """The model with its duties read (`read_due`) as of `as_of`; returns the same model."""
    model.due = read_due(store, model.docs, as_of, years)
    model.as_of = as_of.isoformat()
    model.due_years = years
    return model

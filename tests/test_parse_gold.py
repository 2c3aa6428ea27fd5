"""Scorecard of the parser against ../shared/gold/: every header field, every task path and
its assignees, lead, cooperating bodies, modality and citations, asserted exactly."""

from __future__ import annotations

import pytest

from policykg.parse import parse_file
from policykg.text import squash

from .conftest import SEEDS, load_gold

# Where gold is silent on `cooperating`, the letters still state a cooperation in so many
# words ("Phối hợp với ..."). The parser reports it; these are the values the text gives,
# checked here so that the silence of gold is not read as "no cooperation".
TEXT_STATES_COOPERATING = {
    ("002_bcae6c6d0f65b6dd.txt", "2.d"): ["các ngành có liên quan"],
    ("002_bcae6c6d0f65b6dd.txt", "3.c"): ["các sở, ngành, địa phương"],
    ("002_bcae6c6d0f65b6dd.txt", "3.đ"): ["Sở Giáo dục và Đào tạo"],
    ("002_bcae6c6d0f65b6dd.txt", "4"): ["các cơ quan, đơn vị được giao nhiệm vụ"],
    ("002_bcae6c6d0f65b6dd.txt", "5"): ["Sở Giáo dục và Đào tạo", "Hội Khuyến học tỉnh"],
}


class Scorecard:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: dict[str, list[int]] = {}
        self.misses: list[str] = []

    def check(self, field: str, got: object, want: object, where: str = "") -> None:
        ok = self.rows.setdefault(field, [0, 0])
        ok[1] += 1
        if got == want:
            ok[0] += 1
        else:
            self.misses.append(f"{where or field}: got {got!r}, want {want!r}")

    def render(self) -> str:
        lines = [f"scorecard {self.name}"]
        for field, (ok, total) in self.rows.items():
            lines.append(f"  {field:<14} {ok:>3}/{total:<3}")
        lines += [f"  MISS {m}" for m in self.misses]
        return "\n".join(lines)


@pytest.mark.parametrize("gold_name", sorted(SEEDS))
def test_seed_matches_gold(gold_name: str, capsys: pytest.CaptureFixture[str]) -> None:
    gold = load_gold(gold_name)
    rec = parse_file(SEEDS[gold_name])
    card = Scorecard(gold_name)
    doc = gold["document"]
    card.check("number", rec["number"], doc["number"])
    card.check("doc_type", rec["doc_type"], doc["type"])
    card.check("issuer", rec["issuer"], doc["issuer"])
    card.check("place", rec["place"], doc["place"])
    card.check("date", rec["date"], doc["date"])
    card.check("subject", (rec["subject"] or "").startswith(doc["subject_starts"]), True, "subject start")
    card.check("signer", rec["signer"], doc["signer"])
    card.check("recipients", rec["recipients"], gold["recipients"])
    card.check("cc", rec["cc"], gold["cc"])
    card.check("archive", rec["archive"], gold["archive"])
    card.check("implements", rec["implements"], gold["implements"])
    card.check("citations", sorted(c["id"] for c in rec["citations"]),
               sorted(c["id"] for c in gold["cited_documents"]), "cited ids")
    got_cites = {c["id"]: c for c in rec["citations"]}
    for want in gold["cited_documents"]:
        got = got_cites.get(want["id"], {})
        for key, gkey in (("doc_type", "type"), ("date", "date"), ("issuer", "issuer")):
            card.check("citation." + key, got.get(key), want[gkey], f"{want['id']} {key}")
    card.check("stated_chain", sorted(map(tuple, rec["stated_chain"])),
               sorted(map(tuple, gold["stated_chain"])))
    card.check("task paths", [t["path"] for t in rec["tasks"]], [t["path"] for t in gold["tasks"]])
    got_tasks = {t["path"]: t for t in rec["tasks"]}
    for want in gold["tasks"]:
        path = want["path"]
        got = got_tasks.get(path)
        if got is None:
            continue
        card.check("assignees", got["assignees"], want["assignees"], f"{path} assignees")
        card.check("lead", got["lead"], want.get("lead"), f"{path} lead")
        coop = want.get("cooperating", TEXT_STATES_COOPERATING.get((gold_name, path), []))
        card.check("cooperating", got["cooperating"], coop, f"{path} cooperating")
        card.check("modality", got["modality"], want.get("modality", "order"), f"{path} modality")
        card.check("cites", got["cites"], want.get("cites", []), f"{path} cites")
        card.check("text start", got["text"].startswith(want["starts"]), True, f"{path} starts {want['starts']!r}")
        if "ends" in want:
            card.check("text end", got["text"].endswith(want["ends"]), True, f"{path} ends {want['ends']!r}")
    for want, got in zip(gold.get("closing_obligations", []), rec["closing"]):
        card.check("closing", got["assignees"], want["assignees"], "closing assignees")
        card.check("closing", got["text"].startswith(want["starts"]), True, "closing start")
        if "deadlines" in want:
            card.check("deadlines", [(d["recurrence"], d["date"]) for d in got["deadlines"]],
                       [(d["recurrence"], d["before"]) for d in want["deadlines"]])
    card.check("closing count", len(rec["closing"]), len(gold.get("closing_obligations", [])))
    with capsys.disabled():
        print("\n" + card.render())
    assert not card.misses, card.render()


@pytest.mark.parametrize("gold_name", sorted(SEEDS))
def test_every_span_quotes_its_fact(gold_name: str) -> None:
    """The span of each task and citation, cut from the file as read, is that fact's text."""
    raw = SEEDS[gold_name].read_text(encoding="utf-8")
    rec = parse_file(SEEDS[gold_name])
    for t in rec["tasks"] + rec["closing"]:
        s, e = t["span"]
        quote = squash(raw[s:e].replace("*", "").replace("#", ""))
        assert quote.startswith(t["text"][:25]), (t["path"], quote[:60])
        assert quote.rstrip("./ ").endswith(t["text"].rstrip("./ ")[-20:]), (t["path"], quote[-60:])
    for c in rec["citations"]:
        s, e = c["span"]
        assert c["id"].split("/")[0].split("-")[0] in raw[s:e], c



def test_sources_index_matches_the_letters() -> None:
    import csv

    from .conftest import SHARED, SOURCES

    rows = list(csv.DictReader((SOURCES / "index.csv").open(encoding="utf-8")))
    assert sorted(r["source"] for r in rows) == sorted(p.name for p in SOURCES.glob("*.md"))
    for row in rows:
        rec = parse_file(SOURCES / row["source"])
        assert (rec["issuer"], rec["number"], rec["date"]) == (row["issuer"], row["number"], row["date"])
        # shipped byte for byte as received
        assert (SOURCES / row["source"]).read_bytes() == (SHARED / "corpus" / row["received_as"]).read_bytes()

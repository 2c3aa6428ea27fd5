"""Aligning tasks of different letters that carry the same higher-level task.

Letters implementing one directive repeat its tasks in near-identical words; the directive's
own text is not in the corpus. Tasks are compared by TF-IDF over syllable n-grams (Vietnamese
words are syllables separated by spaces, so no segmenter is needed), with the kind of
assignee as a soft constraint: a pair across different kinds of body needs a higher score.
Pairs are kept when strong, or when each is the other's best match; connected pairs form
one shared task, so a third letter joins the groups already there."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .text import nfc

# Calibrated on the two seed letters against ../shared/gold/alignment.json: precision and
# recall are 1.0 over a plateau (STRONG 0.26-0.32, MUTUAL 0.12-0.20, penalty 0.10-0.12);
# these sit in its middle, so a third letter is not at the mercy of a knife-edge threshold.
STRONG = 0.30
MUTUAL = 0.16
CROSS_KIND_PENALTY = 0.11
# Average similarity, across letters, for a task or group to join a group. At MUTUAL the seeds
# group exactly as gold implies (1.4 and 7.3 share 6.d); higher values split such groups.
GROUP_LINK = MUTUAL
NGRAMS = (1, 2, 3)


@dataclass(frozen=True)
class TaskRef:
    """A task as alignment sees it: its letter, path, text and kinds of assignee."""

    letter: str  # any key naming the letter (its IRI or file)
    path: str
    text: str
    kinds: frozenset[str]
    group: frozenset[str] = frozenset()  # the directives its letter implements; letters align when these meet


@dataclass
class Alignment:
    pairs: list[tuple[TaskRef, TaskRef, float]]
    groups: list[list[TaskRef]] = field(default_factory=list)
    scores: dict[frozenset[TaskRef], float] = field(default_factory=dict)

    def group_score(self, group: Sequence[TaskRef]) -> float:
        """The weakest link that holds the group together (a conservative score)."""
        members = set(group)
        vals = [s for a, b, s in self.pairs if a in members and b in members]
        return min(vals) if vals else 0.0


_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# Function words that carry no task: they would make every pair look alike.
_STOP = frozenset(
    "và các của cho với để trong theo trên đối tại được là có những này một về từ đến như "
    "việc công tác thực hiện triển khai tăng cường tỉnh huyện xã".split()
)


def without_citations(text: str) -> str:
    """A task's own wording: citation clauses are references the letters phrase alike
    whatever the task, so they would pair unrelated tasks that cite the same plan."""
    from .parse.citations import IssuerContext, find_citations

    cites = find_citations(text, IssuerContext())
    if not cites:
        return text
    out, pos = [], 0
    for c in cites:
        if c.start >= pos:
            out.append(text[pos:c.start])
            pos = max(c.end, c.issuer_end, c.id_end)
    out.append(text[pos:])
    return " ".join(out)


def syllables(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(nfc(without_citations(text)).casefold()) if t not in _STOP]


def ngrams(tokens: list[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for n in NGRAMS:
        for i in range(len(tokens) - n + 1):
            out[" ".join(tokens[i:i + n])] += 1
    return out


class TfIdf:
    def __init__(self, docs: Sequence[str]) -> None:
        self.counts = [ngrams(syllables(d)) for d in docs]
        df: Counter[str] = Counter()
        for c in self.counts:
            df.update(c.keys())
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + k)) + 1 for t, k in df.items()}
        self.vectors = [self._vec(c) for c in self.counts]

    def _vec(self, c: Counter[str]) -> dict[str, float]:
        v = {t: (1 + math.log(k)) * self.idf.get(t, 1.0) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    def vector(self, text: str) -> dict[str, float]:
        return self._vec(ngrams(syllables(text)))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(t, 0.0) for t, x in a.items())


def align(tasks: Sequence[TaskRef]) -> Alignment:
    """Pairs and groups of tasks, across letters of the same group, that carry one task."""
    model = TfIdf([t.text for t in tasks])
    letters: dict[str, list[int]] = {}
    for i, t in enumerate(tasks):
        letters.setdefault(t.letter, []).append(i)
    keys = sorted(letters)
    pairs: list[tuple[TaskRef, TaskRef, float]] = []
    for x, kx in enumerate(keys):
        for ky in keys[x + 1:]:
            if not (tasks[letters[kx][0]].group & tasks[letters[ky][0]].group):
                continue  # letters carrying out different directives share no task
            pairs += _pair_letters(tasks, model, letters[kx], letters[ky])
    result = Alignment(pairs)
    result.groups = _groups(tasks, pairs, model)
    return result


def _score(model: TfIdf, tasks: Sequence[TaskRef], i: int, j: int) -> float:
    s = model.cosine(model.vectors[i], model.vectors[j])
    if not (tasks[i].kinds & tasks[j].kinds):
        s -= CROSS_KIND_PENALTY
    return s


def _pair_letters(tasks: Sequence[TaskRef], model: TfIdf, left: list[int], right: list[int]) -> list[tuple[TaskRef, TaskRef, float]]:
    sims = {(i, j): _score(model, tasks, i, j) for i in left for j in right}
    best_l = {i: max(right, key=lambda j: sims[(i, j)]) for i in left}
    best_r = {j: max(left, key=lambda i: sims[(i, j)]) for j in right}
    out = []
    for (i, j), s in sorted(sims.items()):
        mutual = best_l[i] == j and best_r[j] == i
        if s >= STRONG or (mutual and s >= MUTUAL):
            out.append((tasks[i], tasks[j], round(s, 3)))
    return out


def _groups(tasks: Sequence[TaskRef], pairs: list[tuple[TaskRef, TaskRef, float]], model: TfIdf) -> list[list[TaskRef]]:
    """Group aligned tasks by average linkage: strongest pairs first, and two groups merge only
    when their tasks of different letters are alike on average. Plain connected components
    would chain ("kiện toàn Ban Chỉ đạo" at province level to the same at district level)
    until one group swallowed several shared tasks once more letters arrive."""
    index = {t: i for i, t in enumerate(tasks)}
    group_of: dict[TaskRef, int] = {}
    members: dict[int, list[TaskRef]] = {}
    fresh = 0
    for a, b, _ in sorted(pairs, key=lambda p: (-p[2], _key(p[0]), _key(p[1]))):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is not None and ga == gb:
            continue
        left = members[ga] if ga is not None else [a]
        right = members[gb] if gb is not None else [b]
        if ga is not None or gb is not None:
            # an aligned pair always forms a group; growing a group needs the average link
            cross = [_score(model, tasks, index[x], index[y]) for x in left for y in right if x.letter != y.letter]
            if cross and sum(cross) / len(cross) < GROUP_LINK:
                continue
        if ga is None and gb is None:
            new, fresh = fresh, fresh + 1
        else:
            new = min(k for k in (ga, gb) if k is not None)
        merged = left + right
        for k in (ga, gb):
            if k is not None and k != new:
                members.pop(k, None)
        members[new] = merged
        for t in merged:
            group_of[t] = new
    groups = [sorted(g, key=_key) for g in members.values() if len({t.letter for t in g}) > 1]
    return sorted(groups, key=lambda g: _key(g[0]))


def _key(t: TaskRef) -> tuple[str, str]:
    return (t.letter, _path_key(t.path))


def _path_key(path: str) -> str:
    return ".".join(p.zfill(3) if p.isdigit() else p for p in path.split("."))


def shared_wording(texts: Sequence[str], limit: int = 12) -> str:
    """The longest run of syllables common to every text: the evidence shown for a group.
    Syllables are compared without case or punctuation ("số," and "số." are one syllable)."""
    if not texts:
        return ""
    token_lists = [nfc(t).split() for t in texts]
    keys = [[w.strip(".,;:!?()“”\"'").casefold() for w in tl] for tl in token_lists]
    others = [" " + " ".join(k) + " " for k in keys[1:]]
    first, first_keys = token_lists[0], keys[0]
    best: tuple[int, int] = (0, 0)
    for i in range(len(first)):
        for j in range(len(first), i + (best[1] - best[0]), -1):
            cand = " " + " ".join(first_keys[i:j]) + " "
            if all(cand in o for o in others):
                best = (i, j)
                break
    words = first[best[0]:best[1]][:limit]
    return " ".join(words).strip(" ,;.")

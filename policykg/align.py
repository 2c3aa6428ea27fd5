"""Aligning tasks of different letters that carry the same higher-level task.

Letters implementing one directive repeat its tasks in near-identical words; the directive's
own text is not in the corpus. Tasks are compared by TF-IDF over syllable n-grams (Vietnamese
words are syllables separated by spaces, so no segmenter is needed), with the kind of
assignee as a soft constraint: a pair across different kinds of body needs a higher score.
Letters are taken one at a time and each task joins the group of earlier tasks it is most
like on average, or starts one; so a third letter joins the groups already there (see align)."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import mul

from .lexicon import TASK_VERBS
from .text import nfc

# Calibrated on the two seed letters against ../shared/gold/alignment.json: precision and
# recall are 1.0 over a plateau (STRONG 0.26-0.32, MUTUAL 0.12-0.20, penalty 0.10-0.12);
# these sit in its middle, so a third letter is not at the mercy of a knife-edge threshold.
STRONG = 0.30
MUTUAL = 0.16
CROSS_KIND_PENALTY = 0.11
# Average similarity, across letters, for two groups a task is strongly like to become one; when
# they are less alike the task joins both, since it carries both higher tasks. On the seeds,
# precision and recall are 1.0 from 0.20 to 0.40 (tests/test_align.py): below it Đắk Nông's 1.4
# and 7.3 become one group with Kiên Giang's 1.d and 6.d (mean 0.196), adding the false pair
# 7.3-1.d; the gold wants 1.4 with 1.d and 6.d, and 7.3 with 6.d. This sits in the middle.
GROUP_LINK = 0.30
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
class Group:
    """Tasks of different letters that carry one higher-level task."""

    members: list[TaskRef]
    scores: list[float]  # each member's mean similarity to the members from other letters
    directives: frozenset[str]  # what every member's letter implements

    @property
    def score(self) -> float:
        """The least typical member's score: a conservative score for the group."""
        return min(self.scores)


@dataclass
class Alignment:
    groups: list[Group] = field(default_factory=list)

    def pairs(self) -> list[tuple[TaskRef, TaskRef]]:
        """Every pair of members of different letters: what gold pairs are scored against.
        Quadratic in a group's size; for tests and small corpora, not for the build."""
        out = []
        for g in self.groups:
            for i, a in enumerate(g.members):
                out += [(a, b) for b in g.members[i + 1:] if a.letter != b.letter]
        return out


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


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Sum of a's weights times b's over a's terms. The loops run in C (map, not a generator):
    inner products are most of alignment's time, and the terms are added in the same order, so
    the sums are the same floats as a Python loop's."""
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


@lru_cache(maxsize=1 << 17)
def text_ngrams(text: str) -> Counter[str]:
    """`ngrams(syllables(text))`, shared and not to be changed: a build cuts each task's text
    for task-to-task derivation (policykg.derive, one model a higher document, so a text several
    times) and again for alignment; at ten thousand letters cutting was a third of derivation."""
    return ngrams(syllables(text))


class TfIdf:
    def __init__(self, docs: Sequence[str]) -> None:
        # letters repeat their directive's words: each distinct text is cut into n-grams once
        cut: dict[str, Counter[str]] = {}
        counts = [cut[d] if d in cut else cut.setdefault(d, text_ngrams(d)) for d in docs]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + k)) + 1 for t, k in df.items()}
        # identical texts share one vector (dicts are large; ten thousand letters repeat their words)
        made: dict[int, dict[str, float]] = {}
        self.vectors = [made[id(c)] if id(c) in made else made.setdefault(id(c), self._vec(c)) for c in counts]

    def _vec(self, c: Counter[str]) -> dict[str, float]:
        v = {t: (1 + math.log(k)) * self.idf.get(t, 1.0) for t, k in c.items()}
        norm = math.sqrt(_dot(v, v)) or 1.0
        return {t: x / norm for t, x in v.items()}

    def vector(self, text: str) -> dict[str, float]:
        return self._vec(text_ngrams(text))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return _dot(a, b)


# Candidates come from an inverted index, per directive, from n-grams to the groups whose
# members use them; n-grams found in more than CROWDED groups say nothing of which group a task
# belongs to and are skipped. The best CANDIDATES by that partial score are then scored exactly.
CROWDED = 32
LOOKUP_TERMS = 24
CANDIDATES = 12


class _Group:
    __slots__ = ("members", "by_letter", "vsum", "kinds", "common", "alive")

    def __init__(self, common: frozenset[str]) -> None:
        self.members: list[int] = []
        self.by_letter: dict[str, list[int]] = {}
        self.vsum: dict[str, float] = {}
        self.kinds: Counter[frozenset[str]] = Counter()
        self.common = common
        self.alive = True

    def absorb(self, other: "_Group", vecs: Sequence[dict[str, float]], tasks: Sequence[TaskRef]) -> list[str]:
        """Take in another group's members; returns the n-grams new to this group. A task may be
        in both (it carries two higher tasks): it stays one member, counted once."""
        if len(self.members) == 1:
            self.vsum = dict(self.vsum)
        mine = set(self.members)
        both = [i for i in other.members if i in mine]
        self.members += [i for i in other.members if i not in mine]
        for letter, idx in other.by_letter.items():
            self.by_letter.setdefault(letter, []).extend(i for i in idx if i not in mine)
        new = [t for t in other.vsum if t not in self.vsum]
        for t, w in other.vsum.items():
            self.vsum[t] = self.vsum.get(t, 0.0) + w
        self.kinds.update(other.kinds)
        for i in both:
            for t, w in vecs[i].items():
                self.vsum[t] -= w
            self.kinds[tasks[i].kinds] -= 1
        self.common = self.common & other.common
        return new

    def add(self, i: int, letter: str, vec: dict[str, float], kinds: frozenset[str], common: frozenset[str]
            ) -> list[str]:
        """Add a member; returns the n-grams new to the group, for the index."""
        self.members.append(i)
        self.by_letter.setdefault(letter, []).append(i)
        if len(self.members) == 1:
            # most groups keep one member: they share its vector until a second one joins
            self.vsum = vec
            self.kinds[kinds] += 1
            self.common = self.common & common
            return list(vec)
        if len(self.members) == 2:
            self.vsum = dict(self.vsum)
        new = [t for t in vec if t not in self.vsum]
        for t, w in vec.items():
            self.vsum[t] = self.vsum.get(t, 0.0) + w
        self.kinds[kinds] += 1
        self.common = self.common & common
        return new

    def link(self, vec: dict[str, float], kinds: frozenset[str]) -> float:
        """Mean of cosine minus the cross-kind penalty over the members: the vectors are unit
        length, so the mean cosine is one dot product with their sum."""
        dot = _dot(vec, self.vsum)
        disjoint = sum(c for k, c in self.kinds.items() if not (k & kinds))
        return (dot - CROSS_KIND_PENALTY * disjoint) / len(self.members)


def align(tasks: Sequence[TaskRef]) -> Alignment:
    """Group tasks of different letters that carry one higher-level task.

    Letters are taken one at a time, in a fixed order, and each task either joins the group it
    is most like (on average over the group's members, the assignee kind a soft constraint) or
    starts one: strong links join outright, weaker ones when the task and the group are each
    other's best match between this letter and the groups so far. A task strongly like two
    groups joins them when they are alike on average, and otherwise joins both: it carries two
    higher tasks (a group's members may then overlap another's). The cost grows with the number
    of tasks times a bounded number of candidates, not with the number of pairs of letters."""
    model = TfIdf([t.text for t in tasks])
    vecs = model.vectors
    letters: dict[str, list[int]] = {}
    for i, t in enumerate(tasks):
        letters.setdefault(t.letter, []).append(i)
    groups: list[_Group] = []
    alias: list[int] = []
    index: dict[str, dict[str, list[int]]] = {}  # directive -> n-gram -> groups

    def find(g: int) -> int:
        while alias[g] != g:
            alias[g] = alias[alias[g]]
            g = alias[g]
        return g

    def indexed(g: int, terms: list[str]) -> None:
        for d in groups[g].common:
            postings = index.setdefault(d, {})
            for term in terms:
                posting = postings.setdefault(term, [])
                # a crowded posting is skipped for good (it never shrinks): it need not grow
                if len(posting) <= CROWDED:
                    posting.append(g)

    # identical texts share one vector, and so their lookup terms
    tops: dict[int, list[str]] = {}
    top = [tops[id(v)] if id(v) in tops else tops.setdefault(id(v), _top_terms(v)) for v in vecs]

    # pairs of groups found unlike on average, with their sizes then: asked again only once
    # either has grown by a tenth (else large groups would be compared at every letter)
    apart: dict[tuple[int, int], tuple[int, int]] = {}
    for key in sorted(letters):
        own = letters[key]
        directives = tasks[own[0]].group
        scores: dict[tuple[int, int], float] = {}
        for i in own:
            partial: dict[int, float] = {}
            vec = vecs[i]
            for d in sorted(directives):
                postings = index.get(d)
                if not postings:
                    continue
                for term in top[i]:
                    posting = postings.get(term)
                    if posting is None or len(posting) > CROWDED:
                        continue
                    w = vec[term]
                    for g in posting:
                        if alias[g] != g:
                            g = find(g)
                        grp = groups[g]
                        partial[g] = partial.get(g, 0.0) + w * grp.vsum.get(term, 0.0) / len(grp.members)
            ranked = heapq.nsmallest(CANDIDATES, partial.items(), key=lambda x: (-x[1], x[0]))
            for g, _ in ranked:
                if groups[g].common & directives:
                    scores[(i, g)] = groups[g].link(vecs[i], tasks[i].kinds)
        best_t: dict[int, tuple[float, int]] = {}
        best_g: dict[int, tuple[float, int]] = {}
        for (i, g), s in scores.items():
            if (s, -g) > best_t.get(i, (-9.0, 0)):
                best_t[i] = (s, -g)
            if (s, -i) > best_g.get(g, (-9.0, 0)):
                best_g[g] = (s, -i)
        chosen: dict[int, list[tuple[float, int]]] = {}
        for (i, g), s in scores.items():
            mutual = best_t[i][1] == -g and best_g[g][1] == -i
            if s >= STRONG or (mutual and s >= MUTUAL):
                chosen.setdefault(i, []).append((s, g))
        for i in own:
            options = sorted(chosen.get(i, []), key=lambda x: (-x[0], x[1]))
            if not options:
                groups.append(_Group(directives))
                alias.append(len(groups) - 1)
                indexed(len(groups) - 1, groups[-1].add(i, tasks[i].letter, vecs[i], tasks[i].kinds, directives))
                continue
            home = find(options[0][1])
            also: list[int] = []  # strong groups that stay apart from home: the task carries theirs too
            for score, other in options[1:]:
                other = find(other)
                if other == home:
                    continue
                settled = _settled(apart, home, other, groups)
                if not settled and _mean_link(groups[home], groups[other], i, vecs, tasks) < GROUP_LINK:
                    apart[(home, other)] = (len(groups[home].members), len(groups[other].members))
                    settled = True
                if settled:
                    if score >= STRONG:
                        also.append(other)
                else:
                    indexed(home, groups[home].absorb(groups[other], vecs, tasks))
                    groups[other].alive = False
                    alias[other] = home
            for g in dict.fromkeys([home] + [find(o) for o in also]):
                indexed(g, groups[g].add(i, tasks[i].letter, vecs[i], tasks[i].kinds, directives))
    out = []
    for grp in groups:
        if not grp.alive or len({tasks[i].letter for i in grp.members}) < 2:
            continue
        members = sorted(grp.members, key=lambda i: _key(tasks[i]))
        out.append(Group([tasks[i] for i in members],
                         [_member_score(grp, i, grp.by_letter[tasks[i].letter], vecs, tasks) for i in members],
                         grp.common))
    return Alignment(sorted(out, key=lambda g: _key(g.members[0])))


def _settled(apart: dict[tuple[int, int], tuple[int, int]], home: int, other: int, groups: list[_Group]) -> bool:
    seen = apart.get((home, other))
    if seen is None:
        return False
    return len(groups[home].members) < 1.1 * seen[0] and len(groups[other].members) < 1.1 * seen[1]


def _top_terms(vec: dict[str, float]) -> list[str]:
    return [t for t, _ in sorted(vec.items(), key=lambda x: (-x[1], x[0]))[:LOOKUP_TERMS]]


def _cross(i: int, grp: _Group, same: list[int], vecs: list[dict[str, float]],
           tasks: Sequence[TaskRef]) -> tuple[float, int]:
    """Sum of (cosine - penalty) of task i with the members of grp outside its letter
    (`same`: those inside it), and how many those are."""
    dot = _dot(vecs[i], grp.vsum) - sum(TfIdf.cosine(vecs[i], vecs[j]) for j in same)
    disjoint = sum(c for k, c in grp.kinds.items() if not (k & tasks[i].kinds))
    disjoint -= sum(1 for j in same if not (tasks[j].kinds & tasks[i].kinds))
    return dot - CROSS_KIND_PENALTY * disjoint, len(grp.members) - len(same)


def _mean_link(home: _Group, other: _Group, task: int, vecs: list[dict[str, float]],
               tasks: Sequence[TaskRef]) -> float:
    """Mean link over pairs of different letters between `home` with `task` and `other`.
    The sum over all pairs is one dot product of the groups' vector sums; pairs within one
    letter are taken out again, so the cost is the size of the vocabulary, not of the groups."""
    small, large = (home.vsum, other.vsum) if len(home.vsum) <= len(other.vsum) else (other.vsum, home.vsum)
    total = _dot(small, large)
    pairs = len(home.members) * len(other.members)
    disjoint = sum(c1 * c2 for k1, c1 in home.kinds.items() for k2, c2 in other.kinds.items() if not (k1 & k2))
    few, many = ((home.by_letter, other.by_letter) if len(home.by_letter) <= len(other.by_letter)
                 else (other.by_letter, home.by_letter))
    for letter, idx in few.items():
        for j in many.get(letter, ()):
            for i in idx:
                total -= TfIdf.cosine(vecs[i], vecs[j])
                pairs -= 1
                disjoint -= not (tasks[i].kinds & tasks[j].kinds)
    s, n = _cross(task, other, other.by_letter.get(tasks[task].letter, []), vecs, tasks)
    total = total - CROSS_KIND_PENALTY * disjoint + s
    return total / (pairs + n) if pairs + n else 0.0


def _member_score(grp: _Group, i: int, same: list[int], vecs: list[dict[str, float]],
                  tasks: Sequence[TaskRef]) -> float:
    """A member's mean similarity to the members of other letters (`same`: those of its own)."""
    s, n = _cross(i, grp, same, vecs, tasks)
    return round(max(0.0, s / n), 3) if n else 0.0


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


# --- a shared task's name ----------------------------------------------------------------------

# Verbs a name may start with: the task verbs the parser knows, without those that open no task
# of their own (who leads and who helps, adverbs, signing marks, "căn cứ"), and with a few that
# open a clause inside a task.
NAME_VERBS = frozenset(
    set(TASK_VERBS) - {"chủ trì", "phối hợp", "căn cứ", "theo chức năng", "biết", "ký", "quy định", "thừa ủy quyền",
                       "thừa uỷ quyền", "thay mặt", "kịp thời", "nghiêm túc", "khẩn trương", "tích cực", "chủ động",
                       "gửi", "xin", "thông tin", "có trách nhiệm", "đào tạo"}
    | {"chú trọng", "đề ra", "nhân rộng", "sử dụng", "khai thác", "thu hút"}
)
_VERB_WORDS = max(len(v.split()) for v in NAME_VERBS)
# A name longer than NAME_SYLLABLES ends before the first word from NAME_CUT on that opens a
# purpose, a qualification or a complement ("để", "đảm bảo", "giai đoạn", "trong", "cho"), else
# at its last comma: what follows modifies the task, it does not name it.
_PURPOSE = frozenset(("để", "nhằm", "đảm bảo", "bảo đảm", "nhất là", "đặc biệt", "theo hướng", "phù hợp",
                      "sau khi", "giai đoạn", "trên địa bàn"))
_PREPOSITIONS = frozenset("trong cho với của ở tại về theo gắn đối đến".split())
# What a phrase scores beyond the share of its syllable pairs the other texts have: opening its
# clause (the task's own verb, not a noun use inside it), being in the task's first clause (its
# main point), and each pair (a longer name says more)
CLAUSE_FIRST = 0.3
TASK_FIRST = 0.2
PER_PAIR = 0.02
NAME_SYLLABLES = 16
NAME_MIN = 5
NAME_CUT = 8
NAME_OBJECT = 3  # words after its verbs
NAME_TEXTS = 4  # texts whose phrases are candidates (of the WORDING_TEXTS scored against)


def task_name(texts: Sequence[str]) -> str:
    """A name for the task that `texts` (tasks of several letters) carry: a verb phrase taken from
    one of them, the one whose words the other texts share most (counted as syllable pairs).
    Each phrase starts at a task verb (with the verbs joined to it: "xây dựng và nhân rộng") and
    runs to the end of its clause, cut before a purpose or a preposition to at most
    NAME_SYLLABLES syllables. Empty when no text has such a phrase."""
    texts = [nfc(t) for t in texts if t.strip()]
    if not texts:
        return ""
    pairs = [_pairs([_word_key(w) for w in t.split()]) for t in texts]
    best: tuple[float, int, int, str] | None = None
    for ti, text in enumerate(texts[:NAME_TEXTS]):
        others = [p for j, p in enumerate(pairs) if j != ti] or [pairs[ti]]
        lead = len(_clauses(text.split())[0][1])
        for pos, first, phrase in _verb_phrases(text):
            own = _pairs([_word_key(w) for w in phrase])
            shared = sum(len(own & p) for p in others) / len(others) / max(len(own), 1)
            score = round(shared + CLAUSE_FIRST * first + TASK_FIRST * (pos < lead) + PER_PAIR * len(own), 6)
            cand = (-score, ti, pos, " ".join(phrase))
            if best is None or cand < best:
                best = cand
    if best is None:
        return ""
    name = best[3].strip(" ,;:.“”\"'()")
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    return name[:1].upper() + name[1:]


def _word_key(word: str) -> str:
    return word.strip(".,;:!?()“”\"'").casefold()


def _pairs(keys: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in zip(keys, keys[1:]) if a and b}


def _verb_phrases(text: str) -> list[tuple[int, bool, list[str]]]:
    """(position, whether it opens its clause, words) of each phrase of `text` that starts at a
    task verb, cut to a name."""
    out = []
    for clause_start, clause in _clauses(text.split()):
        keys = [_word_key(w) for w in clause]
        starts = [i for i in range(len(clause)) if _verb_at(keys, i)]
        for i in starts:
            # the verbs joined to this one ("xây dựng và nhân rộng", "triển khai thực hiện") start it
            j = i
            while True:
                prev = _verb_ending_at(keys, j)
                if prev is None:
                    if j >= 2 and keys[j - 1] == "và" and _verb_ending_at(keys, j - 1) is not None:
                        j = _verb_ending_at(keys, j - 1)  # type: ignore[assignment]
                        continue
                    break
                j = prev
            if j != i and j in starts:
                continue  # the longer phrase is a candidate of its own
            phrase = _cut(clause[j:], keys[j:])
            # a verb with an object ("tiếp tục triển khai thực hiện" alone, its document cut out, is none)
            if len(phrase) >= NAME_MIN and len(phrase) - (_verbs_end(keys, i) - j) >= NAME_OBJECT:
                out.append((clause_start + j, j == starts[0], phrase))
    return out


def _clauses(words: list[str]) -> list[tuple[int, list[str]]]:
    out, start = [], 0
    for i, w in enumerate(words):
        if w.endswith((";", ".", ":")):
            out.append((start, words[start:i + 1]))
            start = i + 1
    out.append((start, words[start:]))
    return [(s, c) for s, c in out if c]


def _verbs_end(keys: list[str], i: int) -> int:
    """Where the run of verbs starting at word i ends (verbs side by side or joined by "và")."""
    while True:
        n = next((n for n in range(_VERB_WORDS, 0, -1) if " ".join(keys[i:i + n]) in NAME_VERBS), 0)
        if n:
            i += n
        elif i + 1 < len(keys) and keys[i] == "và" and _verb_at(keys, i + 1):
            i += 1
        else:
            return i


def _verb_at(keys: list[str], i: int) -> bool:
    return any(" ".join(keys[i:i + n]) in NAME_VERBS for n in range(1, _VERB_WORDS + 1) if i + n <= len(keys))


def _verb_ending_at(keys: list[str], j: int) -> int | None:
    """The start of a verb that ends just before word j, if any."""
    for n in range(_VERB_WORDS, 0, -1):
        if j - n >= 0 and " ".join(keys[j - n:j]) in NAME_VERBS:
            return j - n
    return None


def _cut(words: list[str], keys: list[str]) -> list[str]:
    if len(words) <= NAME_SYLLABLES:
        return words
    stops = _PURPOSE | _PREPOSITIONS
    for i in range(NAME_CUT, NAME_SYLLABLES + 1):
        if any(" ".join(keys[i:i + n]) in stops for n in (1, 2, 3)):
            return words[:i]
    commas = [i + 1 for i in range(NAME_MIN - 1, NAME_SYLLABLES) if words[i].endswith(",")]
    return words[:commas[-1]] if commas else words[:NAME_SYLLABLES]

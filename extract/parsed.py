"""A plain-Python copy of a parsed spaCy document, for the extractors to walk.

The rules in `clauses`, `claims`, `spans`, `mentions` and `coref` ask the
dependency tree the same questions many times (a verb's children, a token's
head, its dependency label). On a spaCy `Doc` each such question builds a new
`Token` object and looks its strings up in the vocabulary: 100-300 ns each,
which made extraction cost ~15% of parsing. `ParsedDoc.of(doc)` reads every
token once into `Word` objects whose attributes are plain fields and whose
head, children and edges are direct references, so the rules run several times
faster while reading exactly what spaCy parsed.

`Word`, `ParsedSpan` and `ParsedDoc` use spaCy's attribute names (`dep_`,
`head`, `children`, `conjuncts`, `root`, `noun_chunks`, ...) with spaCy's
semantics, so the rules also accept spaCy's own `Token`, `Span` and `Doc`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.lang.en.syntax_iterators import noun_chunks as english_noun_chunks
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from extract.deps import CONJ

_COLUMNS = [
    ORTH,
    LOWER,
    LEMMA,
    POS,
    TAG,
    DEP,
    ENT_TYPE,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    SPACY,
    HEAD,
    SENT_START,
    ENT_IOB,
]
_ENT_TYPE, _HEAD, _SENT_START, _ENT_IOB = 6, 12, 13, 14  # places in a row
_UNSIGNED, _SIGNED = 2**64, 2**63  # to_array gives every column as uint64: -1 reads 2**64 - 1


class Word:
    """One token: its strings, flags, and links into the tree."""

    __slots__ = (
        "doc",
        "i",
        "text",
        "whitespace_",
        "idx",
        "lower_",
        "lemma_",
        "pos_",
        "tag_",
        "dep_",
        "ent_type_",
        "is_alpha",
        "is_punct",
        "is_space",
        "head",
        "children",
        "left_edge",
        "right_edge",
    )

    doc: ParsedDoc
    i: int
    text: str
    whitespace_: str
    idx: int
    lower_: str
    lemma_: str
    pos_: str
    tag_: str
    dep_: str
    ent_type_: str
    is_alpha: bool
    is_punct: bool
    is_space: bool
    head: Word
    children: tuple[Word, ...]
    left_edge: Word
    right_edge: Word

    def __init__(self, doc: ParsedDoc, i: int) -> None:
        self.doc = doc
        self.i = i

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def rights(self) -> Iterator[Word]:
        return (c for c in self.children if c.i > self.i)

    @property
    def lefts(self) -> Iterator[Word]:
        return (c for c in self.children if c.i < self.i)

    @property
    def conjuncts(self) -> tuple[Word, ...]:
        """Coordinated words, not including this one (spaCy's `Token.conjuncts`)."""
        start = self
        while start.head is not start and start.dep_ == CONJ:
            start = start.head
        output = [start]
        for word in output:  # grows while iterating: a breadth-first walk
            output.extend(c for c in word.children if c.i > word.i and c.dep_ == CONJ)
        return tuple(w for w in output if w is not self)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text


class ParsedSpan:
    """Words [start, end) of a `ParsedDoc` (spaCy's `Span`)."""

    __slots__ = ("doc", "start", "end", "label_", "_root")

    def __init__(
        self, doc: ParsedDoc, start: int, end: int, label: str = "", root: int | None = None
    ) -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self.label_ = label
        self._root = root

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        words = self.doc.words
        last = words[self.end - 1]
        return self.doc.text[words[self.start].idx : last.idx + len(last.text)]

    @property
    def start_char(self) -> int:
        return self.doc.words[self.start].idx if self.end > self.start else 0

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return 0
        last = self.doc.words[self.end - 1]
        return last.idx + len(last.text)

    @property
    def root(self) -> Word:
        """The word nearest the tree's root; the first of equals (as spaCy)."""
        if self._root is None:
            self._root = _span_root(self.doc.words, self.start, self.end)
        return self.doc.words[self._root]

    def __iter__(self) -> Iterator[Word]:
        return iter(self.doc.words[self.start : self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            return ParsedSpan(self.doc, self.start + start, self.start + max(start, stop))
        if key < 0:
            key += len(self)
        if not 0 <= key < len(self):
            raise IndexError(key)
        return self.doc.words[self.start + key]

    def __repr__(self) -> str:
        return self.text


class ParsedDoc:
    """Every word of a parsed document, its sentences, entities and noun chunks."""

    __slots__ = ("text", "words", "sents", "ents", "noun_chunks")

    def __init__(self, text: str, words: list[Word]) -> None:
        self.text = text
        self.words = words
        self.sents: tuple[ParsedSpan, ...] = ()
        self.ents: tuple[ParsedSpan, ...] = ()
        self.noun_chunks: tuple[ParsedSpan, ...] = ()

    @classmethod
    def of(cls, doc: Doc) -> ParsedDoc:
        """Copy what the extractors read from a parsed spaCy `Doc`."""
        words: list[Word] = []
        parsed = cls("", words)
        rows = doc.to_array(_COLUMNS).tolist()  # one bulk read instead of one per attribute
        name = _strings_of(doc.vocab.strings)
        new = object.__new__
        for i, (
            orth,
            lower,
            lemma,
            pos,
            tag,
            dep,
            ent,
            idx,
            alpha,
            punct,
            space,
            ws,
            *_,
        ) in enumerate(rows):
            word = new(Word)
            word.doc = parsed
            word.i = i
            word.text = name[orth]
            word.whitespace_ = " " if ws else ""
            word.idx = idx
            word.lower_ = name[lower]
            word.lemma_ = name[lemma]
            word.pos_ = name[pos]
            word.tag_ = name[tag]
            word.dep_ = name[dep]
            word.ent_type_ = name[ent]
            word.is_alpha = alpha == 1
            word.is_punct = punct == 1
            word.is_space = space == 1
            word.left_edge = word.right_edge = word
            words.append(word)
        # Doc.text walks every token in Cython objects: join the copied strings instead
        parsed.text = "".join([part for word in words for part in (word.text, word.whitespace_)])
        children: list[list[Word]] = [[] for _ in words]
        roots: list[Word] = []
        for word, row in zip(words, rows, strict=True):
            offset = row[_HEAD]
            if offset >= _SIGNED:  # HEAD is the offset to the head word, stored unsigned
                offset -= _UNSIGNED
            head = word.i + offset
            word.head = words[head]
            if head != word.i:
                children[head].append(word)  # in index order: words are visited in order
            else:
                roots.append(word)
        for word, kids in zip(words, children, strict=True):
            word.children = tuple(kids)
        # edges: the leftmost and rightmost word of each subtree, children before their heads
        order = roots
        for word in order:  # grows while iterating: every word below the roots, breadth-first
            order.extend(word.children)
        for word in reversed(order):
            head = word.head
            if head is not word:
                if word.left_edge.i < head.left_edge.i:
                    head.left_edge = word.left_edge
                if word.right_edge.i > head.right_edge.i:
                    head.right_edge = word.right_edge
        parsed.sents = _sentences(parsed, doc, rows)
        parsed.ents = _entities(parsed, doc, rows, name)
        parsed.noun_chunks = _noun_chunks(parsed, doc)
        return parsed

    def release(self) -> None:
        """Break the word <-> word references, so the copy is freed at once, not by the cyclic GC."""
        for word in self.words:
            del word.doc, word.head, word.left_edge, word.right_edge
            word.children = ()
        self.words = []
        self.sents = self.ents = self.noun_chunks = ()

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.words))
            return ParsedSpan(self, start, max(start, stop))
        return self.words[key]


def _sentences(parsed: ParsedDoc, doc: Doc, rows: list[list[int]]) -> tuple[ParsedSpan, ...]:
    """`doc.sents` (spaCy's rule: a sentence starts at each SENT_START of 1), read from the copied column."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return tuple(_copy_span(parsed, s) for s in doc.sents)  # spaCy's own (or its error)
    spans = []
    start = 0
    for i in range(1, len(rows)):
        if rows[i][_SENT_START] == 1:
            spans.append(ParsedSpan(parsed, start, i))
            start = i
    if start != len(rows):
        spans.append(ParsedSpan(parsed, start, len(rows)))
    return tuple(spans)


def _entities(
    parsed: ParsedDoc, doc: Doc, rows: list[list[int]], name: dict[int, str]
) -> tuple[ParsedSpan, ...]:
    """`doc.ents` (spaCy's reading of the IOB column: B starts one, I goes on, O or no tag ends it)."""
    spans = []
    start, label = -1, 0
    for i, row in enumerate(rows):
        iob, kind = row[_ENT_IOB], row[_ENT_TYPE]
        if iob == 1:  # inside
            if start == -1:
                return tuple(
                    _copy_span(parsed, s) for s in doc.ents
                )  # an I without a B: spaCy's error
        elif iob in (0, 2) or (iob == 3 and kind == 0):  # outside
            if start != -1:
                spans.append((start, i, label))
            start, label = -1, 0
        elif iob == 3:  # begins
            if start != -1:
                spans.append((start, i, label))
            start, label = i, kind
    if start != -1:
        spans.append((start, len(rows), label))
    return tuple(ParsedSpan(parsed, a, b, name[label]) for a, b, label in spans if name[label])


_NP_DEPS = frozenset(
    {"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"}
)
_NP_POS = frozenset({"NOUN", "PROPN", "PRON"})


def _noun_chunks(parsed: ParsedDoc, doc: Doc) -> tuple[ParsedSpan, ...]:
    """`doc.noun_chunks`: spaCy's English rule (`spacy.lang.en.syntax_iterators`) run on the copied words."""
    iterator = doc.noun_chunks_iterator  # type: ignore[attr-defined]  # set by Doc.__init__, missing from spaCy's doc.pyi
    if iterator is not english_noun_chunks or not doc.has_annotation("DEP"):
        return tuple(
            _copy_span(parsed, s) for s in doc.noun_chunks
        )  # another language's rule (or spaCy's error)
    spans = []
    prev_end = -1
    for word in parsed.words:
        if word.pos_ not in _NP_POS:
            continue
        if word.left_edge.i <= prev_end:
            continue  # no nested chunks
        if word.dep_ in _NP_DEPS:
            prev_end = word.i
            spans.append(ParsedSpan(parsed, word.left_edge.i, word.i + 1, "NP"))
        elif word.dep_ == CONJ:
            head = word.head
            while head.dep_ == CONJ and head.head.i < head.i:
                head = head.head
            if head.dep_ in _NP_DEPS:  # coordinated to a noun phrase: one too
                prev_end = word.i
                spans.append(ParsedSpan(parsed, word.left_edge.i, word.i + 1, "NP"))
    return tuple(spans)


def _copy_span(parsed: ParsedDoc, span: Span) -> ParsedSpan:
    return ParsedSpan(
        parsed, span.start, span.end, span.label_
    )  # root: found when asked, as spaCy does


def _span_root(words: list[Word], start: int, end: int) -> int:
    for i in range(start, end):
        if words[i].head is words[i]:
            return i
    best, root = len(words) + 1, -1
    for i in range(start, end):
        if start <= words[i].head.i < end:
            continue
        word = words[i]
        if (word.is_space or word.is_punct) and not word.children:
            depth = len(words) - 1  # a bare punctuation mark is a root only if nothing else is
        else:
            depth = 0
            while word.head is not word and depth <= len(words):
                word, depth = word.head, depth + 1
        if depth < best:
            best, root = depth, i
    return start if root == -1 else root


class _Strings(dict[int, str]):
    """hash -> string, remembered across documents (a hash never changes meaning: vocabularies
    only grow); a hash not seen before is read from the `StringStore` the first time it is asked for."""

    __slots__ = ("strings",)
    strings: StringStore

    def __missing__(self, key: int) -> str:
        value = self[key] = self.strings[key]
        return value


_STRING_CACHE = _Strings({0: ""})


def _strings_of(strings: StringStore) -> dict[int, str]:
    """hash -> string for the hashes of a document of `strings`' vocabulary (read from it when first needed)."""
    cache = _STRING_CACHE
    if len(cache) > 1_000_000:
        cache.clear()
        cache[0] = ""
    cache.strings = strings
    return cache

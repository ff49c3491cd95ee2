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
    SPACY,
    TAG,
)
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from extract.deps import CONJ

_COLUMNS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, SPACY]


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

    def __init__(self, doc: ParsedDoc, start: int, end: int, label: str = "", root: int | None = None) -> None:
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
        name = _strings_of(doc.vocab.strings, rows)
        for i, (orth, lower, lemma, pos, tag, dep, ent, idx, alpha, punct, space, ws) in enumerate(rows):
            word = Word(parsed, i)
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
            words.append(word)
        # Doc.text walks every token in Cython objects: join the copied strings instead
        parsed.text = "".join([part for word in words for part in (word.text, word.whitespace_)])
        children: list[list[Word]] = [[] for _ in words]
        # HEAD is the offset to the head word, stored unsigned
        offsets = doc.to_array([HEAD]).astype("int64").ravel().tolist()
        for word, offset in zip(words, offsets, strict=True):
            head = word.i + offset
            word.head = words[head]
            if head != word.i:
                children[head].append(word)  # in index order: words are visited in order
        for word, kids in zip(words, children, strict=True):
            word.children = tuple(kids)
            word.left_edge = word.right_edge = word
        # edges: the leftmost and rightmost word of each subtree
        for word in words:
            ancestor = word
            while ancestor.head is not ancestor:
                ancestor = ancestor.head
                if word.i < ancestor.left_edge.i:
                    ancestor.left_edge = word
                if word.i > ancestor.right_edge.i:
                    ancestor.right_edge = word
        parsed.sents = tuple(_copy_span(parsed, s) for s in doc.sents)
        parsed.ents = tuple(_copy_span(parsed, s) for s in doc.ents)
        parsed.noun_chunks = tuple(_copy_span(parsed, s) for s in doc.noun_chunks)
        return parsed

    def release(self) -> None:
        """Break the word <-> word references, so the copy is freed at once, not by the cyclic GC."""
        for word in self.words:
            word.doc = word.head = word.left_edge = word.right_edge = None
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


def _copy_span(parsed: ParsedDoc, span: Span) -> ParsedSpan:
    return ParsedSpan(parsed, span.start, span.end, span.label_)  # root: found when asked, as spaCy does


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


_STRING_CACHE: dict[int, str] = {0: ""}
_STRING_COLUMNS = 7  # ORTH ... ENT_TYPE: the hashed columns of _COLUMNS


def _strings_of(strings: StringStore, rows: list[list[int]]) -> dict[int, str]:
    """hash -> string for every hash in `rows`, remembered across documents (a hash never
    changes meaning: vocabularies only grow)."""
    cache = _STRING_CACHE
    missing = {key for row in rows for key in row[:_STRING_COLUMNS] if key not in cache}
    if missing and len(cache) > 1_000_000:
        cache.clear()
        cache[0] = ""
        missing = {key for row in rows for key in row[:_STRING_COLUMNS]} - {0}
    for key in missing:
        cache[key] = strings[key]
    return cache

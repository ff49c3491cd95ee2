"""Annotation helper for the coreference gold set (``benchmarks/coref/gold.json``).

The gold file never stores article text: mentions are character offsets into the
CSV cell text plus the surface string, so this helper is how offsets are found
and checked.  The corpus is decoded exactly as ``benchmarks/coref.py`` decodes it
(``csv`` module, UTF-8 with ``errors="replace"``), so offsets agree.

Usage (from the repo root)::

    uv run python benchmarks/coref/annotate_helper.py list [--min-words 300 --max-words 600]
    uv run python benchmarks/coref/annotate_helper.py show ROW        # sentences + offsets
    uv run python benchmarks/coref/annotate_helper.py tokens ROW [START END]
    uv run python benchmarks/coref/annotate_helper.py find ROW STRING [STRING ...] [--word]
    uv run python benchmarks/coref/annotate_helper.py check [GOLD]    # verify gold offsets
    uv run python benchmarks/coref/annotate_helper.py render ROW [GOLD]  # text with [cluster#] tags
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bbc-news-test.csv"
DEFAULT_GOLD = Path(__file__).resolve().parent / "gold.json"

# Sentence boundary: terminal punctuation (optionally followed by a closing
# quote) then whitespace then something that can start a sentence.  Good enough
# to orient the annotator; nothing is derived from it.
_SENT_BOUNDARY = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z0-9(\[])")
_TOKEN = re.compile(r"\w+(?:[-'.]\w+)*|[^\w\s]")


def load_texts(corpus: Path = DEFAULT_CORPUS) -> list[str]:
    with open(corpus, encoding="utf-8", errors="replace", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_BOUNDARY.finditer(text):
        # keep a closing quote with the sentence it closes
        end = m.start() + (1 if text[m.start()] in "\"'" else 0)
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def find_all(text: str, needle: str, word: bool = False) -> list[int]:
    if word:
        pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        return [m.start() for m in pat.finditer(text)]
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _ctx(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"...{left}[[{text[start:end]}]]{right}..."


def cmd_list(args: argparse.Namespace) -> None:
    for i, t in enumerate(load_texts(args.corpus)):
        n = len(t.split())
        if args.min_words <= n <= args.max_words:
            print(f"{i:4d} {n:4d}w  {t[:80]}")


def cmd_show(args: argparse.Namespace) -> None:
    text = load_texts(args.corpus)[args.row]
    print(f"row={args.row} chars={len(text)} words={len(text.split())} sha256={sha256(text)}")
    for k, (s, e) in enumerate(sentences(text)):
        print(f"\n[s{k} {s}-{e}] {text[s:e]}")


def cmd_tokens(args: argparse.Namespace) -> None:
    text = load_texts(args.corpus)[args.row]
    lo = args.start if args.start is not None else 0
    hi = args.end if args.end is not None else len(text)
    for m in _TOKEN.finditer(text, lo, hi):
        print(f"{m.start():6d} {m.end():6d}  {m.group()}")


def cmd_find(args: argparse.Namespace) -> None:
    text = load_texts(args.corpus)[args.row]
    for needle in args.strings:
        hits = find_all(text, needle, word=args.word)
        print(f"{needle!r}: {len(hits)} hit(s)")
        for s in hits:
            e = s + len(needle)
            print(
                f'  {{"start": {s}, "end": {e}, "text": {json.dumps(needle)}}}  {_ctx(text, s, e)}'
            )


def check_gold(gold: dict, texts: list[str]) -> list[str]:
    """Return a list of problems (empty when every offset and hash agrees)."""
    problems: list[str] = []
    for art in gold["articles"]:
        row = art["row"]
        text = texts[row]
        if sha256(text) != art["sha256"]:
            problems.append(f"row {row}: sha256 mismatch")
            continue
        seen: dict[tuple[int, int], str] = {}
        for cl in art["clusters"]:
            for m in cl["mentions"]:
                s, e = m["start"], m["end"]
                if not (0 <= s < e <= len(text)):
                    problems.append(f"row {row} {cl['label']}: bad range {s}-{e}")
                elif text[s:e] != m["text"]:
                    problems.append(
                        f"row {row} {cl['label']}: {s}-{e} reads {text[s:e]!r}, expected {m['text']!r}"
                    )
                elif (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                    problems.append(f"row {row} {cl['label']}: {s}-{e} {m['text']!r} cuts a word")
                if (s, e) in seen:
                    problems.append(
                        f"row {row}: span {s}-{e} in both {seen[(s, e)]!r} and {cl['label']!r}"
                    )
                seen[(s, e)] = cl["label"]
    return problems


def cmd_check(args: argparse.Namespace) -> None:
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    problems = check_gold(gold, load_texts(args.corpus))
    n_cl = sum(len(a["clusters"]) for a in gold["articles"])
    n_m = sum(len(c["mentions"]) for a in gold["articles"] for c in a["clusters"])
    for p in problems:
        print(p)
    print(
        f"{len(gold['articles'])} articles, {n_cl} clusters, {n_m} mentions, {len(problems)} problem(s)"
    )
    sys.exit(1 if problems else 0)


def cmd_render(args: argparse.Namespace) -> None:
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    text = load_texts(args.corpus)[args.row]
    art = next(a for a in gold["articles"] if a["row"] == args.row)
    # (position, order, tag): closes sort before opens at the same offset; among
    # opens the longer span opens first, among closes the shorter span closes first,
    # so nested mentions render as "[the [United]#1 board]#2".
    events: list[tuple[int, int, int, str]] = []
    for k, cl in enumerate(art["clusters"]):
        print(f"#{k}: {cl['label']} ({len(cl['mentions'])} mentions)")
        for m in cl["mentions"]:
            s, e = m["start"], m["end"]
            events.append((s, 1, -(e - s), "["))
            events.append((e, 0, e - s, f"]#{k}"))
    out, pos = [], 0
    for at, _, _, tag in sorted(events):
        out.append(text[pos:at])
        out.append(tag)
        pos = at
    out.append(text[pos:])
    print()
    print("".join(out))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("list", help="list articles by length")
    p.add_argument("--min-words", type=int, default=300)
    p.add_argument("--max-words", type=int, default=600)
    p.set_defaults(fn=cmd_list)

    p = sub.add_parser("show", help="print an article sentence by sentence with offsets")
    p.add_argument("row", type=int)
    p.set_defaults(fn=cmd_show)

    p = sub.add_parser("tokens", help="print tokens with offsets")
    p.add_argument("row", type=int)
    p.add_argument("start", type=int, nargs="?")
    p.add_argument("end", type=int, nargs="?")
    p.set_defaults(fn=cmd_tokens)

    p = sub.add_parser("find", help="offsets of every occurrence of strings")
    p.add_argument("row", type=int)
    p.add_argument("strings", nargs="+")
    p.add_argument("--word", action="store_true", help="whole-word matches only")
    p.set_defaults(fn=cmd_find)

    p = sub.add_parser("check", help="verify gold offsets/hashes against the corpus")
    p.add_argument("gold", nargs="?", default=DEFAULT_GOLD)
    p.set_defaults(fn=cmd_check)

    p = sub.add_parser("render", help="print an article with gold cluster tags")
    p.add_argument("row", type=int)
    p.add_argument("gold", nargs="?", default=DEFAULT_GOLD)
    p.set_defaults(fn=cmd_render)

    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()

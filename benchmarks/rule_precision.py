"""Precision of each extraction rule on CaRB dev: the evidence behind rule confidences.

For every predicted tuple, its best CaRB match (precision side) against the gold
tuples of its sentence; averaged per rule. Prints one line per rule and a
summary line. Tune on dev only.

    uv run python benchmarks/rule_precision.py
"""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.nlp import load_nlp  # noqa: E402
from extract.pipeline import extract_lines  # noqa: E402

_spec = importlib.util.spec_from_file_location("carb", ROOT / "benchmarks" / "carb.py")
carb = importlib.util.module_from_spec(_spec)
sys.modules["carb"] = carb
_spec.loader.exec_module(carb)


def main() -> None:
    gold = carb.normalize_dict(carb.load_gold(carb.DEFAULT_GOLD))
    sentences = (carb.DEFAULT_GOLD.parent / "sentences.txt").read_text(encoding="utf-8")
    graph = extract_lines(load_nlp(), "dev", sentences, reports=True)
    per_rule: dict[str, list[float]] = defaultdict(list)
    for t in graph.triples:
        args = [t.subject.text] + ([t.object.text] if t.object else []) + [a.text for a in t.extras]
        pred = carb.Extraction(relation=t.relation.text, args=tuple(args), confidence=t.confidence)
        golds = gold.get(carb.normalize_key(t.sentence.text), [])
        best = max((carb.tuple_match(g, pred, False)[0] for g in golds), default=0.0)
        per_rule[t.rule].append(best)
    rows = sorted(per_rule.items(), key=lambda kv: -len(kv[1]))
    for rule, values in rows:
        print(f"{rule:28} n={len(values):4d} precision={sum(values) / len(values):.3f}")
    total = [v for values in per_rule.values() for v in values]
    print(f"rule precision: {len(per_rule)} rules, {len(total)} tuples, mean={sum(total) / len(total):.3f}")


if __name__ == "__main__":
    main()

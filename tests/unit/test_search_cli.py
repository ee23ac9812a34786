"""`trustcoach search`, as other tools call it, with the real default embedder."""

import json

from typer.testing import CliRunner

from bot.cli import app


def test_batch_search_writes_one_json_line_per_query_in_order(isolated_env, monkeypatch):
    monkeypatch.setenv("TRUSTCOACH_INDEX_DIR", str(isolated_env / "index"))
    queries = "Lohnt sich eine Geld-zurück-Garantie?\nWhat is a trust strategy?\n"
    result = CliRunner().invoke(app, ["search", "--json", "-k", "3"], input=queries)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"] for line in lines] == queries.splitlines()
    for line in lines:
        assert len(line["results"]) == 3
        assert set(line["results"][0]) == {"article", "title", "text", "score"}
    assert lines[0]["results"][0]["article"] in {"customer-loyalty", "give-trust"}
    assert (isolated_env / "index").exists()


def test_single_query_prints_readable_passages_and_bad_options_are_explained(isolated_env, monkeypatch):
    monkeypatch.setenv("TRUSTCOACH_INDEX_DIR", str(isolated_env / "index"))
    result = CliRunner().invoke(app, ["search", "Selbstbedienung und Vertrauen", "-k", "1", "--retriever", "bm25"])
    assert result.exit_code == 0 and "[give-trust]" in result.output
    bad = CliRunner().invoke(app, ["search", "x", "--retriever", "magic"])
    assert bad.exit_code == 2 and "hybrid, dense, bm25" in bad.output

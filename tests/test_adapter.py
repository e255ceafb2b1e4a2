"""Unit tests for assistant.adapter (merging the course adapter into the base model) and the
embedder recipe's data helpers (assistant.train_embedder), on tiny hand-made tensors."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from assistant import adapter
from assistant.adapter import ensure_adapted_model, merge_adapter, read_adapter
from assistant.basemodel import file_sha256
from assistant.errors import ModelLoadError
from assistant.settings import PROJECT_ROOT, Settings
from assistant.train_embedder import ict_batch

safetensors_numpy = pytest.importorskip("safetensors.numpy")

LAYER = "encoder.layer.1.attention.self.query"


def tiny_adapter(rank: int = 2) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {f"{LAYER}.A": rng.normal(size=(rank, 4)).astype(np.float32),
            f"{LAYER}.B": rng.normal(size=(3, rank)).astype(np.float32)}


def write_weights(folder: Path, tensors: dict[str, np.ndarray], scale: float = 0.5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    safetensors_numpy.save_file(tensors, str(folder / adapter.ADAPTER_FILE))
    manifest = {"weights_sha256": file_sha256(folder / adapter.ADAPTER_FILE), "scale": scale}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_merge_adds_scaled_low_rank_product_to_the_named_weight_only() -> None:
    base = {f"{LAYER}.weight": np.ones((3, 4), np.float32), f"{LAYER}.bias": np.zeros(3, np.float32),
            "encoder.layer.0.attention.self.query.weight": np.ones((3, 4), np.float32)}
    extra = tiny_adapter()
    merged = merge_adapter(base, extra, 0.5)
    expected = 1.0 + 0.5 * extra[f"{LAYER}.B"] @ extra[f"{LAYER}.A"]
    np.testing.assert_allclose(merged[f"{LAYER}.weight"], expected, rtol=1e-6)
    assert merged["encoder.layer.0.attention.self.query.weight"] is base["encoder.layer.0.attention.self.query.weight"]
    assert merged[f"{LAYER}.bias"] is base[f"{LAYER}.bias"]
    np.testing.assert_array_equal(base[f"{LAYER}.weight"], np.ones((3, 4)))  # the base is not changed


@pytest.mark.parametrize("broken", ["missing layer", "wrong shape", "half pair"])
def test_merge_refuses_an_adapter_that_does_not_fit(broken: str) -> None:
    base = {f"{LAYER}.weight": np.ones((3, 4), np.float32)}
    extra = tiny_adapter()
    if broken == "missing layer":
        extra = {k.replace("layer.1", "layer.9"): v for k, v in extra.items()}
    elif broken == "wrong shape":
        extra[f"{LAYER}.A"] = np.ones((2, 5), np.float32)
    else:
        del extra[f"{LAYER}.B"]
    with pytest.raises(ModelLoadError, match="does not fit"):
        merge_adapter(base, extra, 1.0)


def test_read_adapter_checks_the_manifest_checksum(tmp_path: Path) -> None:
    folder = write_weights(tmp_path / "w", tiny_adapter())
    tensors, manifest = read_adapter(folder)
    assert set(tensors) == {f"{LAYER}.A", f"{LAYER}.B"} and manifest["scale"] == 0.5
    (folder / adapter.ADAPTER_FILE).write_bytes((folder / adapter.ADAPTER_FILE).read_bytes()[:-8])
    with pytest.raises(ModelLoadError, match="checksum"):
        read_adapter(folder)
    with pytest.raises(ModelLoadError, match="missing"):
        read_adapter(tmp_path / "nowhere")


def test_ensure_adapted_model_builds_once_beside_the_base(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    base = cache / "base-model"
    base.mkdir(parents=True)
    safetensors_numpy.save_file({f"{LAYER}.weight": np.ones((3, 4), np.float32)}, str(base / "model.safetensors"))
    (base / "tokenizer.json").write_text("{}")
    monkeypatch.setattr(adapter, "ensure_base_model", lambda cache_dir, quiet=False: base)
    weights = write_weights(tmp_path / "w", tiny_adapter())
    folder = ensure_adapted_model(cache, weights_dir=weights, quiet=True)
    assert folder.parent == cache and (folder / "tokenizer.json").is_file()
    merged = safetensors_numpy.load_file(str(folder / "model.safetensors"))[f"{LAYER}.weight"]
    assert not np.allclose(merged, 1.0)
    assert not [p for p in cache.iterdir() if p.name.startswith(".building-")]
    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    assert ensure_adapted_model(cache, weights_dir=weights, quiet=True) == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp  # reused, not rebuilt


def test_shipped_adapter_is_small_matches_its_manifest_and_left_out_every_question_file() -> None:
    tensors, manifest = read_adapter()
    assert (adapter.WEIGHTS_DIR / adapter.ADAPTER_FILE).stat().st_size < 60 * 2**20
    assert all(k.endswith((".A", ".B")) for k in tensors)
    files = {str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "db" / "questions").glob("*.jsonl")}
    later = files - set(manifest["hyperparameters"]["exclude_questions"])
    if not later:
        return
    # a file written after the adapter (gnu_dev.jsonl) must ask only about held-out universities
    catalog = PROJECT_ROOT.parent / "shared" / "data" / "catalogs" / "eight_universities.csv"
    if not catalog.is_file():
        pytest.skip(f"{sorted(later)} are not in the manifest and {catalog} is not here to check them")
    import csv

    with catalog.open(encoding="utf-8", newline="") as fh:
        university = {row["강의번호"]: row["대학"] for row in csv.DictReader(fh)}
    held_out = set(manifest["hyperparameters"]["hold_out"])
    for name in sorted(later):
        for line in (PROJECT_ROOT / name).read_text(encoding="utf-8").splitlines():
            for lid in json.loads(line)["gold_lecture_ids"] if line.strip() else []:
                assert university.get(lid) in held_out, f"{name}: {lid} was not held out of training"


def test_default_embedder_is_the_adapted_model() -> None:
    from assistant.settings import ADAPTED_MODEL_ID

    assert Settings(db_path=Path("x.db")).embedding_model == ADAPTED_MODEL_ID


def test_without_rarest_leaves_out_the_words_fewest_courses_write() -> None:
    from assistant.train_embedder import without_rarest, word_courses

    items = [("서예", ["서예는 붓과 먹으로 글씨를 쓴다", "한자 서예의 역사를 본다"]),
             ("동양화", ["붓과 먹으로 그림을 그린다", "그림을 배운다"])]
    counts = word_courses(items)
    assert counts["붓과"] == 2 and counts["서예는"] == 1
    kept = without_rarest("서예는 붓과 먹으로 글씨를 쓴다", 0.4, counts)
    assert kept == "붓과 먹으로 쓴다"  # the two rarest (written by one course, first first) are out
    assert without_rarest("붓과 먹으로", 0.5, counts) == "붓과 먹으로"  # too short to thin
    rng_a, rng_b = random.Random(3), random.Random(3)
    plain = ict_batch(items, 2, rng_a)
    assert ict_batch(items, 2, rng_b, drop_rare=0.0, counts=counts) == plain  # off: the recipe as shipped


def test_ict_batch_pairs_two_sentences_of_one_course_without_its_title_or_a_repeated_title() -> None:
    items = [("자료구조", ["자료구조에서는 리스트를 배운다.", "트리와 그래프를 다룬다."]),
             ("자료구조", ["스택과 큐를 배운다.", "정렬을 다룬다."]),
             ("회계원리", ["재무제표를 읽는다.", "분개를 연습한다."]),
             ("미술사", ["르네상스 회화를 본다.", "바로크를 본다."])]
    queries, positives = ict_batch(items, 3, random.Random(1))
    titles = [p.split(": ")[1] for p in positives]
    assert len(set(titles)) == 3
    for q, p in zip(queries, positives):
        assert q.startswith("query: ") and p.startswith("passage: ")
        title = p.split(": ")[1]
        sentence = p.split(": ", 2)[2]
        assert title not in q
        course = next(s for t, s in items if t == title and sentence in s)
        assert any(q[len("query: "):] in s.replace(title, "").strip() for s in course if s != sentence)


def test_course_sentences_leave_out_held_out_rows_excluded_ids_and_one_sentence_courses(tmp_path: Path) -> None:
    from assistant.train_embedder import course_sentences

    catalog = tmp_path / "c.csv"
    rows = [
        ("A001", "자료구조", "스택과 큐의 구현을 배운다. 트리와 그래프의 탐색을 다룬다.", "가대학교"),
        ("A002", "회계원리", "재무제표를 읽는 법을 배운다. 분개를 연습한다.", "나대학교"),
        ("A003", "미술사", "르네상스 회화를 본다. 바로크 미술을 본다.", "가대학교"),
        ("A004", "철학개론", "철학의 기본 개념들을 폭넓게 다룬다.", "가대학교"),
    ]
    lines = ["학수번호,과목명,학과,교수,학점,이수구분,교과목개요,대학"]
    lines += [f"{i},{t},학과,교수,3,전공,{d},{u}" for i, t, d, u in rows]
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = course_sentences([catalog], exclude_ids={"A003"}, hold_out={"나대학교"})
    assert [t for t, _ in got] == ["자료구조"]  # 회계원리 held out, 미술사 excluded, 철학개론 one sentence
    assert got[0][1] == ["스택과 큐의 구현을 배운다.", "트리와 그래프의 탐색을 다룬다."]

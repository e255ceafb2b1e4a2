"""``python -m assistant lab …``: each study on tiny data.

Fast tests use the hashing embedder, a tiny database built through the product's ingest,
and a tiny randomly initialised BERT with a character-level unigram tokenizer standing in
for the encoder (pooling, metric, fill-mask). The ``integration`` tests at the end use the
real offline encoder.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from assistant.build import ingest
from assistant.cli import main
from assistant.lab import (baseline, common, encoder as lab_encoder, fillmask, fillmask_train, granularity, index,
                           metric, pooling)
from conftest import TINY_COURSES, HashEmbedder

QUESTIONS = [
    {"question": "현대문학비평론", "gold_lecture_ids": ["2110170001"], "type": "lookup"},
    {"question": "자료구조 교재가 뭐야?", "gold_lecture_ids": ["2150387001", "2150387002"],
     "gold_answers": ["Introduction to Algorithms"]},
    {"question": "복식부기 원리를 배우는 과목", "gold_lecture_ids": ["3120101001"], "type": "lookup"},
    {"question": "XSS 공격 방어 실습", "gold_lecture_ids": ["2150499001"], "type": "lookup"},
    {"question": "신경망 파이썬 실습 수업", "gold_lecture_ids": ["2150412001"], "type": "lookup"},
    {"question": "수영 수업 있어?", "gold_lecture_ids": [], "type": "none"},
]

KORQUAD = {"data": [
    {"title": "a", "paragraphs": [
        {"context": "서울은 대한민국의 수도이다. 인구는 약 천만 명이다.",
         "qas": [{"id": "1", "question": "대한민국의 수도는?", "answers": [{"text": "서울", "answer_start": 0}]}]},
        {"context": "부산은 항구 도시이다. 해운대 해수욕장이 유명하다.",
         "qas": [{"id": "2", "question": "해운대가 있는 도시는?", "answers": [{"text": "부산", "answer_start": 0}]}]}]},
    {"title": "b", "paragraphs": [
        {"context": "축구는 공을 발로 차서 골을 넣는 경기이다. 한 팀은 열한 명이다.",
         "qas": [{"id": "3", "question": "축구 한 팀은 몇 명?", "answers": [{"text": "열한 명", "answer_start": 27}]},
                 {"id": "4", "question": "공을 발로 차는 경기는?", "answers": [{"text": "축구", "answer_start": 0}]}]}]},
]}


# --- fixtures ----------------------------------------------------------------------------

@pytest.fixture
def tiny_db(tiny_catalog, settings):
    """The tiny catalog ingested with the hashing embedder (model id ``hash-test``)."""
    ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)
    return settings


@pytest.fixture
def questions_file(tmp_path: Path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS), encoding="utf-8")
    return path


def tiny_encoder(seed: int = 0) -> lab_encoder.Encoder:
    """A 2-layer, 16-dimensional BERT with random weights and an XLM-R-like tokenizer
    (metaspace, unigram over single characters and word-initial characters)."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    text = "".join(c[1] + c[6] for c in TINY_COURSES) + json.dumps(KORQUAD, ensure_ascii=False) + \
        "".join(q["question"] for q in QUESTIONS) + "축구는 정말 재미있는 스포츠다. 0123456789"
    chars = sorted({c for c in text if not c.isspace()})
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    vocab = [(s, 0.0) for s in specials] + [("▁", -3.0)] + [(c, -5.0) for c in chars] + [("▁" + c, -4.0) for c in chars]
    tok = Tokenizer(models.Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.add_special_tokens(specials)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", cls_token="<s>",
                                   sep_token="</s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=128, pad_token_id=1)
    return lab_encoder.Encoder(fast, BertModel(config).eval(), name="tiny-bert", max_length=64, batch_size=8)


@pytest.fixture(scope="module")
def tiny() -> lab_encoder.Encoder:
    return tiny_encoder()


@pytest.fixture
def fakes(monkeypatch, tiny):
    """The CLI's model loaders replaced: hashing embedder, tiny encoder."""
    from assistant.embed import Embedder

    monkeypatch.setattr(Embedder, "from_settings", classmethod(lambda cls, s: HashEmbedder()))
    monkeypatch.setattr(lab_encoder, "load_encoder", lambda settings, **kw: tiny)


def table(capsys) -> list[str]:
    """The printed lines (title, header, rule, rows)."""
    return capsys.readouterr().out.splitlines()


# --- common ----------------------------------------------------------------------------------

def test_top_k_orders_best_first_ties_by_index():
    scores = np.array([[0.1, 0.9, 0.5, 0.9], [1.0, 0.0, 0.2, 0.3]], dtype=np.float32)
    assert common.top_k(scores, 3).tolist() == [[1, 3, 2], [0, 3, 2]]
    assert common.top_k(scores, 9).shape == (2, 4)


def test_read_only_store_refuses_writes(tiny_db):
    store = common.open_read_only(tiny_db.db_path)
    assert len(store.courses()) == len(TINY_COURSES)
    with pytest.raises(Exception, match="readonly"):
        store.set_meta(x=1)


def test_course_groups_collapse_sections_and_hit_rates(tiny_db):
    groups = common.CourseGroups(common.open_read_only(tiny_db.db_path))
    assert groups.of("2150387002") == groups.of("2150387001") == "2150387001"
    assert len(groups.representatives()) == len(TINY_COURSES) - 1
    ranked = [["2150387002", "2110170001"], ["2110170001", "3120101001"]]
    rates = common.hit_rates(ranked, [["2150387001"], ["3120101001"]], groups, (1, 2))
    assert rates == {1: 0.5, 2: 1.0}


def test_lookup_questions_drop_none_rows(questions_file):
    rows = common.lookup_questions(questions_file)
    assert len(rows) == len(QUESTIONS) - 1 and all(r.gold_lecture_ids for r in rows)
    assert len(common.lookup_questions(questions_file, limit=2)) == 2


def test_plot_writes_png(tmp_path):
    path = common.plot_bars(tmp_path / "p.png", "제목", ["평균", "max"], {"R@1": [0.5, None]}, "recall")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_plot_without_matplotlib_gives_install_hint(tiny_db, tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    assert main(["lab", "index", "--db", str(tiny_db.db_path), "--queries", "5", "--plot", str(tmp_path / "x.png")]) == 2
    assert "pip install matplotlib" in capsys.readouterr().err


# --- pooling ---------------------------------------------------------------------------------

def test_pool_functions_ignore_padding():
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]])
    mask = np.array([[1, 1, 0]])
    assert lab_encoder.pool(hidden, mask, "cls").tolist() == [[1.0, 0.0]]
    assert lab_encoder.pool(hidden, mask, "mean").tolist() == [[2.0, 2.0]]
    assert lab_encoder.pool(hidden, mask, "max").tolist() == [[3.0, 4.0]]
    with pytest.raises(ValueError):
        lab_encoder.pool(hidden, mask, "sum")


def test_encoder_pooled_matches_per_text_encoding(tiny):
    texts = ["서울은 수도이다.", "축구", "부산은 항구 도시이다. 해운대"]
    batched = tiny.pooled(texts)
    for i, t in enumerate(texts):
        alone = tiny.pooled([t])
        for how in lab_encoder.POOLINGS:  # padding in a batch changes nothing
            assert np.allclose(batched[how][i], alone[how][0], atol=1e-5)


def test_run_pooling_on_tiny_data(tmp_path, tiny, tiny_db, questions_file):
    kq = tmp_path / "korquad.json"
    kq.write_text(json.dumps(KORQUAD, ensure_ascii=False), encoding="utf-8")
    sts = tmp_path / "sts.tsv"
    with sts.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["genre", "filename", "year", "id", "score", "sentence1", "sentence2"])
        for i, (a, b, s) in enumerate([("서울은 수도", "서울은 수도", 5), ("축구 경기", "부산 항구", 0),
                                       ("축구 경기", "축구 팀", 3), ("항구 도시", "부산 항구", 4)]):
            w.writerow(["g", "f", "y", i, s, a, b])
    store = common.open_read_only(tiny_db.db_path)
    report = pooling.run_pooling(tiny, limit=3, korquad=kq, sts=[("tiny STS", sts)], store=store,
                                 questions=common.lookup_questions(questions_file), cache_dir=tmp_path)
    assert [r.pooling for r in report.rows] == ["cls", "mean", "max"]
    assert (report.korquad_questions, report.korquad_paragraphs) == (3, 3)  # article b completes the corpus
    assert report.catalog_courses == len(TINY_COURSES) - 1 and report.catalog_questions == 5
    for r in report.rows:
        assert -100 <= r.korsts <= 100 and r.klue_sts is None
        assert 0 <= r.korquad_r1 <= r.korquad_r5 <= 1 and 0 <= r.catalog_r1 <= r.catalog_r5 <= 1
    assert list((tmp_path / "lab-pooled").glob("*.npz"))  # cached for the next run


def test_korquad_subset_keeps_whole_articles(tmp_path):
    kq = tmp_path / "k.json"
    kq.write_text(json.dumps(KORQUAD, ensure_ascii=False), encoding="utf-8")
    questions, gold, paragraphs = pooling.korquad_subset(kq, 1)
    assert questions == ["대한민국의 수도는?"] and gold == [0] and len(paragraphs) == 2
    assert len(pooling.korquad_subset(kq, 0)[0]) == 4


def test_cli_pooling_prints_table(tiny_db, questions_file, fakes, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pooling, "STS_FILES", ())
    monkeypatch.setattr(pooling, "KORQUAD_FILE", tmp_path / "absent.json")
    assert main(["lab", "pooling", "--db", str(tiny_db.db_path), "--questions", str(questions_file),
                 "--plot", str(tmp_path / "pool.png")]) == 0
    lines = table(capsys)
    assert lines[1].split()[:2] == ["pooling", "KorSTS"]
    assert [ln.split()[0] for ln in lines[3:6]] == ["cls", "mean", "max"]
    assert (tmp_path / "pool.png").is_file()


# --- metric ----------------------------------------------------------------------------------

def test_normalised_l2_and_ip_rank_identically_raw_do_not():
    rng = np.random.default_rng(0)
    corpus = rng.normal(size=(300, 16)).astype(np.float32) * rng.uniform(0.2, 5.0, size=(300, 1)).astype(np.float32)
    queries = rng.normal(size=(40, 16)).astype(np.float32)
    report = metric.compare_metrics(corpus, queries)
    rows = {(r.vectors, r.metric): r for r in report.rows}
    assert rows["normalised", "IP"].same_top10 == rows["normalised", "L2"].same_top10 == 1.0
    assert rows["raw", "IP"].same_top10 < 0.5 and rows["raw", "IP"].overlap_top10 < 1.0
    assert rows["raw", "IP"].recall_at_1 is None
    assert report.norm_min < report.norm_max


def test_exact_ties_are_ordered_by_id():
    corpus = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    for m in ("ip", "l2"):
        assert metric.ranked_ids(corpus, np.array([[1.0, 0.1]], dtype=np.float32), m, 3).tolist() == [[0, 1, 2]]


def test_cli_metric_prints_table(tiny_db, questions_file, fakes, capsys):
    assert main(["lab", "metric", "--db", str(tiny_db.db_path), "--questions", str(questions_file)]) == 0
    lines = table(capsys)
    rows = [ln.split() for ln in lines[3:]]
    assert [(r[0], r[1]) for r in rows] == [("normalised", "IndexFlatIP"), ("normalised", "IndexFlatL2"),
                                             ("raw", "IndexFlatIP"), ("raw", "IndexFlatL2")]
    assert rows[0][4] == rows[1][4] == "1.000"  # same top-10 on normalised vectors


# --- index -----------------------------------------------------------------------------------

def test_run_index_flat_is_exact_and_pq_is_smaller():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1200, 32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    base, queries = index.held_out(x, 50)
    assert len(base) == 1150 and len(queries) == 50
    rows = index.run_index(base, queries)
    assert rows[0].index == "Flat" and rows[0].recall_at_10 == 1.0
    kinds = {r.index for r in rows}
    assert {"HNSW16", "HNSW32", "IVF29,Flat", "IVF29,PQ4"} <= kinds
    flat_mb = rows[0].memory_mb
    assert all(r.memory_mb < flat_mb for r in rows if "PQ" in r.index)
    assert all(0.0 <= r.recall_at_10 <= 1.0 and r.p50_ms <= r.p95_ms for r in rows)
    ivf = [r for r in rows if r.index == "IVF29,Flat"]
    assert ivf[-1].recall_at_10 >= ivf[0].recall_at_10  # more lists probed, no worse


def test_cli_index_prints_table(tiny_db, tmp_path, capsys):
    assert main(["lab", "index", "--db", str(tiny_db.db_path), "--queries", "5",
                 "--plot", str(tmp_path / "i.png")]) == 0
    lines = table(capsys)
    assert lines[1].split()[0] == "index"
    first = lines[3].split()
    assert first[0] == "Flat" and first[-1] == "1.000"
    assert any(ln.startswith("HNSW32") for ln in lines) and any("PQ" in ln for ln in lines)
    assert (tmp_path / "i.png").is_file()


# --- granularity -----------------------------------------------------------------------------

def test_unit_texts_windows(tiny_db):
    store = common.open_read_only(tiny_db.db_path)
    units = granularity.unit_texts(store, window=2)
    assert len(units["description"][0]) == len(TINY_COURSES)
    n_sentences = store.counts()["sentences"]
    assert len(units["sentence"][0]) == n_sentences
    per_course = {lid: len(store.course_sentences(lid)) for lid in store.courses()}
    assert len(units["window-2"][0]) == sum(max(1, n - 1) for n in per_course.values())
    assert units["sentence"][0][0].startswith(store.courses()[units["sentence"][1][0]].title + ": ")


def test_run_granularity_reuses_stored_sentence_vectors(tiny_db, questions_file):
    store = common.open_read_only(tiny_db.db_path)
    embedder = HashEmbedder()
    rows = granularity.run_granularity(store, embedder, common.lookup_questions(questions_file))
    assert [r.unit for r in rows] == ["description", "sentence", "window-3"]
    embedded = [t for texts, query in embedder.calls if not query for t in texts]
    assert not set(embedded) & set(granularity.unit_texts(store)["sentence"][0])  # stored vectors reused
    assert all(0 <= r.recall_at_1 <= r.recall_at_5 <= 1 for r in rows)
    assert rows[1].vectors == store.counts()["sentences"]
    assert rows[1].recall_at_5 == 1.0  # every question shares words with its course


def test_cli_granularity_prints_table(tiny_db, questions_file, fakes, capsys):
    assert main(["lab", "granularity", "--db", str(tiny_db.db_path), "--questions", str(questions_file)]) == 0
    lines = table(capsys)
    assert [ln.split()[0] for ln in lines[3:]] == ["description", "sentence", "window-3"]


def test_granularity_needs_questions(tiny_db, capsys):
    assert main(["lab", "granularity", "--db", str(tiny_db.db_path)]) == 2
    assert "--questions" in capsys.readouterr().err


# --- baseline --------------------------------------------------------------------------------

def test_stems_strip_particles_and_question_words():
    assert baseline.stems("문학비평을 배우는 수업 있어?") == ["문학비평"]
    assert baseline.words("XSS 공격 a") == ["XSS", "공격"]


def test_run_baseline_substring_vs_retriever(tiny_db, questions_file):
    store = common.open_read_only(tiny_db.db_path)
    questions = common.lookup_questions(questions_file)
    rows = {r.method: r for r in baseline.run_baseline(store, questions, embedder=HashEmbedder(),
                                                       index_path=tiny_db.index_path)}
    whole = rows["SQL LIKE '%question%'"]
    assert whole.answered == whole.hit_at_1 == 0.2  # only the bare title matches as a substring
    assert rows["SQL LIKE per word"].hit_at_3 > whole.hit_at_3
    assert rows["hybrid (product)"].hit_at_3 == 1.0
    assert all(r.hit_at_1 <= r.hit_at_3 <= r.answered + 1e-9 for r in rows.values())


def test_cli_baseline_prints_table(tiny_db, questions_file, fakes, tmp_path, capsys):
    assert main(["lab", "baseline", "--db", str(tiny_db.db_path), "--questions", str(questions_file),
                 "--plot", str(tmp_path / "b.png")]) == 0
    lines = table(capsys)
    assert lines[1].split()[:3] == ["method", "answered", "hit@1"]
    assert any(ln.startswith("hybrid (product)") for ln in lines)
    assert (tmp_path / "b.png").is_file()


def test_cli_rerank_prints_orders_and_separation(tiny_db, questions_file, fakes, tmp_path, monkeypatch, capsys):
    import numpy as np

    from assistant.lab import rerank

    def scores(self, question, sentences):  # the model faked: shared words
        words = set(question.split())
        return np.array([min(1.0, 0.3 * len(words & set(s.split()))) for s in sentences])

    monkeypatch.setattr(rerank.Reranker, "scores", scores)
    assert main(["lab", "rerank", "--weights", str(tmp_path), "--db", str(tiny_db.db_path),
                 "--questions", str(questions_file)]) == 0
    lines = table(capsys)
    assert lines[1].split()[:3] == ["order", "hit@1", "hit@3"]
    assert [ln.split()[0] for ln in lines[3:6]] == ["retriever", "re-ranker", "fused"]
    assert "AUC" in lines[-1]


def test_cli_rerank_needs_weights_and_questions(tiny_db, capsys):
    assert main(["lab", "rerank", "--db", str(tiny_db.db_path)]) == 2
    assert "--weights" in capsys.readouterr().err


def test_lab_on_missing_database_is_one_line_error(tmp_path, capsys):
    assert main(["lab", "index", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database" in capsys.readouterr().err


# --- fill-mask -------------------------------------------------------------------------------

def test_masked_input_continues_glued_text(tiny):
    tok = tiny.tokenizer
    ids, position, word_start = fillmask.masked_input(tok, "축구는 정말 재미있는 [MASK]다.")
    pieces = tok.convert_ids_to_tokens(ids)
    assert pieces[position] == "<mask>" and word_start
    assert pieces[position + 1] == "다"  # a continuation, not "▁다"
    assert pieces[0] == "<s>" and pieces[-1] == "</s>"
    _, _, inside = fillmask.masked_input(tok, "재미있는 스포[MASK] 경기")
    assert not inside
    with pytest.raises(Exception, match="exactly one"):
        fillmask.masked_input(tok, "no mask here")


def test_layer_states_run_only_the_first_layers(tiny):
    import torch

    enc = tiny.tokenizer(["축구는 경기이다", "서울"], padding=True, return_tensors="pt")
    with torch.inference_mode():
        full = tiny.model(**enc, output_hidden_states=True)
    first = fillmask.layer_states(tiny.model, 1, enc["input_ids"], enc["attention_mask"])
    assert torch.allclose(first, full.hidden_states[1], atol=1e-5)
    assert not torch.allclose(first, full.last_hidden_state, atol=1e-3)
    assert len(tiny.model.encoder.layer) == 2  # the model is whole again
    last = fillmask.layer_states(tiny.model, -1, enc["input_ids"], enc["attention_mask"])
    assert torch.allclose(last, full.last_hidden_state, atol=1e-5)


def test_corpus_splits_heldout_by_article_and_catalog_tail(tmp_path):
    kq = tmp_path / "k.json"
    data = {"data": [{"title": str(a), "paragraphs": [{"context": f"문서 {a} 번째 문장입니다. 두 번째 문장도 있습니다.",
                                                        "qas": []}]} for a in range(120)]}
    kq.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cat = tmp_path / "c.csv"
    with cat.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["학수번호", "교과목개요"])
        w.writerows([[i, f"과목 {i}의 설명 문장이다."] for i in range(20)])
    train, heldout = fillmask_train.corpus(kq, [cat])
    assert len(heldout) == 2 * 20 + 2  # articles 100-119, last tenth of the catalog
    assert "과목 19의 설명 문장이다." in heldout and "과목 0의 설명 문장이다." in train


def test_accuracy_counts_top1_and_top5():
    import torch

    d, vocab = 4, np.array([7, 8, 9, 10, 11, 12], dtype=np.int32)
    tensors = {"dense.weight": np.zeros((d, d), np.float32), "dense.bias": np.zeros(d, np.float32),
               "ln.weight": np.ones(d, np.float32), "ln.bias": np.zeros(d, np.float32),
               "decoder.bias": np.array([6, 5, 4, 3, 2, 1], np.float32), "vocab_ids": vocab}
    decoder = torch.zeros(len(vocab), d)
    hidden = np.zeros((4, d), np.float32)
    top1, top5 = fillmask_train.accuracy(torch, tensors, decoder, hidden, np.array([7, 8, 12, 99]))
    assert (top1, top5) == (0.25, 0.5)


def test_train_save_load_and_fill(tiny, tmp_path, monkeypatch, capsys):
    train = [c[6] for c in TINY_COURSES] * 3
    heldout = [KORQUAD["data"][0]["paragraphs"][0]["context"], "축구는 정말 재미있는 스포츠다."]
    tensors, scores = fillmask_train.train_head(tiny, train, heldout, minutes=0.05, layer=1, vocab_size=50, epochs=2,
                                          progress=False)
    d = tiny.model.config.hidden_size
    assert tensors["dense.weight"].shape == (d, d) and len(tensors["vocab_ids"]) == scores.vocab <= 50
    assert tensors["decoder.bias"].shape == (scores.vocab,)
    assert 0 <= scores.top1 <= scores.top5 <= 1 and 0 <= scores.unigram_top1 <= scores.unigram_top5 <= 1
    assert scores.heldout_tokens > 0 and scores.train_tokens > 0 and scores.encoder == "tiny-bert"
    path = fillmask.save_head(tensors, scores, tmp_path / "head.safetensors")
    loaded, again = fillmask.load_head(path)
    assert again == scores and np.array_equal(loaded["vocab_ids"], tensors["vocab_ids"])
    assert scores.layer == 1
    fillers = fillmask.fill_mask(tiny, loaded, "축구는 정말 재미있는 [MASK]다.", layer=1)
    assert [f.rank for f in fillers] == [1, 2, 3, 4, 5]
    probs = [f.probability for f in fillers]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0 + 1e-6

    monkeypatch.setattr(lab_encoder, "load_encoder", lambda settings, **kw: tiny)
    assert main(["lab", "fillmask", "--head", str(path)]) == 0
    lines = table(capsys)
    assert lines[1].split() == ["predictor", "top-1", "top-5"] and lines[3].startswith("head")
    assert sum(1 for ln in lines if ln[:1].isdigit()) == 5  # five fillers


def test_cli_fillmask_train_writes_head_and_prints_tables(tiny, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(lab_encoder, "load_encoder", lambda settings, **kw: tiny)
    monkeypatch.setattr(fillmask_train, "corpus", lambda: ([c[6] for c in TINY_COURSES] * 2, [c[6] for c in TINY_COURSES]))
    head = tmp_path / "head.safetensors"
    assert main(["lab", "fillmask", "--train", "--minutes", "0.02", "--layer", "1", "--head", str(head)]) == 0
    lines = table(capsys)
    assert lines[0].startswith(f"wrote {head}") and head.stat().st_size < 100_000
    assert lines[4].startswith("head") and lines[5].startswith("unigram (no context)")


def test_fillmask_without_head_says_how_to_train(tiny, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(lab_encoder, "load_encoder", lambda settings, **kw: tiny)
    assert main(["lab", "fillmask", "--head", str(tmp_path / "none.safetensors")]) == 2
    assert "--train" in capsys.readouterr().err


# --- the real encoder --------------------------------------------------------------------------

@pytest.mark.integration
def test_mean_pooling_matches_the_product_embedder(model_cache_dir):
    from assistant.embed import Embedder
    from assistant.settings import Settings

    settings = Settings(cache_dir=model_cache_dir)
    texts = ["자료구조 수업의 교재는 무엇인가?", "축구는 정말 재미있는 스포츠다."]
    ours = lab_encoder.normalized(lab_encoder.load_encoder(settings).pooled(["query: " + t for t in texts])["mean"])
    theirs = Embedder(cache_dir=model_cache_dir, quantize=False, backend="torch").run(texts, query=True)
    assert np.allclose(ours, theirs, atol=1e-4)


@pytest.mark.integration
def test_fillmask_inputs_on_the_real_encoder(model_cache_dir):
    import torch

    from assistant.settings import Settings

    enc = lab_encoder.load_encoder(Settings(cache_dir=model_cache_dir))
    ids, position, word_start = fillmask.masked_input(enc.tokenizer, "축구는 정말 재미있는 [MASK]다.")
    pieces = enc.tokenizer.convert_ids_to_tokens(ids)
    assert pieces[position] == "<mask>" and pieces[position - 1] == "는" and word_start
    assert pieces[position + 1] == "다"  # glued text continues the masked word
    batch = enc.tokenizer(["축구는 정말 재미있는 스포츠다."], return_tensors="pt")
    with torch.inference_mode():
        full = enc.model(**batch, output_hidden_states=True)
    four = fillmask.layer_states(enc.model, fillmask.DEFAULT_LAYER, batch["input_ids"], batch["attention_mask"])
    assert torch.allclose(four, full.hidden_states[fillmask.DEFAULT_LAYER], atol=1e-4)
    if fillmask.HEAD_FILE.is_file():  # a head was trained into the package: it must load and fill
        tensors, scores = fillmask.load_head()
        assert fillmask.HEAD_FILE.stat().st_size < 5_000_000 and scores.encoder == enc.name
        assert len(fillmask.fill_mask(enc, tensors, "축구는 정말 재미있는 [MASK]다.", layer=scores.layer)) == 5

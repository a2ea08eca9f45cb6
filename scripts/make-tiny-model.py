#!/usr/bin/python3
"""Writes tests/fixtures/tiny-model/: a tiny random-weight BERT encoder that transformers.js loads
like any hub model (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx and
onnx/model_quantized.onnx).

No pretrained weights can be fetched here, so the tests run the real transformers.js and
onnxruntime path on this stand-in. The graph is a genuine post-LN BERT (embeddings, masked
multi-head self-attention, GELU feed-forward, residuals, LayerNormalization) so that vectors
depend on the content and padded positions are truly masked out. Weights come from a fixed
seed: running the script twice writes byte-identical files.

Run with Debian's python (it has onnx and numpy):  /usr/bin/python3 scripts/make-tiny-model.py
scripts/make-bench-model.py reuses build_encoder() and quantize_dynamic() for the e5-small shape.
"""

import json
import math
import os
import sys
import unicodedata

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # first opset with LayerNormalization; the newest onnx 1.12 knows.
IR_VERSION = 8


class GraphBuilder:
    """Small helper over onnx.helper that names nodes and keeps initializers together."""

    def __init__(self):
        self.nodes = []
        self.initializers = []
        self._count = 0

    def name(self, prefix):
        self._count += 1
        return f"{prefix}_{self._count}"

    def const(self, array, prefix="const"):
        name = self.name(prefix)
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, n_out=1, **attrs):
        outputs = [self.name(op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=self.name(op_type), **attrs))
        return outputs[0] if n_out == 1 else outputs


def _layer_norm(g, x, hidden, rng, eps, prefix):
    gamma = (1.0 + 0.05 * rng.standard_normal(hidden)).astype(np.float32)
    beta = (0.05 * rng.standard_normal(hidden)).astype(np.float32)
    return g.op(
        "LayerNormalization",
        [x, g.const(gamma, f"{prefix}.weight"), g.const(beta, f"{prefix}.bias")],
        axis=-1,
        epsilon=eps,
    )


def _linear(g, x, n_in, n_out, rng, std, prefix):
    w = (std * rng.standard_normal((n_in, n_out))).astype(np.float32)
    b = (0.02 * rng.standard_normal(n_out)).astype(np.float32)
    return g.op("Add", [g.op("MatMul", [x, g.const(w, f"{prefix}.weight")]), g.const(b, f"{prefix}.bias")])


def _gelu(g, x):
    # Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))), as BERT's "gelu".
    erf = g.op("Erf", [g.op("Div", [x, g.const(np.float32(math.sqrt(2.0)))])])
    return g.op("Mul", [g.op("Mul", [x, g.const(np.float32(0.5))]), g.op("Add", [erf, g.const(np.float32(1.0))])])


def build_encoder(cfg, seed, embedding_std=0.5, weight_std=None):
    """Returns an onnx.ModelProto of a BERT encoder with random weights of shape `cfg`.

    Inputs input_ids, attention_mask, token_type_ids: int64 [batch, seq];
    output last_hidden_state: float32 [batch, seq, hidden].
    """
    rng = np.random.default_rng(seed)
    hidden = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    head_dim = hidden // heads
    inter = cfg["intermediate_size"]
    eps = cfg["layer_norm_eps"]
    # Scaled so activations stay O(1) through the layers whatever the width.
    weight_std = weight_std if weight_std is not None else 1.0 / math.sqrt(hidden)

    g = GraphBuilder()

    # Embeddings: word + absolute position + token type, then LayerNorm.
    word = (embedding_std * rng.standard_normal((cfg["vocab_size"], hidden))).astype(np.float32)
    # Positions and types weigh less than words, as in trained BERTs: otherwise every text would
    # share a large position component and all vectors would look alike.
    pos = (0.2 * embedding_std * rng.standard_normal((cfg["max_position_embeddings"], hidden))).astype(np.float32)
    typ = (0.2 * embedding_std * rng.standard_normal((cfg["type_vocab_size"], hidden))).astype(np.float32)
    word_emb = g.op("Gather", [g.const(word, "embeddings.word_embeddings.weight"), "input_ids"], axis=0)
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const(np.int64(1))], axis=0)
    position_ids = g.op("Range", [g.const(np.int64(0)), seq_len, g.const(np.int64(1))])
    pos_emb = g.op("Gather", [g.const(pos, "embeddings.position_embeddings.weight"), position_ids], axis=0)
    type_emb = g.op("Gather", [g.const(typ, "embeddings.token_type_embeddings.weight"), "token_type_ids"], axis=0)
    x = g.op("Add", [g.op("Add", [word_emb, pos_emb]), type_emb])
    x = _layer_norm(g, x, hidden, rng, eps, "embeddings.LayerNorm")

    # Additive mask [batch, 1, 1, seq]: 0 where attended, a large negative where padded, so
    # softmax gives padded keys an exact zero weight and padding cannot move real tokens.
    mask_f = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    additive = g.op("Mul", [g.op("Sub", [g.const(np.float32(1.0)), mask_f]), g.const(np.float32(-1e4))])
    additive = g.op("Unsqueeze", [additive, g.const(np.array([1, 2], dtype=np.int64))])

    split_shape = g.const(np.array([0, 0, heads, head_dim], dtype=np.int64), "split_heads_shape")
    merge_shape = g.const(np.array([0, 0, hidden], dtype=np.int64), "merge_heads_shape")
    scale = g.const(np.float32(1.0 / math.sqrt(head_dim)), "attention_scale")

    for layer in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{layer}"

        def heads_of(t, perm):
            return g.op("Transpose", [g.op("Reshape", [t, split_shape])], perm=perm)

        q = heads_of(_linear(g, x, hidden, hidden, rng, weight_std, f"{p}.attention.self.query"), [0, 2, 1, 3])
        k = heads_of(_linear(g, x, hidden, hidden, rng, weight_std, f"{p}.attention.self.key"), [0, 2, 3, 1])
        v = heads_of(_linear(g, x, hidden, hidden, rng, weight_std, f"{p}.attention.self.value"), [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), additive])
        probs = g.op("Softmax", [scores], axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, merge_shape])
        attn = _linear(g, ctx, hidden, hidden, rng, weight_std, f"{p}.attention.output.dense")
        x = _layer_norm(g, g.op("Add", [x, attn]), hidden, rng, eps, f"{p}.attention.output.LayerNorm")

        ff = _gelu(g, _linear(g, x, hidden, inter, rng, weight_std, f"{p}.intermediate.dense"))
        ff = _linear(g, ff, inter, hidden, rng, 1.0 / math.sqrt(inter), f"{p}.output.dense")
        x = _layer_norm(g, g.op("Add", [x, ff]), hidden, rng, eps, f"{p}.output.LayerNorm")

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))

    ints = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch_size", "sequence_length"])
    graph = helper.make_graph(
        g.nodes,
        "bert_encoder",
        [ints("input_ids"), ints("attention_mask"), ints("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", hidden])],
        initializer=g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="ask-vault")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def _int8_symmetric(w):
    scale = float(np.max(np.abs(w))) / 127.0 or 1.0
    return np.clip(np.round(w / scale), -127, 127).astype(np.int8), np.float32(scale)


def quantize_dynamic(model):
    """Returns a q8 copy of `model`, in the layout onnxruntime's quantize_dynamic produces
    (what transformers.js loads as model_quantized.onnx): each MatMul by a constant weight becomes
    DynamicQuantizeLinear + MatMulInteger on int8 weights, and the embedding tables are stored
    as int8, their gathered rows dequantized."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)

    new_nodes = []
    new_inits = []
    dropped = set()
    for node in graph.node:
        weight = node.input[1] if node.op_type == "MatMul" and node.input[1] in inits else None
        table = node.input[0] if node.op_type == "Gather" and node.input[0] in inits else None
        if weight and len(numpy_helper.to_array(inits[weight]).shape) == 2:
            w_q, w_scale = _int8_symmetric(numpy_helper.to_array(inits[weight]))
            n = node.name
            new_inits += [
                numpy_helper.from_array(w_q, f"{weight}_quantized"),
                numpy_helper.from_array(np.int8(0), f"{weight}_zero_point"),
                numpy_helper.from_array(w_scale, f"{weight}_scale"),
            ]
            dropped.add(weight)
            x = node.input[0]
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [x], [f"{n}_xq", f"{n}_xs", f"{n}_xz"], name=f"{n}_quant"),
                helper.make_node(
                    "MatMulInteger", [f"{n}_xq", f"{weight}_quantized", f"{n}_xz", f"{weight}_zero_point"],
                    [f"{n}_int"], name=f"{n}_matmul"),
                helper.make_node("Cast", [f"{n}_int"], [f"{n}_float"], to=TensorProto.FLOAT, name=f"{n}_cast"),
                helper.make_node("Mul", [f"{n}_xs", f"{weight}_scale"], [f"{n}_scale"], name=f"{n}_scale_mul"),
                helper.make_node("Mul", [f"{n}_float", f"{n}_scale"], list(node.output), name=f"{n}_out"),
            ]
        elif table and len(numpy_helper.to_array(inits[table]).shape) == 2:
            t_q, t_scale = _int8_symmetric(numpy_helper.to_array(inits[table]))
            n = node.name
            new_inits += [
                numpy_helper.from_array(t_q, f"{table}_quantized"),
                numpy_helper.from_array(np.int8(0), f"{table}_zero_point"),
                numpy_helper.from_array(t_scale, f"{table}_scale"),
            ]
            dropped.add(table)
            # Gather the int8 rows first, then dequantize only those (not the whole table).
            new_nodes += [
                helper.make_node("Gather", [f"{table}_quantized", node.input[1]], [f"{n}_rows"], axis=0, name=n),
                helper.make_node(
                    "DequantizeLinear", [f"{n}_rows", f"{table}_scale", f"{table}_zero_point"],
                    list(node.output), name=f"{n}_dequant"),
            ]
        else:
            new_nodes.append(node)

    kept = [t for t in graph.initializer if t.name not in dropped]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    onnx.checker.check_model(model)
    return model


def save_model(model, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


# --- The tiny BERT WordPiece tokenizer -------------------------------------------------------

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Every character gets a word-initial and a continuation piece, so no French or English word
# falls to [UNK]. Accented letters are pieces of their own (the normalizer keeps accents).
LETTERS = "abcdefghijklmnopqrstuvwxyzàâäæçéèêëîïôöœùûüÿñ"
OTHER_CHARS = "0123456789'’\"«»“”.,;:!?()[]{}-–—_/\\@#$%&*+=<>|~^`°€…"

FRENCH_WORDS = """
le la les un une des du de d l au aux et ou où mais donc or ni car que qu qui quoi dont
ce cet cette ces se sa son ses mon ma mes ton ta tes notre nos votre vos leur leurs
je j tu il elle on nous vous ils elles me m te t lui eux moi toi y en ne n pas plus
est sont été être était étaient sera serait avoir ai as a avons avez ont avait eu aura
fait faire fais dit dire peut pouvoir veut vouloir doit devoir va aller vais sais savoir
voir vu trouve trouver pense penser crois croire demande demandé demander répond réponse
avec sans pour par sur sous dans entre vers chez depuis pendant avant après contre selon
très bien aussi encore toujours jamais déjà alors ainsi comme comment pourquoi quand
tout tous toute toutes autre autres même mêmes chaque plusieurs quelque quelques
ici là oui non peu beaucoup trop moins assez enfin ensuite cependant toutefois
journal journaux note notes projet projets idée idées question questions ami amie amis
lundi mardi mercredi jeudi vendredi samedi dimanche
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
jour jours semaine mois année ans heure heures matin soir hier aujourd demain
modèle modèles données document documents texte recherche résultat résultats
entraînement pré apprentissage langage algorithme algorithmes information
créer poc rag récupération génération augmentée requête utilisateur contexte
domaine expert manuscrit épisode science liste solution solutions approche
coût efficace efficacité ressources calcul humain humains tâche complexe
livre lecture travail maison voyage famille réunion code logiciel application
premier première dernier dernière nouveau nouvelle grand grande petit petite bon bonne
deux trois quatre cinq six sept huit neuf dix cent mille
partagé partager lire lu écrire écrit préciser explication fonctionnement
""".split()

ENGLISH_WORDS = """
the a an and or but if then so of to in on at by for with from as is are was were be been
it its this that these those he she they we you i me my our your their his her them us
not no yes do does did done have has had will would can could should may might must
what which who whom when where why how all any each some many more most other such
about into over under after before between through during without within again also
very just only still even well much new old first last good great small large long
note notes journal project question answer friend model data text search result
training language learning retrieval augmented generation query user context
day week month year today yesterday tomorrow time work home book code
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
""".split()

SUFFIXES = """
s e es er ez é ée és ées ent ant ait aient ons ions ment tion tions sion ité ités
eur eurs euse ique iques isme iste age ages ance ence able ible al aux elle elles
ing ed ly ness less ful ous ive ity ation ations er ers est ist ism
""".split()

PREFIXES = """
re ré dé in im pré pro con com trans inter sur sous anti auto multi
un dis mis over under out sub super pre post co
""".split()


def tiny_vocabulary():
    pieces = list(SPECIALS)
    seen = set(pieces)

    def add(piece):
        if piece not in seen:
            seen.add(piece)
            pieces.append(piece)

    for ch in LETTERS + OTHER_CHARS:
        add(ch)
    for ch in LETTERS + "0123456789":
        add("##" + ch)
    for word in FRENCH_WORDS + ENGLISH_WORDS:
        add(unicodedata.normalize("NFC", word.lower()))
    for prefix in PREFIXES:
        add(prefix)
    for suffix in SUFFIXES:
        add("##" + suffix)
    # Common two- and three-letter continuations make unknown words split into a few pieces
    # instead of one per letter, as a trained WordPiece vocabulary would.
    frequent = "eaisnrtoludcmpévqfbghjxyzèàêç"
    for a in frequent:
        for b in frequent:
            add("##" + a + b)
    return {piece: i for i, piece in enumerate(pieces)}


def bert_tokenizer_json(vocab, max_length):
    special_id = lambda t: vocab[t]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": special_id(t), "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for t in SPECIALS
        ],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "NFC"},
                {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                 "strip_accents": False, "lowercase": True},
            ],
        },
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [special_id("[CLS]")], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [special_id("[SEP]")], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {
            "type": "WordPiece",
            "unk_token": "[UNK]",
            "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100,
            "vocab": vocab,
        },
    }


def tiny_config(vocab, max_length, architecture):
    """config.json of the tiny BERT (also the tiny cross-encoder's, see make-tiny-cross-encoder.py)."""
    return {
        "architectures": [architecture],
        "model_type": "bert",
        "vocab_size": len(vocab),
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 64,
        "hidden_act": "gelu",
        "max_position_embeddings": max_length,
        "type_vocab_size": 2,
        "layer_norm_eps": 1e-12,
        "pad_token_id": vocab["[PAD]"],
        "initializer_range": 0.02,
    }


def write_tokenizer(out, vocab, max_length):
    write_json(os.path.join(out, "tokenizer.json"), bert_tokenizer_json(vocab, max_length))
    write_json(os.path.join(out, "tokenizer_config.json"), {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "strip_accents": False,
        "model_max_length": max_length,
        "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]",
        "clean_up_tokenization_spaces": True,
    })


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "fixtures", "tiny-model")
    vocab = tiny_vocabulary()
    max_length = 128
    cfg = tiny_config(vocab, max_length, "BertModel")
    model = build_encoder(cfg, seed=20241226)
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    save_model(model, os.path.join(out, "onnx", "model.onnx"))
    save_model(quantize_dynamic(model), os.path.join(out, "onnx", "model_quantized.onnx"))
    write_json(os.path.join(out, "config.json"), cfg)
    write_tokenizer(out, vocab, max_length)
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(
            "# tiny-model\n\n"
            "A random-weight BERT encoder (2 layers, hidden 32, 2 heads, "
            f"{len(vocab)} WordPiece tokens, {max_length} positions) for tests only: its vectors carry no meaning.\n"
            "Generated by `/usr/bin/python3 scripts/make-tiny-model.py`; do not edit by hand.\n"
        )
    print(f"wrote {out} (vocab {len(vocab)})")


if __name__ == "__main__":
    main()

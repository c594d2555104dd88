"""Many answers at once: tokens/s of the engines `batch_llm` chooses between, on the real backup's instructions.

Run from the project venv:  .venv/bin/python bench/generate.py [--items 10] [--draws 4] [--tokens 256]
The eval stage answers items x draws prompts per model (10 x 4 by default), sampled at temperature 1, 256 tokens at
most; on-policy DPO answers ~100. This bench asks SmolLM2-135M-Instruct (the embedded base: its HF folder, and an f16
GGUF converted from that folder, as the quantize stage exports a twin) for answers to `items` instructions of the real
backup (../shared/data/llm-engineers-handbook-raw, its instruction dataset built by the datasets stage), `draws` each:
- llama.cpp, f16 GGUF, 10 at a time (the eval's old batches: one draw of the 10 items per call),
- llama.cpp, f16 GGUF, all together,
- transformers fp32, all together; transformers bf16, all together (where the CPU multiplies bf16 natively).
Tokens are counted by the model's tokenizer; the sampled answers differ between engines, so it is tokens/s that is
compared. Ends with `speedup=<tokens/s of batch_llm's auto choice, all together / llama.cpp's 10 at a time>`.
"""
import argparse, os, sys, time, tempfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from train import backup_workspace
from llmtwin.core import cpu_bf16, cuda_available
from llmtwin.registry import Registry
from llmtwin.llm import LlamaCppLLM, TransformersLLM, Sampling, batch_engine
from llmtwin.training.quantize import to_gguf
from llmtwin.training.train import split_rows

def measure(llm, prompts:list[str], seeds:list[int], count)->dict:
    t0 = time.perf_counter(); out = llm.batch(prompts, seeds=seeds); s = time.perf_counter() - t0
    n = sum(count(o) for o in out)
    return dict(answers=len(out), tokens=n, seconds=round(s, 1), tokens_per_s=round(n / s, 1))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--items', type=int, default=10); ap.add_argument('--draws', type=int, default=4)
    ap.add_argument('--tokens', type=int, default=256)
    a = ap.parse_args()
    ws = backup_workspace()
    rows = (split_rows(ws, 'test') + split_rows(ws, 'train'))[:a.items]
    prompts = [r['instruction'] for _ in range(a.draws) for r in rows]
    seeds = [42 + d for d in range(a.draws) for _ in rows]
    reg = Registry(ws)
    hf = reg.resolve('smollm2-135m-instruct')
    gguf = to_gguf(hf, Path(tempfile.mkdtemp())/'base-f16.gguf', 'f16')
    sp = Sampling(1.0, 1.0, a.tokens, 42)
    n = len(prompts)
    print(f'{len(rows)} instructions of the real backup x {a.draws} draws = {n} answers, {a.tokens} tokens at most, '
          f'temperature 1; {os.cpu_count()} cores, bf16 units: {cpu_bf16()}, CUDA: {cuda_available()}', file=sys.stderr)
    cpp = lambda b: LlamaCppLLM(str(gguf), sp, batch_size=b)
    res, count = {}, TransformersLLM(hf, sp).count_tokens
    res['llama.cpp f16, 10 at a time'] = measure(cpp(10), prompts, seeds, count)
    res[f'llama.cpp f16, {n} together'] = measure(cpp(n), prompts, seeds, count)
    res[f'transformers fp32, {n} together'] = measure(TransformersLLM(hf, sp, batch_size=n), prompts, seeds, count)
    if cpu_bf16() or cuda_available():
        res[f'transformers bf16, {n} together'] = measure(TransformersLLM(hf, sp, dtype='bfloat16', batch_size=n),
                                                          prompts, seeds, count)
    for k, r in res.items():
        print(f"{k:34s} {r['tokens']:6d} tokens in {r['seconds']:6.1f} s: {r['tokens_per_s']:6.1f} tok/s")
    auto = (f'transformers bf16, {n} together' if batch_engine() == 'transformers' and (cpu_bf16() or cuda_available())
            else f'llama.cpp f16, {n} together')
    print(f'auto engine here: {auto}')
    print(f"speedup={res[auto]['tokens_per_s'] / res['llama.cpp f16, 10 at a time']['tokens_per_s']:.2f}")

if __name__ == '__main__': main()

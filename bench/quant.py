"""Decode speed of the twin's quantized files against transformers fp32, and prompt lookup / prefix reuse on RAG prompts.

Run from the project venv:  .venv/bin/python bench/quant.py [tokens=96]
Model: the embedded SmolLM2-135M-Instruct (the CPU twin's architecture), converted here to GGUF f16 and quantized to
q8_0 and q4_k_m by this project's `llmtwin.training.quantize`. Prompts: RAG prompts built from the real backup
(../shared/data/llm-engineers-handbook-raw): three extracts of one article as context and a question about it, as the
rag stage writes them. Everything greedy, in one process, the same prompts for every variant:
1. decode tokens/s (the end token does not stop the count): transformers fp32 against llama.cpp f16, q8_0, q4_k_m;
2. prompt lookup decoding (drafts copied from the prompt; RAG answers copy from their context), tokens/s against plain
   decoding, transformers and llama.cpp q4_k_m, and whether the greedy text is unchanged;
3. prefix reuse in llama.cpp: two questions on the same context, the second call evaluating only the new suffix,
   against a reset cache;
4. batched generation (the eval stage's path, 8 prompts a batch) against one prompt at a time, transformers.
Ends with `gguf_speedup=<q4_k_m llama.cpp decode / transformers fp32 decode>`.
"""
import sys, time, json, tempfile
from pathlib import Path
from llmtwin.core import shared_data, peak_rss_mb
from llmtwin.registry import Registry
from llmtwin.llm import load_llm
from llmtwin.training.quantize import to_gguf, quantize_gguf

def rag_prompts(tok, n:int=4)->list[str]:
    "RAG prompts from the backup's articles: context of three extracts, a question on them"
    arts = json.loads((shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')/'ArticleDocument.json').read_text())
    out = []
    for a in [a for a in arts if len((a.get('content') or {}).get('Content') or '') > 4000][:n]:
        text = (a.get('content') or {}).get('Content') or ''
        ctx = '\n\n'.join(f'[{i+1}] {text[j:j+700]}' for i, j in enumerate((0, 1500, 3000)))
        msg = f'Answer from the context, in the author\'s words, citing [n].\n\nContext:\n{ctx}\n\nQuestion: What is this article about?'
        out.append(tok.apply_chat_template([{'role': 'user', 'content': msg}], tokenize=False, add_generation_prompt=True))
    return out

def timed(f):
    t0 = time.perf_counter(); r = f(); return r, time.perf_counter() - t0

def hf_generate(llm, prompt:str, tokens:int, lookup:int=0)->tuple[str, float, int]:
    "Greedy transformers generation of exactly `tokens` new tokens, with prompt lookup drafts of `lookup` tokens or not"
    torch = llm.torch
    ids = llm.tok(prompt, return_tensors='pt', add_special_tokens=False)['input_ids']
    kw = dict(max_new_tokens=tokens, min_new_tokens=tokens, do_sample=False, temperature=None, top_p=None, top_k=None, pad_token_id=llm.tok.pad_token_id)
    if lookup: kw['prompt_lookup_num_tokens'] = lookup
    with torch.inference_mode(): out, s = timed(lambda: llm.model.generate(ids, attention_mask=torch.ones_like(ids), **kw))
    new = out[0, ids.shape[1]:]
    return llm.tok.decode(new), s, len(new)

def cpp_generate(m, prompt:str, tokens:int)->tuple[str, float, int]:
    "Greedy llama.cpp generation of `tokens` new tokens (the end token does not stop it)"
    ids = m.tokenize(prompt.encode(), add_bos=False, special=True)
    m.reset(); out = []
    t0 = time.perf_counter()
    for t in m.generate(ids, top_k=1, top_p=1.0, temp=0.0, reset=True):
        out.append(t)
        if len(out) >= tokens: break
    return m.detokenize(out).decode(errors='replace'), time.perf_counter() - t0, len(out)

def main(tokens:int=96):
    from llama_cpp import Llama
    from llama_cpp.llama_speculative import LlamaPromptLookupDecoding
    reg, d = Registry(), Path(tempfile.mkdtemp())
    src = reg.resolve('smollm2-135m-instruct')
    f16 = to_gguf(src, d/'f16.gguf')
    files = {'f16': f16, 'q8_0': Path(quantize_gguf(f16, d/'q8_0.gguf', 'q8_0')['path']), 'q4_k_m': Path(quantize_gguf(f16, d/'q4_k_m.gguf', 'q4_k_m')['path'])}
    hf = load_llm(src)
    prompts = rag_prompts(hf.tok)
    res = {}
    # 1. decode speed per variant (LLM.speed: prefill timed apart from decode)
    res['decode'] = {'transformers fp32': [hf.speed(p, tokens) for p in prompts]}
    for k, f in files.items():
        m = load_llm(f, n_ctx=4096)
        res['decode'][f'llama.cpp {k}'] = [m.speed(p, tokens) for p in prompts]
        del m
    dec = {k: round(sum(x['decode_tok_s'] for x in v) / len(v), 1) for k, v in res['decode'].items()}
    pre = {k: round(sum(x['prompt_tok_s'] for x in v) / len(v), 1) for k, v in res['decode'].items()}
    for k in dec: print(f'{k:>18}: decode {dec[k]:7.1f} tok/s, prompt {pre[k]:8.1f} tok/s', flush=True)
    # 2. prompt lookup decoding against plain decoding, same prompts, whole generation timed (prefill included)
    look = {}
    plain = [hf_generate(hf, p, tokens) for p in prompts]; pl = [hf_generate(hf, p, tokens, 10) for p in prompts]
    look['transformers fp32'] = dict(plain=sum(n for *_, n in plain) / sum(s for _, s, _ in plain), lookup=sum(n for *_, n in pl) / sum(s for _, s, _ in pl),
                                     same_text=sum(a[0] == b[0] for a, b in zip(plain, pl)))
    m0 = Llama(model_path=str(files['q4_k_m']), n_ctx=4096, verbose=False)
    m1 = Llama(model_path=str(files['q4_k_m']), n_ctx=4096, verbose=False, logits_all=True,  # drafts are verified on every position's logits
               draft_model=LlamaPromptLookupDecoding(num_pred_tokens=10))
    plain = [cpp_generate(m0, p, tokens) for p in prompts]; pl = [cpp_generate(m1, p, tokens) for p in prompts]
    look['llama.cpp q4_k_m'] = dict(plain=sum(n for *_, n in plain) / sum(s for _, s, _ in plain), lookup=sum(n for *_, n in pl) / sum(s for _, s, _ in pl),
                                    same_text=sum(a[0] == b[0] for a, b in zip(plain, pl)))
    for k, v in look.items():
        print(f'{k:>18}: prompt lookup {v["lookup"]:6.1f} tok/s against plain {v["plain"]:6.1f} tok/s: x{v["lookup"] / v["plain"]:.2f} '
              f'(same greedy text for {v["same_text"]} of {len(prompts)} prompts)', flush=True)
    res['prompt_lookup'] = look
    # 3. prefix reuse: a second question on the same context evaluates only the new tokens
    p2 = [p.replace('What is this article about?', 'Which tools does the author name?') for p in prompts]
    def two(reset:bool)->float:
        t = 0.
        for a, b in zip(prompts, p2):
            m0.reset(); m0.create_completion(a, max_tokens=1, temperature=0)
            if reset: m0.reset()
            t += timed(lambda: m0.create_completion(b, max_tokens=1, temperature=0))[1]
        return t / len(prompts)
    cold, warm = two(True), two(False)
    print(f'{"prefix reuse":>18}: second question on the same context {warm*1e3:.0f} ms against {cold*1e3:.0f} ms from a reset cache: x{cold / warm:.1f}')
    res['prefix_reuse'] = dict(cold_ms=round(cold * 1e3, 1), warm_ms=round(warm * 1e3, 1))
    # 4. batched generation (the eval stage's path) against one prompt at a time, transformers
    qs = [hf._template([{'role': 'user', 'content': f'Write about {t}.'}]) for t in ('RAG', 'vector databases', 'fine-tuning', 'evaluation',
                                                                                    'quantization', 'LoRA', 'tokenizers', 'embeddings')]
    from llmtwin.llm import Sampling
    sp = Sampling(max_tokens=48)
    hf.batch_size = 1; one, t1 = timed(lambda: hf._generate(qs, sp))
    hf.batch_size = 8; eight, t8 = timed(lambda: hf._generate(qs, sp))
    n1, n8 = (sum(len(hf.tok(x, add_special_tokens=False)['input_ids']) for x in o) for o in (one, eight))
    print(f'{"batched (8)":>18}: {n8 / t8:.1f} tok/s against one at a time {n1 / t1:.1f} tok/s: x{(n8 / t8) / (n1 / t1):.2f}')
    res['batched'] = dict(one_tok_s=round(n1 / t1, 1), batch8_tok_s=round(n8 / t8, 1))
    res['sizes_mb'] = {k: round(f.stat().st_size / 2**20, 1) for k, f in files.items()}
    print(json.dumps(dict(tokens=tokens, prompts=len(prompts), decode_tok_s=dec, prompt_tok_s=pre, **{k: res[k] for k in ('prompt_lookup', 'prefix_reuse', 'batched', 'sizes_mb')},
                          peak_rss_mb=peak_rss_mb())))
    print(f'gguf_speedup={dec["llama.cpp q4_k_m"] / dec["transformers fp32"]:.2f}')

if __name__ == '__main__': main(*(int(a) for a in sys.argv[1:]))

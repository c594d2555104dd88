"""Decode throughput of the three LLM backends on the embedded SmolLM2-135M, in one process, same prompts, greedy.

Run from the project venv:  .venv/bin/python bench/llm.py [--tokens 128] [--prompts 4]
Prints tokens/s per backend (transformers on the HF folder, llama.cpp on the Q4_1 GGUF, and the OpenAI-compatible
HTTP backend against llama-cpp-python's server on 127.0.0.1), and ends with `ratio=<llamacpp / transformers>`.
"""
import argparse, json, time
from llmtwin.core import peak_rss_mb
from llmtwin.registry import Registry
from llmtwin.llm import TransformersLLM, LlamaCppLLM, OpenAILLM, Sampling, llama_server

PROMPTS = ['Write a short paragraph about retrieval-augmented generation.', 'Explain what a vector database is.',
           'Describe how to fine-tune a small language model.', 'What makes a good technical blog post?']

def measure(llm, tok, prompts, sp):
    "Tokens/s of `llm.chat` over `prompts` (tokens counted with the HF tokenizer)"
    llm.chat(prompts[0], max_tokens=8)  # warm up
    n, t0 = 0, time.perf_counter()
    for p in prompts: n += len(tok(llm.chat(p, **sp), add_special_tokens=False)['input_ids'])
    s = time.perf_counter() - t0
    return dict(tokens=n, seconds=round(s, 2), tokens_per_s=round(n / s, 1))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--tokens', type=int, default=128); ap.add_argument('--prompts', type=int, default=4)
    a = ap.parse_args()
    reg, prompts, sp = Registry(), PROMPTS[:a.prompts], dict(max_tokens=a.tokens)
    hf = TransformersLLM(reg.resolve('smollm2-135m-instruct'), Sampling())
    gguf = reg.resolve('smollm2-135m-instruct-gguf')
    res = {'transformers': measure(hf, hf.tok, prompts, sp), 'llamacpp': measure(LlamaCppLLM(gguf), hf.tok, prompts, sp)}
    with llama_server(gguf) as url: res['openai_http'] = measure(OpenAILLM(url, 'local'), hf.tok, prompts, sp)
    for k, v in res.items(): print(f'{k:>13}: {v["tokens_per_s"]:7.1f} tok/s  ({v["tokens"]} tokens in {v["seconds"]} s)')
    print(json.dumps(dict(results=res, peak_rss_mb=peak_rss_mb())))
    print(f'ratio={res["llamacpp"]["tokens_per_s"] / res["transformers"]["tokens_per_s"]:.2f}')

if __name__ == '__main__': main()

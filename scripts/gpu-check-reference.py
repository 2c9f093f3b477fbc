#!/usr/bin/env python3
"""PyTorch reference timings for scripts/gpu-check.sh (Lineage's own code; plain torch, no transformers).

The same work as `lineage-bench gpu-check`, written directly in PyTorch on the same card in the same run:
  * gradient embeddings of a Qwen2.5-0.5B-shaped decoder (random weights): one example per backward, mean
    cross-entropy over the completion tokens, every parameter's gradient flattened and projected by a seeded
    +-1 matrix generated in blocks of 4096 rows (the projection Lineage uses), then unit-normalised;
  * cosine k-means: first K rows as centroids, fixed iterations of chunked GEMM assignment then normalised sums;
  * G-Vendi: exp(entropy) of the eigenvalues of X^T X / n.
Data is drawn with torch's generator on the device from the same seeds as the .NET side.
"""
import argparse, json, math, time
import torch
import torch.nn.functional as F


def shape(name):
    if name == "qwen2.5-0.5b":
        return dict(vocab=151936, hidden=896, inter=4864, layers=24, heads=14, kv=2, head_dim=64, theta=1e6)
    return dict(vocab=1024, hidden=64, inter=176, layers=2, heads=4, kv=2, head_dim=16, theta=1e6)


class Decoder(torch.nn.Module):
    """Qwen2's layout: RMSNorm, GQA attention with q/k/v biases and RoPE, SwiGLU, tied embeddings."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        h, d = c["hidden"], c["head_dim"]
        self.embed = torch.nn.Embedding(c["vocab"], h)
        self.layers = torch.nn.ModuleList()
        for _ in range(c["layers"]):
            layer = torch.nn.Module()
            layer.n1 = torch.nn.Parameter(torch.ones(h))
            layer.q = torch.nn.Linear(h, c["heads"] * d)
            layer.k = torch.nn.Linear(h, c["kv"] * d)
            layer.v = torch.nn.Linear(h, c["kv"] * d)
            layer.o = torch.nn.Linear(c["heads"] * d, h, bias=False)
            layer.n2 = torch.nn.Parameter(torch.ones(h))
            layer.gate = torch.nn.Linear(h, c["inter"], bias=False)
            layer.up = torch.nn.Linear(h, c["inter"], bias=False)
            layer.down = torch.nn.Linear(c["inter"], h, bias=False)
            self.layers.append(layer)
        self.norm = torch.nn.Parameter(torch.ones(h))

    @staticmethod
    def rms(x, w, eps=1e-6):
        x32 = x.float()
        return (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)).to(x.dtype) * w

    def rope(self, t, device, dtype):
        d = self.c["head_dim"]
        inv = 1.0 / (self.c["theta"] ** (torch.arange(0, d, 2, device=device, dtype=torch.float32) / d))
        f = torch.outer(torch.arange(t, device=device, dtype=torch.float32), inv)
        e = torch.cat([f, f], -1)
        return e.cos().to(dtype), e.sin().to(dtype)

    @staticmethod
    def rotate(x, cos, sin):
        a, b = x.chunk(2, -1)
        return x * cos + torch.cat([-b, a], -1) * sin

    def forward(self, ids):
        c = self.c
        b, t = ids.shape
        x = self.embed(ids)
        cos, sin = self.rope(t, ids.device, x.dtype)
        for L in self.layers:
            y = self.rms(x, L.n1)
            q = L.q(y).view(b, t, c["heads"], -1).transpose(1, 2)
            k = L.k(y).view(b, t, c["kv"], -1).transpose(1, 2)
            v = L.v(y).view(b, t, c["kv"], -1).transpose(1, 2)
            q, k = self.rotate(q, cos, sin), self.rotate(k, cos, sin)
            rep = c["heads"] // c["kv"]
            k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + L.o(a.transpose(1, 2).reshape(b, t, -1))
            y = self.rms(x, L.n2)
            x = x + L.down(F.silu(L.gate(y)) * L.up(y))
        return self.rms(x, self.norm) @ self.embed.weight.t()


def project(flat, dim, seed, rows=4096):
    """flat [D] float32 times a +-1 [D, dim] matrix generated block by block from (seed, block)."""
    out = torch.zeros(dim, device=flat.device, dtype=torch.float32)
    for block, start in enumerate(range(0, flat.numel(), rows)):
        part = flat[start:start + rows]
        g = torch.Generator(device=flat.device).manual_seed(seed * 1_000_003 + block)
        signs = torch.randint(0, 2, (part.numel(), dim), generator=g, device=flat.device, dtype=torch.int8)
        out += (part @ (signs.float() * 2 - 1))
    return out / math.sqrt(dim)


def embeddings(a, device):
    c = shape(a.shape)
    torch.manual_seed(a.seed)
    dtype = torch.bfloat16 if a.dtype == "bfloat16" else torch.float32
    model = Decoder(c).to(device=device, dtype=dtype)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.fill_(1.0) if p.dim() == 1 and ("n1" in name or "n2" in name or name == "norm") else p.normal_(0, 0.02)
    params = [p for p in model.parameters()]
    count = sum(p.numel() for p in params)
    g = torch.Generator(device="cpu").manual_seed(a.seed + 17)
    prompt = a.tokens // 4

    def one(ids):
        model.zero_grad(set_to_none=True)
        logits = model(ids[None])[0, :-1].float()
        loss = F.cross_entropy(logits[prompt - 1:], ids[prompt:])
        loss.backward()
        flat = torch.cat([p.grad.reshape(-1).float() for p in params])
        e = project(flat, a.dimension, a.seed)
        return e / e.norm().clamp_min(1e-30)

    data = [torch.randint(0, c["vocab"], (a.tokens,), generator=g).to(device) for _ in range(a.exact_examples)]
    one(data[0])
    sync(device)
    start = time.perf_counter()
    for ids in data:
        one(ids)
    sync(device)
    seconds = time.perf_counter() - start
    return {"shape": a.shape, "parameters": count, "dtype": a.dtype, "tokens": a.tokens,
            "exact": {"examples": len(data), "seconds": seconds, "examplesPerSecond": len(data) / seconds}}


def unit_rows(n, d, seed, device):
    g = torch.Generator(device=device).manual_seed(seed)
    return F.normalize(torch.randn(n, d, generator=g, device=device, dtype=torch.float32), dim=1)


def kmeans(a, device):
    x = unit_rows(a.kmeans_rows, a.kmeans_dimension, a.seed + 1, device)
    k = a.kmeans_k

    def fit(x, k, iterations):
        cent = x[:k].clone()
        for _ in range(iterations):
            labels = torch.empty(x.shape[0], dtype=torch.long, device=device)
            best = torch.empty(x.shape[0], dtype=torch.float32, device=device)
            for s in range(0, x.shape[0], a.kmeans_chunk):
                sim = x[s:s + a.kmeans_chunk] @ cent.t()
                best[s:s + a.kmeans_chunk], labels[s:s + a.kmeans_chunk] = sim.max(1)
            sums = torch.zeros(k, x.shape[1], dtype=torch.float64, device=device).index_add_(0, labels, x.double())
            cent = F.normalize(sums, dim=1).float()
        return labels, best

    fit(x[:4096], min(k, 16), 1)
    sync(device)
    start = time.perf_counter()
    labels, best = fit(x, k, a.kmeans_iterations)
    sync(device)
    seconds = time.perf_counter() - start
    sizes = torch.bincount(labels, minlength=k)
    return {"rows": a.kmeans_rows, "dimension": a.kmeans_dimension, "k": k, "iterations": a.kmeans_iterations,
            "seconds": seconds, "objective": float((1 - best.double()).clamp_min(0).sum()),
            "nonEmptyClusters": int((sizes > 0).sum()), "largestCluster": int(sizes.max())}


def gvendi(a, device):
    x = unit_rows(a.gvendi_rows, a.gvendi_dimension, a.seed + 2, device)
    sync(device)
    start = time.perf_counter()
    m = torch.zeros(x.shape[1], x.shape[1], dtype=torch.float64, device=device)
    for s in range(0, x.shape[0], 65536):
        part = x[s:s + 65536].double()
        m += part.t() @ part
    ev = torch.linalg.eigvalsh(m / x.shape[0]).clamp_min(0)
    ev = ev[ev > 1e-12]
    value = float(torch.exp(-(ev * ev.log()).sum()))
    sync(device)
    return {"rows": a.gvendi_rows, "dimension": a.gvendi_dimension, "seconds": time.perf_counter() - start, "value": value}


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cuda")
    p.add_argument("--shape", default="qwen2.5-0.5b")
    p.add_argument("--dtype", default="bfloat16")
    p.add_argument("--seed", type=int, default=0)
    for name, value in [("tokens", 512), ("exact-examples", 8), ("dimension", 1024), ("kmeans-rows", 1_000_000),
                        ("kmeans-dimension", 1024), ("kmeans-k", 100_000), ("kmeans-iterations", 20), ("kmeans-chunk", 8192),
                        ("gvendi-rows", 1_000_000), ("gvendi-dimension", 1024)]:
        p.add_argument("--" + name, type=int, default=value)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    device = torch.device(a.device)
    result = {"torch": torch.__version__, "device": str(device),
              "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None}
    result["embeddings"] = embeddings(a, device)
    result["kmeans"] = kmeans(a, device)
    result["gvendi"] = gvendi(a, device)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()

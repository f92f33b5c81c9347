"""PyTorch's side of `deno task bench-torch`: the same work as our benchmarks,
timed with PyTorch 1.13 on the CPU with one thread, one JSON line each:
{"bench": name, "seconds": s}. Run by tools/bench_torch.ts with Debian's
/usr/bin/python3 (python3-torch); our tests and notebooks never need it.

- seed_lab04_rnn1 / seed_lab04_rnn2: the seed's lab 4 code (its RNNLayer and
  RNN solved the plain way: a Python loop over steps, one bias, stacked
  layers; RecurrentRegressionModel with nn.Linear; MSE on all steps; Adam lr
  1e-4; 5000 batches of 32 sequences of 10 steps, hidden 32), float32;
- torch_lab04_lstm1: the same training with the fused nn.LSTM(1, 32), and
  seed_lab04_lstm1_loop: a hand-written LSTM cell in a Python loop;
- torch_scale_*: nn.LSTM / nn.GRU (one layer, input 8, batch 32) with a
  Linear(H→1) head on every step, MSE against fixed random targets, Adam lr
  1e-3, 200 batches made before timing, float32.

Arguments: names to run (default: all); --batches N scales the lab 4 runs.
"""
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)


class RNNLayer(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        k = 1 / hidden_size ** 0.5
        self.w_ih = nn.Parameter(torch.empty(hidden_size, input_size).uniform_(-k, k))
        self.w_hh = nn.Parameter(torch.empty(hidden_size, hidden_size).uniform_(-k, k))
        self.b = nn.Parameter(torch.empty(hidden_size).uniform_(-k, k))

    def forward(self, x):
        h = torch.zeros(x.shape[0], self.hidden_size)
        hs = []
        for t in range(x.shape[1]):
            h = torch.tanh(x[:, t] @ self.w_ih.T + h @ self.w_hh.T + self.b)
            hs.append(h)
        return torch.stack(hs, 1), h


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers):
        super().__init__()
        self.hidden_size = hidden_size
        self.layers = nn.ModuleList(
            [RNNLayer(input_size if l == 0 else hidden_size, hidden_size) for l in range(num_layers)])

    def forward(self, x):
        last = []
        for layer in self.layers:
            x, h = layer(x)
            last.append(h)
        return x, torch.stack(last, 0)


class LSTMLoop(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.ih = nn.Linear(input_size, 4 * hidden_size)
        self.hh = nn.Linear(hidden_size, 4 * hidden_size)

    def forward(self, x):
        h = torch.zeros(x.shape[0], self.hidden_size)
        c = torch.zeros_like(h)
        hs = []
        for t in range(x.shape[1]):
            i, f, g, o = (self.ih(x[:, t]) + self.hh(h)).chunk(4, 1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            hs.append(h)
        return torch.stack(hs, 1), h


class Model(nn.Module):
    def __init__(self, net, hidden):
        super().__init__()
        self.net = net
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out = self.net(x)[0]
        return self.head(out)


def generate_batch(seq_len=10, batch_size=32):
    data = torch.randn(batch_size, seq_len, 1)
    target = torch.cumsum(data, 1) / (torch.arange(seq_len) + 1).unsqueeze(0).unsqueeze(2)
    return data, target


def lab04(net, batches):
    torch.manual_seed(0)
    model = Model(net, 32)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    start = time.perf_counter()
    for _ in range(batches):
        x, y = generate_batch()
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter() - start


def scale(kind, hidden, steps):
    torch.manual_seed(0)
    net = (nn.LSTM if kind == "lstm" else nn.GRU)(8, hidden, 1, batch_first=True)
    model = Model(net, hidden)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    data = [(torch.randn(32, steps, 8), torch.randn(32, steps, 1)) for _ in range(200)]
    start = time.perf_counter()
    for x, y in data:
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter() - start


def main():
    args = [a for a in sys.argv[1:]]
    batches = 5000
    if "--batches" in args:
        i = args.index("--batches")
        batches = int(args[i + 1])
        del args[i:i + 2]
    jobs = {
        "seed_lab04_rnn1": lambda: lab04(RNN(1, 32, 1), batches),
        "seed_lab04_rnn2": lambda: lab04(RNN(1, 32, 2), batches),
        "torch_lab04_lstm1": lambda: lab04(nn.LSTM(1, 32, 1, batch_first=True), batches),
        "seed_lab04_lstm1_loop": lambda: lab04(LSTMLoop(1, 32), batches),
        "torch_scale_lstm_h32_t10": lambda: scale("lstm", 32, 10),
        "torch_scale_lstm_h128_t10": lambda: scale("lstm", 128, 10),
        "torch_scale_lstm_h256_t10": lambda: scale("lstm", 256, 10),
        "torch_scale_lstm_h32_t200": lambda: scale("lstm", 32, 200),
        "torch_scale_gru_h128_t10": lambda: scale("gru", 128, 10),
    }
    for name in args or jobs:
        print(json.dumps({"bench": name, "seconds": round(jobs[name](), 4)}), flush=True)


main()

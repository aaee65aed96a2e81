"""The spelling backend: hunspell dictionaries through pyenchant (the only module that
imports enchant).

Provider order is set, not left to enchant: hunspell first, for every language. The set-up
installs hunspell dictionaries (hunspell-en-us, hunspell-en-gb); on Debian enchant would ask
aspell first, and with aspell-en present the same edition would check differently on two
desks. Hunspell's suggestions are slow (about 40 ms a word against aspell's 1.5 ms), so they
are computed only on demand, off the GUI thread, on a dictionary object of their own, and
never include an offensive word (proof/offensive.py).
"""

from __future__ import annotations

import threading

import enchant

from epaperdesk.proof.offensive import without_offensive

PROVIDER_ORDER = "hunspell,aspell,myspell,nuspell"


class SpellingError(Exception):
    """No dictionary for a language (the message names it and what to install)."""


class Speller:
    """Checks words of one language (memoised); suggestions on a separate dictionary."""

    def __init__(self, language: str) -> None:
        broker = enchant.Broker()
        broker.set_ordering("*", PROVIDER_ORDER)
        try:
            self._dict = broker.request_dict(language)
        except enchant.errors.DictNotFoundError:
            package = {"en_US": "hunspell-en-us", "en_GB": "hunspell-en-gb"}.get(language, "a hunspell dictionary")
            raise SpellingError(f"no spelling dictionary for {language} (install {package})") from None
        self._broker = broker
        self.language = language
        self.provider = self._dict.provider.name
        self._known: dict[str, bool] = {}
        self._suggest_dict: enchant.Dict | None = None  # opened on the first suggestion
        self._lock = threading.Lock()

    def check(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            try:
                found = bool(self._dict.check(word))
            except (ValueError, enchant.errors.Error):
                found = True  # a word hunspell cannot take (too long, odd characters) is not flagged
            if len(self._known) > 200_000:
                self._known.clear()
            self._known[word] = found
        return found

    def suggest(self, word: str, limit: int = 8) -> list[str]:
        """Suggestions, offensive words left out (slow with hunspell: call from a worker
        thread)."""
        with self._lock:
            dictionary = self._suggest_dict
            if dictionary is None:
                dictionary = self._suggest_dict = self._broker.request_dict(self.language)
            try:
                return without_offensive(dictionary.suggest(word))[:limit]
            except (ValueError, enchant.errors.Error):
                return []


_spellers: dict[str, Speller] = {}
_guard = threading.Lock()


def speller(language: str) -> Speller:
    """The shared speller of a language (dictionaries load once per process)."""
    with _guard:
        found = _spellers.get(language)
        if found is None:
            found = _spellers[language] = Speller(language)
        return found


def raw_dictionary(language: str):
    """An enchant dictionary for the benchmark's baseline."""
    broker = enchant.Broker()
    broker.set_ordering("*", PROVIDER_ORDER)
    return broker, broker.request_dict(language)

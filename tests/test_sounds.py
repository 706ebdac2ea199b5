"""Sounds: the committed WAVs are what the generator writes; mute silences; no audio device
never fails the kiosk."""

from __future__ import annotations

import wave

from kiosk.sounds import SOUNDS_DIR, TONES, SoundPlayer, generate_wavs


def test_committed_wavs_are_reproducible_from_the_generator(tmp_path):
    for path in generate_wavs(tmp_path):
        assert path.read_bytes() == (SOUNDS_DIR / path.name).read_bytes(), path.name
        with wave.open(str(path)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
            assert 0.03 < wav.getnframes() / wav.getframerate() < 1.0


def test_muted_player_plays_nothing(qtbot):
    player = SoundPlayer(muted=True)
    player.play("success")
    assert player.played == []


def test_player_plays_known_sounds_and_ignores_unknown_ones(qtbot):
    player = SoundPlayer(muted=False)
    for name in TONES:
        player.play(name)
    player.play("fanfare")
    assert player.played == list(TONES)


def test_missing_sound_file_is_logged_not_raised(qtbot, tmp_path, caplog):
    player = SoundPlayer(muted=False, directory=tmp_path)
    player.play("failure")
    assert "missing" in caplog.text

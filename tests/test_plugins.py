"""Built-in parts and installed plugins are found by one lookup."""

from __future__ import annotations

from tocsin import plugins


def test_plugins_builtin_found_and_unknown_is_none():
    builtins = {"mine": len}
    assert plugins.factory("tocsin.no-such-group", "mine", builtins) is len
    assert plugins.factory("tocsin.no-such-group", "other", builtins) is None


def test_plugins_installed_entry_point_is_listed_and_loaded():
    # The package registers its own gazetteer geocoder as an entry point, as a third party would.
    assert "gazetteer" in plugins.names("tocsin.geocoders", {})
    loaded = plugins.factory("tocsin.geocoders", "gazetteer", {})
    assert callable(loaded)

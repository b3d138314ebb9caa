"""Choosing a runner by name, and what the user is told when it cannot be had."""

from __future__ import annotations

import sys

import pytest

from tocsin.errors import ConfigError, MissingExtraError
from tocsin.runners import LocalRunner, Runner, available_runners, get_runner

from .conftest import runner_settings


def test_registry_lists_builtin_engines():
    assert {"local", "ray"} <= set(available_runners())


def test_registry_local_is_the_default():
    runner = get_runner(runner_settings())
    assert isinstance(runner, LocalRunner) and isinstance(runner, Runner)


def test_registry_unknown_engine_names_the_known_ones():
    with pytest.raises(ConfigError, match=r"unknown engine 'spark'.*local.*ray"):
        get_runner(runner_settings(), engine="spark")


def test_registry_ray_without_its_extra_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what an environment without Ray looks like to `import ray`
    monkeypatch.delitem(sys.modules, "tocsin.runners.ray", raising=False)
    with pytest.raises(MissingExtraError, match=r"pip install 'tocsin\[ray\]'"):
        get_runner(runner_settings(), engine="ray")

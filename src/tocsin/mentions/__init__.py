"""Mentions: times, quantities, places and actors found in an article's text."""

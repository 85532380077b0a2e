"""Connectors for Instagram, YouTube, X, WordPress and Mastodon: each ingests what is
written on the platform as ItemEvents and carries out the moderation actions it supports."""

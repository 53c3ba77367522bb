"""Prompt files, one per role (see README.md); shipped as package data."""

"""Fakes and servers shared by several test packages."""

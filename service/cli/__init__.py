"""The `factsheet` command line."""

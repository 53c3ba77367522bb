"""Slack interface: the /factsheet command and message shortcut (routes in api/routes/slack.py)."""

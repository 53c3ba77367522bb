"""Slack interface: the /factsheet command and message shortcut, served at POST /slack/events."""

from service.slack.router import slack_router

__all__ = ["slack_router"]

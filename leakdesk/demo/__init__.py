"""Demo data: a believable small business with 12 weeks of leads, and a live feed."""

from leakdesk.demo.feed import DemoFeed
from leakdesk.demo.history import create_demo

__all__ = ["DemoFeed", "create_demo"]

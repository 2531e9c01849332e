"""Fakes shared by the test suites: only for what tests cannot use for real (the wall clock)."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    """The daily scheduler's clock in tests: time moves only when a test moves it."""

    def __init__(self, start: datetime) -> None:
        self.t = start

    def now(self) -> datetime:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)

"""Quote of the day: per-channel schedules, exactly one post per local day, no repeats in a cycle."""

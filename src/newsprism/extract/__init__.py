"""Per-article annotators: entities, quotes, time expressions, numbers."""

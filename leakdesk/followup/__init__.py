"""Follow-up that does not depend on memory: templates, reply drafts (and cadences)."""

"""The Veranstaltungen page's parts: the event list, and one module per tab of an event."""

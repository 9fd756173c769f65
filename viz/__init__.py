"""Responsibility networks, trace and plan graphs: analytics, exports and offline HTML pages."""

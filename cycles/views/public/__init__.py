"""Read-only pages for residents, one module per concept. Every view starts from a `.public()` QuerySet."""

"""Read-only pages for residents, one module per concept: report (/lagesbild/ and an adopted lägesbild),
place (places and areas), statistics (the charts those pages show) and unsafe_place (/rapportera/, a
resident's report of an unsafe place). Everything starts from a
QuerySet's public(); internal material never reaches these pages."""

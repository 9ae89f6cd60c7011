"""Read-only pages for residents, one module per concept: report (/lagesbild/ and an adopted lägesbild),
place (places and areas) and statistics (the charts those pages show). Everything starts from a
QuerySet's public(); internal material never reaches these pages."""

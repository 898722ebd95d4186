"""The newsroom's and the public's HTML pages: views, the claims filter form, chart data."""

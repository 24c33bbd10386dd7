"""Dates and times where Django writes them itself (the admin's lists and
history, a value printed as it is), as the service writes them everywhere
else (leicester_sl.documents.formatting, GOV.UK style): "6 December 2026",
"9:42pm", "6 December 2026 at 9:42pm". "a" is "am"/"pm" through the
service's own translation of Django's "a.m."/"p.m." (locale/en_GB). The
service's own pages use formatting.time_of_day, which also says "midday" and
"midnight".
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
TIME_FORMAT = "fa"
DATETIME_FORMAT = r"j F Y \a\t fa"
SHORT_DATETIME_FORMAT = r"j F Y \a\t fa"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"

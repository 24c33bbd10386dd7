"""Documents the portal writes: tagged PDF (``pdf``), CSV and Excel with
formulae defused (``spreadsheets``), and the wording of dates and figures
shared by pages, PDFs and emails (``formatting``)."""

"""Reading a PDF into plain geometry, the bottom layer of the table reader; it knows nothing of
policing. `checks` refuses what cannot be read; `documents.read_document` reads every page once
into words (`chars` → `words`) and ruling lines (`rulings`), through pdfium (`pdfium_calls`).
Everything above works on those frames."""

"""The project's date formats per language (settings.FORMAT_MODULE_PATH): one format a
language, on pages, in the admin and in its date boxes. A language without a module here
uses Django's own formats for it."""

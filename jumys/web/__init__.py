"""The dashboard: server-rendered pages over the read models, in Russian, Kazakh and English."""

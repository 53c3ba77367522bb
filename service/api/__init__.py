"""The REST service: a thin FastAPI layer over `service.produce`."""

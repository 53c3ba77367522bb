"""The REST service: a thin FastAPI layer over `service.pipeline.produce`."""

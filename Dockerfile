# Factsheet REST service: `docker build -t factsheet . && docker run -p 8000:8000 factsheet`
# Settings come from the environment (FACTSHEET_*; see service/config.py). Set
# FACTSHEET_API_KEYS: the image binds 0.0.0.0 and warns loudly when no key is set.

# Build stage: install the package (no dev extras) into a virtualenv; only the venv is kept.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /src
# Dependencies first, from the lock (every indirect dependency pinned, with hashes): this
# layer is rebuilt only when requirements.lock changes, not on every source edit.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --require-hashes -r requirements.lock
# Then the sources; --no-deps: everything it needs is already installed from the lock.
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY prompts ./prompts
COPY service ./service
RUN /opt/venv/bin/pip install --no-deps .

# Runtime stage: no compilers, no sources, no pip cache; a non-root user owns only its data.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    FACTSHEET_DATA_DIR=/var/lib/factsheet
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin factsheet \
    && install -d -o factsheet -g factsheet /var/lib/factsheet
COPY --from=build /opt/venv /opt/venv
USER factsheet
WORKDIR /var/lib/factsheet
# The job store and the cache (SQLite) live here: mount a volume to keep them across
# containers (`docker run -v factsheet-data:/var/lib/factsheet ...`).
VOLUME ["/var/lib/factsheet"]
EXPOSE 8000
# The slim image has no curl; the standard library fetches /healthz (non-2xx raises, exit 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Exec form: the server is PID 1 and receives SIGTERM for a graceful shutdown.
CMD ["factsheet", "serve", "--host", "0.0.0.0", "--port", "8000"]

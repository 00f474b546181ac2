# syntax=docker/dockerfile:1
# Twoway's image: `twoway <command>`, serving by default. docs/deploy.md explains it;
# compose.yaml runs the web server, the worker, the reminders and the migrations
# from this one image.
ARG PYTHON_VERSION=3.11

# ---- builder: a virtual environment with Twoway and its dependencies ----------
FROM python:${PYTHON_VERSION}-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /app
# The dependencies first, in a layer of their own: it is rebuilt only when
# pyproject.toml changes, not at every change of the code.
COPY pyproject.toml README.md ./
RUN mkdir twoway && touch twoway/__init__.py \
    && pip install . \
    && pip uninstall --yes twoway \
    && rm -rf twoway build twoway.egg-info
COPY twoway ./twoway
# Twoway runs from /app: the settings keep var/ (local files) beside the package.
# An editable install puts `twoway` on the PATH and leaves the code where it is.
RUN pip install --no-deps --editable . \
    && python -m compileall -q /app/twoway

# ---- runtime: the environment and the code, no build tools, not root --------
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NUMBA_CACHE_DIR=/app/var/cache/numba \
    MPLCONFIGDIR=/app/var/cache/matplotlib
RUN groupadd --system --gid 10001 twoway \
    && useradd --system --uid 10001 --gid twoway --home-dir /app/var \
        --no-create-home --shell /usr/sbin/nologin twoway
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
# The only folder the application writes to (uploads waiting for review, caches).
RUN mkdir -p /app/var/static /app/var/media /app/var/cache \
    && chown -R twoway:twoway /app/var
WORKDIR /app
USER twoway:twoway
EXPOSE 8000
# Standard library only (slim images have no curl): GET /healthz on this container.
HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 \
    CMD ["python", "-m", "twoway.core.healthcheck", "http://127.0.0.1:8000"]
ENTRYPOINT ["twoway"]
CMD ["serve", "--bind", "0.0.0.0:8000"]

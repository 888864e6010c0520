# syntax=docker/dockerfile:1
# The `daiban` image: every service, as `daiban migrate|api|worker <service>` (deploy/k8s), and
# the web front (`daiban-web`).
#
#   docker build -t daiban:0.1.0 .
#
# Two stages: `build` installs exactly what uv.lock pins for production (no dev group) into a
# virtual environment at /opt/daiban, the workspace packages as ordinary wheels; `runtime` copies
# that environment onto a clean Python and runs as UID/GID 10001. Nothing is written at run time
# but /tmp (the pods mount an emptyDir there): the byte-code is compiled here, and the CJK font
# of the one-time notice comes with the locked font package.
#
# tests/deploy/test_image.py replays the build stage's COPY and `uv sync` steps into a temporary
# directory and compares what they install with uv.lock: change them together.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
RUN pip install --no-cache-dir --disable-pip-version-check uv==0.13.8
ENV UV_PROJECT_ENVIRONMENT=/opt/daiban \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
WORKDIR /src
# The third-party packages first: this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/
COPY services/intake/pyproject.toml services/intake/
COPY services/routing/pyproject.toml services/routing/
COPY services/sla/pyproject.toml services/sla/
COPY services/audit/pyproject.toml services/audit/
COPY services/notify/pyproject.toml services/notify/
COPY web/pyproject.toml web/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace
# Then Daiban's own packages, built as wheels (not editable: /src does not reach the runtime).
COPY libs libs
COPY services services
COPY web web
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable

FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 daiban \
    && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home \
       --shell /usr/sbin/nologin daiban
COPY --from=build /opt/daiban /opt/daiban
# `daiban demo load` reads data/demo from its working directory.
WORKDIR /app
COPY data/demo data/demo
ENV PATH=/opt/daiban/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp
USER 10001:10001
EXPOSE 8000 9100
ENTRYPOINT ["daiban"]
CMD ["--help"]

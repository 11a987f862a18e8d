# syntax=docker/dockerfile:1
# interview-server for Cloud Run. The build stage runs the same scripts CI
# runs (scripts/install-deps, scripts/build), so CI exercises every build step
# even where no Docker engine is available. The runtime stage gets only the
# binary and the packages in ops/runtime-packages.txt (ctest ops.runtime_libs
# checks that list against ldd and against the install line below).
# Secrets are never baked in: Cloud Run injects them (scripts/deploy).

FROM debian:12 AS build
WORKDIR /src
# Dependencies first, so this layer is reused until the package list changes.
COPY scripts/install-deps scripts/packages.txt scripts/
RUN scripts/install-deps --build-only && rm -rf /var/lib/apt/lists/*
# .dockerignore keeps build dirs, data, .git, env files and keys out of here.
COPY . .
RUN BUILD_DIR=/src/build-image scripts/build --target interview-server \
 && strip --strip-debug -o /interview-server /src/build-image/app/interview-server

FROM debian:12-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      curl \
      libbrotli1 \
      libbz2-1.0 \
      libc6 \
      libcaf-core0.17 \
      libcom-err2 \
      libcpp-httplib0.11 \
      libcurl4 \
      libdeflate0 \
      libexpat1 \
      libffi8 \
      libfmt9 \
      libfontconfig1 \
      libfreetype6 \
      libgcc-s1 \
      libgmp10 \
      libgnutls30 \
      libgssapi-krb5-2 \
      libhogweed6 \
      libidn2-0 \
      libjbig0 \
      libjpeg62-turbo \
      libk5crypto3 \
      libkeyutils1 \
      libkrb5-3 \
      libkrb5support0 \
      liblcms2-2 \
      libldap-2.5-0 \
      liblerc4 \
      liblzma5 \
      libnettle8 \
      libnghttp2-14 \
      libnspr4 \
      libnss3 \
      libopenjp2-7 \
      libp11-kit0 \
      libpng16-16 \
      libpoppler-cpp0v5 \
      libpoppler126 \
      libpsl5 \
      libpugixml1v5 \
      librtmp1 \
      libsasl2-2 \
      libspdlog1.10 \
      libsqlite3-0 \
      libssh2-1 \
      libssl3 \
      libstdc++6 \
      libtasn1-6 \
      libtiff6 \
      libunistring2 \
      libwebp7 \
      libzip4 \
      libzstd1 \
      zlib1g \
 && rm -rf /var/lib/apt/lists/*
# A fixed non-root uid; DATA_DIR is the only writable place it needs (the
# embedded store; Cloud Run's filesystem is in memory, production uses Firestore).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /var/lib/interview --shell /usr/sbin/nologin app \
 && mkdir -p /var/lib/interview \
 && chown app:app /var/lib/interview
COPY --from=build /interview-server /usr/local/bin/interview-server
# Cloud Run sets PORT (8080 by default); the server reads it.
ENV HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/var/lib/interview \
    LOG_FORMAT=json
USER 10001:10001
WORKDIR /var/lib/interview
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health/live" >/dev/null || exit 1
# Exec form: the server itself receives SIGTERM and drains within Cloud Run's 10 s.
ENTRYPOINT ["/usr/local/bin/interview-server"]

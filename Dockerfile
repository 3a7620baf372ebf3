# syntax=docker/dockerfile:1
# talksbot: build static binaries with the Go image — talksbot and
# talksbot-extract, the HTML extractor it runs next to itself for every page
# it ingests — and run them as a non-root user from a distroless image. See
# README.md, "Running in production".
#
#   docker build -t talksbot .
#   docker run -d --name talksbot -e DISCORD_TOKEN -v talksbot-data:/data talksbot

FROM golang:1.26 AS build
WORKDIR /src
# Dependencies first: this layer is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The same build .ci/run checks: static (no cgo, no ELF interpreter).
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/talksbot ./cmd/talksbot
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/talksbot-extract ./cmd/talksbot-extract
# The data volume's mount point, owned by the nonroot user (65532).
RUN mkdir -p /out/data && chown 65532:65532 /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/talksbot /talksbot
# Next to /talksbot, where it looks for its extractor first.
COPY --from=build /out/talksbot-extract /talksbot-extract
COPY --from=build --chown=65532:65532 /out/data /data
USER nonroot:nonroot
ENV TALKSBOT_DATA=/data \
    TALKSBOT_ADMIN_ADDR=:9090 \
    TALKSBOT_LOG_FORMAT=json
VOLUME /data
# 9090: /healthz, /readyz, /metrics. 8080: the HTTP interactions endpoint,
# when started with --http :8080 (the gateway mode listens on nothing else).
EXPOSE 9090 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/talksbot", "healthcheck"]
ENTRYPOINT ["/talksbot"]
CMD ["serve"]

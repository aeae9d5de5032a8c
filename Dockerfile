# syntax=docker/dockerfile:1
# Hypergrid: built with the Maven wrapper on a JDK, run on a JRE as a non-root user.
#
#   docker build -t hypergrid .
#   docker run -p 8080:8080 -v hypergrid-data:/app/data hypergrid                   # the service (H2 in the volume)
#   docker run --rm -v hypergrid-data:/app/data hypergrid fetch-data                # CLI: arguments go after the image
#   docker run --rm -v hypergrid-data:/app/data -v /my/copy:/import:ro hypergrid fetch-data --from /import
#
# Several instances against PostgreSQL, with Prometheus and Grafana: docker-compose.yml.
#
# Ubuntu (glibc) images, never Alpine: ND4J's and OpenBLAS's native libraries need glibc and libstdc++.

FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /build
# Wrapper and POM first: this layer (Maven itself and every dependency) is rebuilt only when they change,
# not on every source edit.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp -q dependency:go-offline
# Only the main sources: editing tests or benchmarks does not invalidate the build. Not offline (-o): go-offline
# misses a few plugin dependencies that are resolved at run time.
COPY src/main/ src/main/
# Then the jar is split into Spring Boot's layers (dependencies ~190 MB, the application itself ~250 KB), so that a
# code change makes a new image layer of kilobytes, not of the whole 200 MB jar. The result still runs with
# java -jar hypergrid.jar (its manifest's Class-Path points at lib/).
RUN ./mvnw -B -ntp -q package -Dmaven.test.skip=true \
 && java -Djarmode=tools -jar target/hypergrid.jar extract --layers --destination target/extracted

FROM eclipse-temurin:17-jre-noble
# A fixed uid/gid (not the image's uid 1000 'ubuntu' user), so volume ownership is predictable across rebuilds.
# The directories are created here, owned by that user, before VOLUME: a new named volume mounted on them copies
# that ownership, so the non-root process can write the data set, the H2 database and the native-library cache.
RUN groupadd --system --gid 10001 hypergrid \
 && useradd --system --uid 10001 --gid hypergrid --home-dir /app --no-create-home --shell /usr/sbin/nologin hypergrid \
 && mkdir -p /app/data/cifar-10-batches-bin /app/.javacpp \
 && chown -R hypergrid:hypergrid /app
WORKDIR /app
# Least-changing layer first. The files stay owned by root: the process can read them, not change them.
COPY --from=build /build/target/extracted/dependencies/ /app/
COPY --from=build /build/target/extracted/spring-boot-loader/ /app/
COPY --from=build /build/target/extracted/snapshot-dependencies/ /app/
COPY --from=build /build/target/extracted/application/ /app/

# - MaxRAMPercentage=45: the heap takes under half the container's memory limit, because ND4J keeps its arrays
#   off-heap (one trial on split 'all' is ~1.2 GiB resident) and the native BLAS code needs room too.
# - ExitOnOutOfMemoryError: a dead instance is restarted and its trials go back to the queue when their lease
#   expires; a half-alive one would hold them.
# - javacpp.cachedir: ND4J unpacks ~400 MB of native libraries on first use; this writable, user-owned path is
#   per container (not in the shared data volume), so two instances never unpack into the same folder.
# - One BLAS/OpenMP thread per trial: parallelism comes from hypergrid.workers (HYPERGRID_WORKERS).
# - HYPERGRID_DATA_DIR: read by the service (hypergrid.data.dir) and by the fetch-data and train commands alike.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=45 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/app/.javacpp" \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    HYPERGRID_DATA_DIR=/app/data/cifar-10-batches-bin

# The data set (data/cifar-10-batches-bin) and the default H2 file database (data/hypergrid.mv.db).
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 8080

# The JRE image has no curl or wget, and a JRE cannot run a Java source file: bash's /dev/tcp speaks plain HTTP.
# The status line is what counts: /actuator/health answers 200 when UP and 503 when DOWN. Generous start period:
# Flyway migrations and, on a new container, unpacking the native libraries come first.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]

# A shell only to expand JAVA_OPTS; exec hands PID 1 to the JVM, so SIGTERM reaches it and a graceful shutdown
# returns unfinished trials to the queue. Arguments after the image name go to the jar (fetch-data, train, --x=y).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/hypergrid.jar \"$@\"", "hypergrid"]

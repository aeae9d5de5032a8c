# syntax=docker/dockerfile:1
# Build with the Maven wrapper, run on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app hypergrid && mkdir -p /app/data && chown -R hypergrid /app
WORKDIR /app
COPY --from=build /src/target/hypergrid.jar /app/hypergrid.jar
USER hypergrid
# the data set (and the H2 file database) live in a volume; ND4J unpacks its native libraries into a writable cache
VOLUME ["/app/data"]
ENV HYPERGRID_DATA_DIR=/app/data/cifar-10-batches-bin \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/app/data/.javacpp" \
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
ENTRYPOINT ["java", "-jar", "/app/hypergrid.jar"]

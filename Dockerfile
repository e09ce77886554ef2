# Tandem member image. Build: docker build -t tandem .
# The same image runs the built-in shop farm (see deploy/compose.yaml).

# --- build stage: Maven with JDK 17 ------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first, so the dependency download is cached until a POM changes.
COPY pom.xml ./
COPY config/pom.xml config/
COPY session-mgmt/pom.xml session-mgmt/
COPY waf-rules/pom.xml waf-rules/
COPY ha/pom.xml ha/
COPY proxy/pom.xml proxy/
COPY integration-tests/pom.xml integration-tests/
COPY benchmarks/pom.xml benchmarks/
COPY . .
RUN mvn -B -q -DskipTests package

# --- runtime stage: JRE 17, non-root ------------------------------------------------------------
FROM eclipse-temurin:17-jre
# curl only for the HEALTHCHECK; a JVM per probe would cost more than the check itself.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/tandem --shell /usr/sbin/nologin tandem
WORKDIR /opt/tandem
COPY --from=build /src/proxy/target/tandem.jar /opt/tandem/tandem.jar
COPY --from=build /src/integration-tests/target/tandem-demo.jar /opt/tandem/tandem-demo.jar
USER tandem
# 8080 service listener, 9090 admin API, 5701 HA (Hazelcast membership only)
EXPOSE 8080 9090 5701
HEALTHCHECK --interval=5s --timeout=2s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9090/api/v1/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/tandem/tandem.jar"]
CMD ["run", "-c", "/etc/tandem/tandem.yaml"]

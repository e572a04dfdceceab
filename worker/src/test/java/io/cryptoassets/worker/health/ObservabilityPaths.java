package io.cryptoassets.worker.health;

/** The management endpoints the deployment files point at. */
final class ObservabilityPaths {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String PROMETHEUS = "/actuator/prometheus";
    static final String INFO = "/actuator/info";

    private ObservabilityPaths() {
    }
}

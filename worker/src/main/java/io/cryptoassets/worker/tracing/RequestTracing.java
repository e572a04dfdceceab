package io.cryptoassets.worker.tracing;

import io.cryptoassets.contracts.ContractHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.stereotype.Component;

/**
 * Continues the W3C trace context of request records ({@code traceparent} header) to the events
 * they cause: the outbox stores it with each row, and the relay sends it on again, so one trace
 * runs from the client through the worker to whoever consumes the result.
 *
 * <p>Tracing is on when spans have somewhere to go: an OTLP endpoint is configured
 * ({@value #ENDPOINT}, e.g. {@code http://collector:4318/v1/traces}; Spring Boot then exports
 * the sampled spans, {@code management.tracing.sampling.probability} of new traces). Each request
 * then gets a span of its own, a child of the record's context or the root of a new trace, lasting
 * from its read to the end of its poll, and its events carry that span's context. Off (the
 * default) no span is made: a valid {@code traceparent} is passed on as it came, so the trace id
 * still reaches the events, and a record without one gives them none.
 */
@Component
public class RequestTracing {

    /** The property whose presence turns spans on. */
    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    private final Tracer tracer;
    private final Propagator propagator;

    RequestTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator, Environment environment) {
        boolean exported = StringUtils.hasText(environment.getProperty(ENDPOINT));
        this.tracer = exported ? tracer.getIfAvailable(() -> Tracer.NOOP) : Tracer.NOOP;
        this.propagator = exported ? propagator.getIfAvailable(() -> Propagator.NOOP) : Propagator.NOOP;
    }

    /** The traces of one poll's records; closing it ends their spans. */
    public Poll poll() {
        return new Poll();
    }

    /** Traces of the records of one poll. */
    public final class Poll implements AutoCloseable {

        private final List<Span> spans = new ArrayList<>();

        private Poll() {
        }

        /** The {@code traceparent} the events caused by {@code record} carry; null for none. */
        public String continueFrom(ConsumerRecord<?, ?> record) {
            if (tracer == Tracer.NOOP) {
                return Traceparent.validOrNull(lastValue(record.headers(), ContractHeaders.TRACEPARENT));
            }
            Span span = propagator.extract(record.headers(), RequestTracing::lastValue)
                    .name("cryptoassets request")
                    .kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka")
                    .tag("messaging.destination.name", record.topic())
                    .tag("messaging.kafka.partition", record.partition())
                    .tag("messaging.kafka.offset", record.offset())
                    .start();
            spans.add(span);
            Map<String, String> context = new HashMap<>();
            propagator.inject(span.context(), context, Map::put);
            return Traceparent.validOrNull(context.get(ContractHeaders.TRACEPARENT));
        }

        @Override
        public void close() {
            spans.forEach(Span::end);
        }
    }

    private static String lastValue(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}

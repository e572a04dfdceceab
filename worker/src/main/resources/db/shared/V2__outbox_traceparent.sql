-- The W3C trace context (traceparent) of the request that caused an outbox row, sent on as the
-- record's traceparent header, so one trace spans the client, the worker and the consumer.
-- NULL when the request came without one. Debezium users can route it to a header with
-- table.fields.additional.placement=traceparent:header:traceparent.
ALTER TABLE ${shared_schema}.outbox
    ADD COLUMN traceparent text;
